import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeServer, type FakeWikipediaServer, fakeMovie, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CinelayerError, type MovieEngineOptions, createManualClock, createManualTimer, createMovieEngine } from '../src/index.js'

const TOKEN = 'engine-test-token-4b1d9e'
const OMDB_KEY = 'engine-omdb-key-77c3'
const unlimited = { requestsPerSecond: Number.POSITIVE_INFINITY }

let servers: { tmdb: FakeServer; wiki: FakeWikipediaServer; omdb: FakeServer }
let folders: string[] = []
const saved = { token: process.env.TMDB_TOKEN, omdb: process.env.OMDB_API_KEY }

beforeEach(async () => {
  delete process.env.TMDB_TOKEN
  delete process.env.OMDB_API_KEY
  servers = { tmdb: await startFakeTmdbServer({ auth: { token: TOKEN } }), wiki: await startFakeWikipediaServer(), omdb: await startFakeOmdbServer({ apiKey: OMDB_KEY }) }
})

afterEach(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()))
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
  for (const [name, value] of [['TMDB_TOKEN', saved.token], ['OMDB_API_KEY', saved.omdb]] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'cinelayer-data-modes-'))
  folders.push(made)
  return made
}

/** An engine on memory storage whose live sources are the fake servers. */
function engineWith(options: MovieEngineOptions) {
  return createMovieEngine({
    storage: createStorage({ driver: memoryDriver() }),
    clock: createManualClock(new Date('2026-11-21T10:00:00Z')),
    http: { tmdb: unlimited, wikipedia: unlimited, wikidata: unlimited, omdb: unlimited },
    // Metadata only unless a test asks for image bytes: the request counts below are the metadata's.
    images: { download: false },
    ...options,
    // Every live source is a fake on loopback: nothing here may reach the network.
    tmdb: { ...options.tmdb, baseURL: servers.tmdb.url, imageBaseURL: servers.tmdb.url },
    wikipedia: options.wikipedia === false ? false : { ...options.wikipedia, baseURL: servers.wiki.wikipediaBaseURL, wikidataBaseURL: servers.wiki.wikidataBaseURL },
    imdb: options.imdb === false ? false : { ...options.imdb, baseURL: servers.omdb.url },
  })
}

function dataError(create: () => unknown): CinelayerError {
  try {
    create()
  } catch (error) {
    return error as CinelayerError
  }
  throw new Error('expected the engine options to be refused')
}

