import { EnrichmentEngine, LevelSet, createEventBus, createManualClock, createMovieRecord, defaultFacets, defaultLevels } from '@cinelayer/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  HttpDataProvider,
  HybridProvider,
  ImdbProvider,
  JsonReplayProvider,
  TmdbProvider,
  WikipediaProvider,
  createImdbEnricher,
  createTmdbEnricher,
  createWikipediaEnricher,
  defaultReplayDir,
} from '../src/index.js'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '../src/testing/index.js'
import { memoryStores } from './memory-stores.js'
import { createSecretAudit, secrets, useSecretAudit } from './secret-audit.js'
import { useTempDirs } from './temp-dir.js'

const audit = useSecretAudit()
const tempDir = useTempDirs()
const servers: FakeServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function engineOverHttp(options: { failTmdb?: number; omdbKey?: string; tokenAccepted?: boolean; omdbAccepted?: boolean; echo?: boolean; omdbRefusalStatus?: number } = {}) {
  const echoCredentials = options.echo ?? false
  const tmdb = await startFakeTmdbServer({ auth: { token: options.tokenAccepted === false ? 'another-token-entirely' : secrets.tmdbToken }, echoCredentials })
  const wiki = await startFakeWikipediaServer({ echoCredentials })
  const omdbKey = options.omdbAccepted === false ? 'another-omdb-key-entirely' : secrets.omdbApiKey
  const omdb = await startFakeOmdbServer({ apiKey: omdbKey, echoCredentials, ...(options.omdbRefusalStatus ? { refusalStatus: options.omdbRefusalStatus } : {}) })
  servers.push(tmdb, wiki, omdb)
  if (options.failTmdb) tmdb.setFaults({ failFirst: options.failTmdb, match: /\/3\/movie\/604/ })
  const live = new HttpDataProvider({
    logger: audit.logger,
    retry: { attempts: 2, baseDelayMs: 1 },
    tmdb: { token: secrets.tmdbToken, baseURL: tmdb.url, requestsPerSecond: Number.POSITIVE_INFINITY },
    wikipedia: { baseURL: wiki.wikipediaBaseURL, requestsPerSecond: Number.POSITIVE_INFINITY },
    wikidata: { baseURL: wiki.wikidataBaseURL, requestsPerSecond: Number.POSITIVE_INFINITY },
    omdb: { apiKey: options.omdbKey ?? secrets.omdbApiKey, baseURL: omdb.url, requestsPerSecond: Number.POSITIVE_INFINITY },
  })
  const recordDir = await tempDir()
  const data = new HybridProvider({ replay: new JsonReplayProvider({ dir: defaultReplayDir }), live, recordDir, secrets: Object.values(secrets) })
  const enrichers = [
    createTmdbEnricher(new TmdbProvider({ data })),
    createWikipediaEnricher(new WikipediaProvider({ data })),
    createImdbEnricher(new ImdbProvider({ data })),
  ]
  const levels = new LevelSet(defaultLevels, defaultFacets, ['identity', ...enrichers.flatMap((enricher) => enricher.provides)])
  const clock = createManualClock(new Date('2026-11-21T10:00:00Z'))
  const bus = createEventBus({ clock })
  bus.onAny((event) => audit.event(event))
  const stores = memoryStores()
  const engine = new EnrichmentEngine({ ...stores, enrichers, levels, bus, clock })
  async function deep(tmdbId: number) {
    await stores.movies.put(createMovieRecord({ id: `tmdb:${tmdbId}`, ids: { tmdb: tmdbId } }, levels, Date.UTC(2026, 10, 21)))
    return engine.ensure(`tmdb:${tmdbId}`, 'deep').catch((error: unknown) => audit.error(error))
  }
  return { deep, recordDir, bus, stores }
}

describe('credentials never leave the live path', () => {
  it('enriches to deep over HTTP, failing and succeeding, without a credential in events, errors, logs or recordings', async () => {
    const { deep, recordDir, bus, stores } = await engineOverHttp({ failTmdb: 2 })
    const ok = await deep(603)
    expect(ok).toMatchObject({ level: 'deep', ids: { imdb: 'tt0000603', wikidata: 'Q5000603' } })
    // Two 500s for movie 604 outlast the two attempts: the enrichment fails and is reported.
    await deep(604)
    await bus.settled()
    expect((await stores.movies.get('tmdb:604'))?.errors?.[0]?.message).toMatch(/HTTP 500/)
    await audit.files(recordDir)
  })

  it('reports refused credentials without naming them', async () => {
    const { deep, bus } = await engineOverHttp({ tokenAccepted: false })
    const error = await deep(605)
    await bus.settled()
    expect(String(error)).toMatch(/HTTP 401/)
  })

  it('reports a refused OMDb key without naming it', async () => {
    const { deep, bus, stores } = await engineOverHttp({ omdbKey: `${secrets.omdbApiKey}-wrong` })
    await deep(606)
    await bus.settled()
    expect(JSON.stringify((await stores.movies.get('tmdb:606'))?.errors)).toMatch(/imdb/i)
  })

  it('keeps credentials an upstream echoes back (bodies, headers, error texts) out of records, recordings, events, errors and logs', async () => {
    // OMDb refuses the key and names it, `{"Response":"False","Error":"Invalid API key: <key>"}`, with 200 and with 401;
    // TMDB and Wikipedia echo the token in an `_echo` field of every body and in a header.
    for (const [tmdbId, omdbRefusalStatus] of [[607, 200], [608, 401]] as const) {
      const { deep, recordDir, bus, stores } = await engineOverHttp({ echo: true, omdbAccepted: false, omdbRefusalStatus })
      await deep(tmdbId)
      await bus.settled()
      const record = await stores.movies.get(`tmdb:${tmdbId}`)
      expect(record?.errors.at(-1)).toMatchObject({ provider: 'imdb', code: omdbRefusalStatus === 200 ? 'CINELAYER_ERR_OMDB_REFUSED' : 'CINELAYER_ERR_PROVIDER_HTTP' })
      expect(record?.errors.at(-1)?.message).toContain('Invalid API key: [redacted]')
      audit.text(`record tmdb:${tmdbId}`, JSON.stringify(record))
      expect(await audit.files(recordDir)).toBeGreaterThan(0)
    }
  })

  it('is an audit that can fail: a planted credential is found', () => {
    const planted = createSecretAudit()
    planted.logger(`GET /3/movie/550?api_key=${secrets.tmdbApiKey}`)
    planted.error(new Error('wrapper', { cause: new Error(`Bearer ${secrets.tmdbToken}`) }))
    planted.event({ type: 'EnrichmentFailed', payload: { error: encodeURIComponent(secrets.omdbApiKey) } })
    expect(planted.findings()).toEqual(['log line 0: tmdbApiKey', 'error Error: tmdbToken', 'event EnrichmentFailed: omdbApiKey'])
  })
})
