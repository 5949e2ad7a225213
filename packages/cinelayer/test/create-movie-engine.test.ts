import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type AnyCinelayerEvent,
  CinelayerError,
  DAY,
  EnrichmentFailedError,
  InvalidIdError,
  MovieNotFoundError,
  createManualClock,
  createMovieEngine,
  definePlugin,
  defineRule,
} from '../src/index.js'

function memoryEngine(extra: Parameters<typeof createMovieEngine>[0] = {}) {
  const storage = createStorage({ driver: memoryDriver() })
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage, data: 'replay', clock, ...extra })
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  return { engine, storage, clock, events }
}

async function snapshot(storage: ReturnType<typeof createStorage>): Promise<Record<string, unknown>> {
  const keys = (await storage.getKeys()).sort()
  return Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await storage.getItemRaw(key)])))
}

describe('createMovieEngine', () => {
  it('enriches lazily: get answers at the level asked, peek never calls a provider', async () => {
    const { engine } = memoryEngine()
    expect(await engine.movies.peek('tmdb:550')).toBeNull()
    const basic = await engine.movies.get('tmdb:550', { level: 'basic' })
    expect(basic).toMatchObject({ id: 'tmdb:550', level: 'basic', title: 'Fight Club', runtime: 139 })
    expect(basic.cast).toBeUndefined()
    const calls = (await engine.summary()).providerCalls.tmdb
    expect(calls).toBe(1)
    expect((await engine.movies.peek('tmdb:550'))?.level).toBe('basic')
    await engine.movies.get('tmdb:550', { level: 'initial' })
    await engine.movies.get('tmdb:550', { level: 'basic' })
    expect((await engine.summary()).providerCalls.tmdb).toBe(calls)
    await engine.close()
  })

  it('takes a movie from initial to deep in one TMDB call (two Wikipedia, one IMDb) and finds it again by its IMDb id', async () => {
    const { engine } = memoryEngine()
    const deep = await engine.movies.get('tmdb:550', { level: 'deep' })
    expect(deep.level).toBe('deep')
    expect(deep.wikipedia).toMatchObject({ title: 'Fight Club', language: 'en' })
    expect(deep.imdbRating).toEqual({ rating: 8.8, votes: 2400000 })
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1, wikidata: 1, wikipedia: 1, omdb: 1 })
    expect((await engine.movies.get('imdb:tt0137523', { level: 'deep' })).id).toBe('tmdb:550')
    expect((await engine.movies.peek('wikidata:Q190050'))?.id).toBe('tmdb:550')
    await engine.close()
  })

  it('shares one run between concurrent requests for the same movie', async () => {
    const { engine } = memoryEngine()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => engine.movies.get('tmdb:550', { level: i % 2 ? 'medium' : 'basic' })))
    expect(new Set(results.map((movie) => movie.id))).toEqual(new Set(['tmdb:550']))
    expect((await engine.summary()).providerCalls.tmdb).toBeLessThanOrEqual(2)
    await engine.close()
  })

  it('refuses a bad id with a typed error and leaves the store as it was', async () => {
    const { engine, storage } = memoryEngine()
    await engine.movies.get('tmdb:550', { level: 'basic' })
    const before = await snapshot(storage)
    for (const bad of ['550', 'tmdb:abc', 'tmdb:../../etc/passwd', 'imdb:0137523', '', 'netflix:1']) {
      await expect(engine.movies.get(bad)).rejects.toBeInstanceOf(InvalidIdError)
      await expect(engine.movies.get(bad)).rejects.toMatchObject({ code: 'CINELAYER_ERR_ID_INVALID' })
    }
    await expect(engine.movies.get('imdb:tt9999999')).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(engine.movies.get('tmdb:550', { level: 'ultra' })).rejects.toMatchObject({ code: 'CINELAYER_ERR_LEVEL_UNKNOWN' })
    await engine.bus.settled()
    expect(await snapshot(storage)).toEqual(before)
    await engine.close()
  })

  it('turns a replay miss into EnrichmentFailed: the movie stays at its level with the error recorded', async () => {
    const { engine, events } = memoryEngine()
    // Chariots of Fire is recorded with its details only: medium needs credits, which no source recorded.
    await engine.movies.get('tmdb:9443', { level: 'basic' })
    const error = await engine.movies.get('tmdb:9443', { level: 'medium' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EnrichmentFailedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_FAILED' })
    expect((error as Error).cause).toMatchObject({ code: 'CINELAYER_ERR_REPLAY_MISS' })
    const stored = await engine.movies.peek('tmdb:9443')
    expect(stored?.level).toBe('basic')
    expect(stored?.cast).toBeUndefined()
    expect(stored?.errors.at(-1)).toMatchObject({ provider: 'tmdb', code: 'CINELAYER_ERR_REPLAY_MISS' })
    expect(events.some((event) => event.type === 'EnrichmentFailed' && event.payload.movieId === 'tmdb:9443')).toBe(true)
    await engine.close()
  })

  it('matches a video file on TMDB, and keeps an unmatchable one unmatched with a local id', async () => {
    const { engine, events } = memoryEngine()
    engine.bus.publish({ type: 'VideoFileDetected', payload: { path: '/incoming/Fight.Club.1999.mkv', title: 'Fight Club', year: 1999 } })
    await engine.bus.settled()
    const matched = await engine.movies.peek('tmdb:550')
    expect(matched).toMatchObject({ level: 'initial', filePath: '/incoming/Fight.Club.1999.mkv', match: { status: 'matched' } })
    const unmatched = await engine.movies.addFile('/incoming/fight club 1975.mkv', { title: 'Fight Club', year: 1975 })
    expect(unmatched.id).toMatch(/^local:[a-f0-9]{32}$/)
    expect(unmatched.match?.status).toBe('unmatched')
    expect(unmatched.match?.candidates?.[0]).toMatchObject({ tmdb: 550 })
    expect(events.filter((event) => event.type === 'MovieCreated')).toHaveLength(2)
    await engine.close()
  })

  it('creates movies named by lists and filmographies at initial, once', async () => {
    const { engine } = memoryEngine()
    engine.bus.publish({ type: 'TrendingMoviesFetched', payload: { window: 'week', movies: [{ tmdb: 603692, title: 'John Wick: Chapter 4', year: 2023 }, { tmdb: 550 }] } })
    engine.bus.publish({ type: 'RelatedMovieRequested', payload: { personId: 'tmdb:287', movie: { tmdb: 550, title: 'Fight Club' } } })
    await engine.bus.settled()
    const page = await engine.movies.list()
    expect(page.results.map((movie) => movie.id).sort()).toEqual(['tmdb:550', 'tmdb:603692'])
    expect(page.results.every((movie) => movie.level === 'initial')).toBe(true)
    await engine.close()
  })

  it('downgrades what nobody reads and re-enriches it when asked again', async () => {
    const { engine, clock, events } = memoryEngine()
    await engine.movies.get('tmdb:550', { level: 'deep' })
    clock.advance(181 * DAY)
    const { plan, report } = await engine.housekeeping.run({ dryRun: false })
    expect(plan.changes).toHaveLength(1)
    expect(report?.totals.downgraded).toBe(1)
    expect((await engine.movies.peek('tmdb:550'))?.level).toBe('basic')
    expect((await engine.movies.get('tmdb:550', { level: 'deep' })).level).toBe('deep')
    expect(events.map((event) => event.type)).toContain('MovieDowngraded')
    await engine.close()
  })

  it('lets a plugin rule change the housekeeping plan', async () => {
    const keep = definePlugin({
      name: 'keep-everything',
      rules: [defineRule({ name: 'keep', evaluate: () => ({ minLevel: 'deep', reason: 'kept by plugin' }) })],
    })
    const { engine, clock } = memoryEngine({ plugins: [keep] })
    await engine.movies.get('tmdb:550', { level: 'deep' })
    clock.advance(400 * DAY)
    const { plan } = await engine.housekeeping.run()
    expect(plan.changes).toHaveLength(0)
    await engine.close()
  })

  it('refuses two plugins of one name', () => {
    const plugin = definePlugin({ name: 'twice' })
    expect(() => createMovieEngine({ storage: createStorage(), plugins: [plugin, plugin] })).toThrow(CinelayerError)
  })
})