describe('createMovieEngine data modes', () => {
  it('runs on replay by default when no TMDB token is set, asking no live source', async () => {
    const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }) })
    expect((await engine.movies.get('tmdb:550', { level: 'medium' })).title).toBe('Fight Club')
    await engine.close()
    expect(servers.tmdb.total).toBe(0)
  })

  it('names the recorded movies on a replay miss, and a miss is not kept by the retry backoff', async () => {
    const clock = createManualClock(new Date('2026-11-21T10:00:00Z'))
    const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), clock })
    const miss = () => engine.movies.get('tmdb:603', { level: 'basic' }).catch((error: unknown) => error as CinelayerError)
    const first = await miss()
    // Not recorded: not stored either, and said plainly.
    expect(first).toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    expect(first.message).toMatch(/no recorded response for "tmdb GET \/3\/movie\/603.*Recorded movies: .*tmdb:550 Fight Club \(1999\)/)
    // Asking again at once looks again (nothing upstream to spare): no backoff, no remembered miss.
    const runs = () => (engine.bus as unknown as { publishedCount?: number }).publishedCount
    void runs
    await expect(miss()).resolves.toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND', message: expect.stringMatching(/no recorded response/) })
    await engine.close()
  })

  it("takes a movie to deep live with data: 'http': one TMDB, one Wikidata, one Wikipedia and one OMDb request", async () => {
    const engine = engineWith({ data: 'http', tmdb: { token: TOKEN }, imdb: { apiKey: OMDB_KEY } })
    const movie = await engine.movies.get('tmdb:603', { level: 'deep' })
    const expected = fakeMovie(603)
    expect(movie).toMatchObject({ level: 'deep', title: expected.title, ids: { imdb: expected.imdbId, wikidata: expected.wikidataId } })
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1, wikidata: 1, wikipedia: 1, omdb: 1 })
    expect(servers.tmdb.counters).toEqual({ movie: 1 })
    await engine.close()
  })

  it('downloads image bytes from tmdb.imageBaseURL when image downloads are on', async () => {
    const engine = engineWith({ data: 'http', tmdb: { token: TOKEN }, wikipedia: false, imdb: false, images: { download: true } })
    const movie = await engine.movies.get('tmdb:607', { level: 'basic' })
    expect(movie.poster).toMatchObject({ size: 'original' })
    expect((await engine.summary()).providerCalls).toMatchObject({ tmdb: 2, 'tmdb-image': 1 })
    expect(servers.tmdb.counters).toEqual({ movie: 1, configuration: 1, image: 1 })
    await engine.close()
  })

  it('goes live by default when TMDB_TOKEN and OMDB_API_KEY are in the environment', async () => {
    process.env.TMDB_TOKEN = TOKEN
    process.env.OMDB_API_KEY = OMDB_KEY
    const engine = engineWith({})
    expect((await engine.movies.get('tmdb:604', { level: 'deep' })).imdbRating).toBeDefined()
    expect(servers.omdb.counters).toEqual({ title: 1 })
    await engine.close()
  })

  it("answers from recordings with data: 'hybrid', fetches only the misses, and replays them in the next session", async () => {
    const recordDir = await folder()
    const first = engineWith({ data: 'hybrid', tmdb: { token: TOKEN }, imdb: false, recordDir })
    expect((await first.movies.get('tmdb:550', { level: 'medium' })).title).toBe('Fight Club')
    expect(servers.tmdb.total).toBe(0)
    expect((await first.movies.get('tmdb:603', { level: 'medium' })).title).toBe(fakeMovie(603).title)
    expect(servers.tmdb.counters).toEqual({ movie: 1 })
    await first.close()
    expect(await readdir(recordDir)).toEqual(['tmdb'])

    await servers.tmdb.close()
    const second = engineWith({ data: 'hybrid', tmdb: { token: TOKEN }, imdb: false, recordDir })
    expect((await second.movies.get('tmdb:603', { level: 'medium' })).title).toBe(fakeMovie(603).title)
    await second.close()
  })

  it('refuses contradictory data options with CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE', async () => {
    const withoutToken = dataError(() => createMovieEngine({ data: 'http' }))
    expect(withoutToken).toBeInstanceOf(CinelayerError)
    expect(withoutToken).toMatchObject({ code: 'CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE', details: { mode: 'http' } })
    expect(withoutToken.message).toMatch(/TMDB credentials/)
    expect(dataError(() => createMovieEngine({ data: 'hybrid' }))).toMatchObject({ details: { mode: 'hybrid' } })
    expect(dataError(() => createMovieEngine({ data: 'replay', recordDir: '/tmp/never' })).message).toMatch(/data: 'hybrid'/)
    expect(dataError(() => createMovieEngine({ data: 'carrier-pigeon' as 'http' })).message).toMatch(/Unknown data mode/)
  })

  it("records every live answer with data: 'http' and a recordDir", async () => {
    const recordDir = await folder()
    const engine = engineWith({ data: 'http', tmdb: { token: TOKEN }, imdb: false, wikipedia: false, recordDir })
    await engine.movies.get('tmdb:605', { level: 'basic' })
    await engine.close()
    expect(await readdir(join(recordDir, 'tmdb'))).toEqual([expect.stringMatching(/^3-movie-605--[0-9a-f]{12}\.json$/)])
  })
})

describe('one time source', () => {
  it("the live provider waits on the engine's timer: a rate limit is waited out on fake time", async () => {
    const timer = createManualTimer(createManualClock(new Date('2026-11-21T10:00:00Z')))
    const engine = engineWith({ data: 'http', tmdb: { token: TOKEN }, wikipedia: false, imdb: false, timer, clock: undefined, http: { tmdb: { requestsPerSecond: 1, burst: 1 } } })
    const first = engine.movies.get(`tmdb:${fakeMovie(11).id}`, { level: 'basic' })
    let secondDone = false
    const second = engine.movies.get(`tmdb:${fakeMovie(12).id}`, { level: 'basic' }).then((movie) => ((secondDone = true), movie))
    await first
    await new Promise((resolve) => setTimeout(resolve, 50))
    // A real second went by: the second request still waits for the fake one.
    expect(secondDone).toBe(false)
    await timer.advance(1000)
    // Answered once fake time moved, not after a real second.
    const inTime = await Promise.race([second.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 300))])
    expect(inTime).toBe(true)
    expect((await second).level).toBe('basic')
    await engine.close()
  })
})
