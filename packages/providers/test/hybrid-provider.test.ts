import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createManualClock } from '@cinelayer/core'
import { afterEach, describe, expect, it } from 'vitest'
import {
  HttpDataProvider,
  HybridProvider,
  JsonReplayProvider,
  ProviderHttpError,
  RecordingError,
  RecordingProvider,
  type ReplayEntry,
  TmdbProvider,
  defaultReplayDir,
  recordSession,
} from '../src/index.js'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer } from '../src/testing/index.js'
import { secrets, useSecretAudit } from './secret-audit.js'
import { useTempDirs } from './temp-dir.js'

const audit = useSecretAudit()
const tempDir = useTempDirs()
const servers: FakeServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function liveSetup() {
  const tmdb = await startFakeTmdbServer({ auth: { apiKey: secrets.tmdbApiKey } })
  const omdb = await startFakeOmdbServer({ apiKey: secrets.omdbApiKey })
  servers.push(tmdb, omdb)
  const live = new HttpDataProvider({
    logger: audit.logger,
    tmdb: { apiKey: secrets.tmdbApiKey, baseURL: tmdb.url, requestsPerSecond: Number.POSITIVE_INFINITY },
    omdb: { apiKey: secrets.omdbApiKey, baseURL: omdb.url },
    sources: { 'tmdb-image': { baseURL: tmdb.url } },
  })
  return { tmdb, omdb, live }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

const movieRequest = { source: 'tmdb', path: '/3/movie/603', query: { language: 'en-US', append_to_response: 'credits,images' } }

describe('HybridProvider', () => {
  it('answers from the replay without going live', async () => {
    const { live, tmdb } = await liveSetup()
    const hybrid = new HybridProvider({ replay: new JsonReplayProvider({ dir: defaultReplayDir }), live, recordDir: await tempDir() })
    const movie = await new TmdbProvider({ data: hybrid }).movie(550, { append: ['credits'] })
    expect(movie.title).toBe('Fight Club')
    expect(tmdb.total).toBe(0)
    expect(hybrid.liveCounters).toEqual({})
    expect(hybrid.counters).toEqual({ tmdb: 1 })
  })

  it('fetches a miss live, records it, and replays it offline byte for byte', async () => {
    const { live, tmdb } = await liveSetup()
    const recordDir = await tempDir()
    const clock = createManualClock(new Date('2026-11-21T10:00:00Z'))
    const hybrid = new HybridProvider({ replay: new JsonReplayProvider({ dir: defaultReplayDir }), live, recordDir, clock, secrets: [secrets.tmdbApiKey] })
    const fetched = await hybrid.request({ ...movieRequest, query: { ...movieRequest.query, api_key: secrets.tmdbApiKey } })
    expect(hybrid.liveCounters).toEqual({ tmdb: 1 })
    // Asked again in the same session: answered from what was just recorded.
    expect(await hybrid.request(movieRequest)).toEqual(fetched)
    expect(tmdb.total).toBe(1)

    const [file, ...others] = await filesUnder(recordDir)
    expect(others).toEqual([])
    expect(hybrid.recordedFiles).toEqual([file])
    const entry = JSON.parse(await readFile(file!, 'utf8')) as ReplayEntry
    expect(entry.request).toEqual({ source: 'tmdb', path: '/3/movie/603', query: { append_to_response: 'credits,images', language: 'en-US' } })
    expect(entry.meta).toMatchObject({ origin: 'recorded', license: 'TMDB API Terms of Use', sources: ['live tmdb GET /3/movie/603?append_to_response=credits,images&language=en-US'] })
    expect(entry.meta?.note).toContain('2026-11-21T10:00:00.000Z')

    await Promise.all(servers.splice(0).map((server) => server.close()))
    const offline = new JsonReplayProvider({ dir: recordDir })
    expect(JSON.stringify(await offline.request(movieRequest))).toBe(JSON.stringify(fetched))
    // The next session reads the folder back first and never needs the (now closed) live source.
    const nextSession = new HybridProvider({ replay: [], live, recordDir })
    expect(JSON.stringify(await nextSession.request(movieRequest))).toBe(JSON.stringify(fetched))
    expect(nextSession.liveCounters).toEqual({})
    await audit.files(recordDir)
  })

  it('records a 404 so that it replays as the same error', async () => {
    const { live } = await liveSetup()
    const recordDir = await tempDir()
    const hybrid = new HybridProvider({ replay: [], live, recordDir })
    const request = { source: 'tmdb', path: '/3/movie/0' }
    const first = audit.error(await hybrid.request(request).catch((error: unknown) => error))
    expect(first).toBeInstanceOf(ProviderHttpError)
    const replayed = audit.error(await new JsonReplayProvider({ dir: recordDir }).request(request).catch((error: unknown) => error))
    expect(replayed).toBeInstanceOf(ProviderHttpError)
    expect((replayed as ProviderHttpError).message).toBe((first as ProviderHttpError).message)
    await audit.files(recordDir)
  })

  it('records binary answers as base64 and replays the same bytes', async () => {
    const { live } = await liveSetup()
    const recordDir = await tempDir()
    const request = { source: 'tmdb-image', path: '/t/p/w92/abc.jpg', responseType: 'arrayBuffer' as const }
    const bytes = await new HybridProvider({ replay: [], live, recordDir }).request<ArrayBuffer>(request)
    const replayed = await new JsonReplayProvider({ dir: recordDir }).request<ArrayBuffer>(request)
    expect(Buffer.from(replayed).equals(Buffer.from(bytes))).toBe(true)
    await audit.files(recordDir)
  })

  it('keeps a credential echoed by an answer out of the recording', async () => {
    const body = { Response: 'True', imdbID: 'tt0000001', imdbRating: '7.0', imdbVotes: '12', Error: `key ${secrets.omdbApiKey} accepted` }
    const echo = new JsonReplayProvider({ entries: [{ request: { source: 'omdb', path: '/', query: { i: 'tt0000001' } }, response: { status: 200, body } }] })
    const dir = await tempDir()
    const recorder = new RecordingProvider({ live: echo, dir, secrets: [secrets.omdbApiKey] })
    await recorder.request({ source: 'omdb', path: '/', query: { i: 'tt0000001', apikey: secrets.omdbApiKey } })
    const text = await readFile(recorder.files[0]!, 'utf8')
    expect(text).toContain('key [redacted] accepted')
    await audit.files(dir)
  })
})

describe('recordSession', () => {
  it('captures a lab session into a replay folder that answers it offline', async () => {
    const { live } = await liveSetup()
    const dir = await tempDir()
    const { result, files } = await recordSession({ live, dir, secrets: [secrets.tmdbApiKey, secrets.omdbApiKey] }, async (data) => {
      const tmdb = new TmdbProvider({ data })
      const movie = await tmdb.movie(603, { append: ['external_ids'] })
      await data.request({ source: 'omdb', path: '/', query: { i: movie.external_ids!.imdb_id! } })
      return movie.title
    })
    expect(files.map((file) => file.slice(dir.length + 1).split('/')[0])).toEqual(['tmdb', 'omdb'])
    const replayed = await new TmdbProvider({ data: new JsonReplayProvider({ dir }) }).movie(603, { append: ['external_ids'] })
    expect(replayed.title).toBe(result)
    await audit.files(dir)
  })

  it('fails with a RecordingError naming the file, leaving no partial file', async () => {
    const { live } = await liveSetup()
    const parent = await tempDir()
    const dir = join(parent, 'not-a-folder')
    await writeFile(dir, 'a file where the folder should be')
    const error = audit.error(await recordSession({ live, dir }, (data) => data.request(movieRequest)).catch((caught: unknown) => caught))
    expect(error).toBeInstanceOf(RecordingError)
    expect((error as RecordingError).file).toContain('not-a-folder')
    expect(await readdir(parent)).toEqual(['not-a-folder'])
  })
})