describe('createMovieEngine on the fs default', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cinelayer-engine-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('persists records across engines in the data folder', async () => {
    const first = createMovieEngine({ dataDir: dir, data: 'replay' })
    await first.movies.get('tmdb:550', { level: 'medium' })
    await first.close()
    const second = createMovieEngine({ dataDir: dir, data: 'replay' })
    expect((await second.movies.peek('tmdb:550'))?.level).toBe('medium')
    expect((await second.summary()).providerCalls.tmdb ?? 0).toBe(0)
    await second.close()
  })

  it('reports a corrupt record with a typed error and leaves the file untouched (fs JSON folder)', async () => {
    const engine = createMovieEngine({ dataDir: dir, data: 'replay', storage: 'fs' })
    await engine.movies.get('tmdb:550', { level: 'basic' })
    await engine.close()
    const file = join(dir, 'movies', 'tmdb', '550')
    const corrupt = (await readFile(file, 'utf8')).slice(0, 100)
    await writeFile(file, corrupt)
    const reopened = createMovieEngine({ dataDir: dir, data: 'replay' })
    await expect(reopened.movies.get('tmdb:550', { level: 'deep' })).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT' })
    expect(await readFile(file, 'utf8')).toBe(corrupt)
    await reopened.close()
  })

  it('answers from replay data by default when no TMDB token is set', async () => {
    const saved = process.env.TMDB_TOKEN
    delete process.env.TMDB_TOKEN
    try {
      await mkdir(dir, { recursive: true })
      const engine = createMovieEngine({ dataDir: dir })
      expect((await engine.movies.get('tmdb:550')).title).toBe('Fight Club')
      await engine.close()
    } finally {
      if (saved !== undefined) process.env.TMDB_TOKEN = saved
    }
  })
})
