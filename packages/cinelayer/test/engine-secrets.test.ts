import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { useSecretAudit } from '../../../test-support/secret-audit.js'
import { createManualClock, createMovieEngine } from '../src/index.js'

const secrets = {
  tmdbToken: 'engine-secret-token-0c9f4e2a',
  omdbApiKey: 'engine-secret-omdb-5d21',
  webhookSecret: 'engine-secret-webhook-a7b3',
  apiKey: 'engine-secret-api-key-99e1f0',
  redisPassword: 'engine-secret-redis-pw-41',
}
const audit = useSecretAudit(secrets)
const unlimited = { requestsPerSecond: Number.POSITIVE_INFINITY }
const servers: FakeServer[] = []
const folders: string[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

describe('an engine whose upstreams echo its credentials', () => {
  it('keeps every secret out of events, thrown errors, the provider log and every file of its data folder (records, trace, recordings)', async () => {
    // TMDB and Wikipedia echo the token in every body and header; OMDb refuses the key and names it.
    const tmdb = await startFakeTmdbServer({ auth: { token: secrets.tmdbToken }, echoCredentials: true })
    const wiki = await startFakeWikipediaServer({ echoCredentials: true })
    const omdb = await startFakeOmdbServer({ apiKey: 'the-key-omdb-expects', echoCredentials: true, refusalStatus: 200 })
    servers.push(tmdb, wiki, omdb)
    const dataDir = await mkdtemp(join(tmpdir(), 'cinelayer-secrets-'))
    folders.push(dataDir)
    const engine = createMovieEngine({
      dataDir,
      data: 'hybrid',
      clock: createManualClock(new Date('2026-11-21T10:00:00Z')),
      tmdb: { token: secrets.tmdbToken, baseURL: tmdb.url, imageBaseURL: tmdb.url },
      wikipedia: { baseURL: wiki.wikipediaBaseURL, wikidataBaseURL: wiki.wikidataBaseURL },
      imdb: { apiKey: secrets.omdbApiKey, baseURL: omdb.url },
      http: { tmdb: unlimited, wikipedia: unlimited, wikidata: unlimited, omdb: unlimited, retry: { attempts: 1 }, logger: audit.logger },
      secrets: [secrets.webhookSecret, secrets.apiKey, `redis://:${secrets.redisPassword}@127.0.0.1:6379/0`],
    })
    engine.bus.onAny((event) => audit.event(event))
    await engine.movies.get('tmdb:603', { level: 'medium' })
    audit.error(await engine.movies.get('tmdb:603', { level: 'deep' }).catch((error: unknown) => error))
    // A host publishing a secret by mistake (a query, a source name): the bus cleans it for everyone.
    engine.bus.publish({ type: 'SearchRequested', payload: { query: `${secrets.apiKey} ${secrets.webhookSecret} ${secrets.redisPassword}` } })
    const record = await engine.movies.peek('tmdb:603')
    expect(record?.level).toBe('medium')
    expect(record?.errors.at(-1)).toMatchObject({ provider: 'imdb', code: 'CINELAYER_ERR_OMDB_REFUSED' })
    expect(record?.errors.at(-1)?.message).toContain('Invalid API key: [redacted]')
    audit.text('engine.redactor', engine.redactor(`token ${secrets.tmdbToken} key ${secrets.apiKey}`))
    await engine.close()
    expect(await audit.files(dataDir)).toBeGreaterThan(3)
    expect(audit.findings()).toEqual([])
  })
})
