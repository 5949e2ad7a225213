import { createStores } from '@cinelayer/storage'
import type { MovieStats } from '../src/index.js'
import { type Driver, createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import {
  DAY,
  LevelSet,
  MovieStatsSchema,
  StatsTracker,
  type StatsTrackerOptions,
  createEventBus,
  createManualClock,
  createManualTimer,
  createMovieRecord,
  emptyStats,
  popularityAt,
} from '../src/index.js'

const START = new Date('2026-11-21T09:00:00Z')

/** A memory driver counting writes per key, whose next `failures` writes of `key` fail (a full disk, say). */
function countingMemory() {
  const inner = memoryDriver()
  const state = { key: '', failures: 0, writes: new Map<string, number>() }
  const driver: Driver = {
    ...inner,
    name: 'counting-memory',
    setItem(key, value, options) {
      if (key === state.key && state.failures > 0) {
        state.failures--
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
      }
      state.writes.set(key, (state.writes.get(key) ?? 0) + 1)
      return inner.setItem!(key, value, options)
    },
  }
  return { driver, state }
}

async function setup(options: Partial<StatsTrackerOptions> = {}, movies: readonly number[] = [550, 603]) {
  const { driver, state } = countingMemory()
  const timer = createManualTimer(createManualClock(START))
  const { clock } = timer
  const bus = createEventBus({ clock })
  const stores = createStores(createStorage({ driver }), { clock })
  // Usage is kept for movies of the catalog only.
  for (const tmdb of movies) await stores.movies.put(createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb } }, new LevelSet(), 0))
  state.writes.clear()
  const tracker = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock, timer, ...options }).start()
  const failures: string[] = []
  bus.on(['HandlerFailed', 'StatsFlushFailed'], (event) => {
    failures.push(`${event.type}: ${event.payload.message}`)
  })
  return { clock, timer, bus, stores, tracker, failures, state }
}

describe('StatsTracker counting', () => {
  it('counts requests, views, plays, search hits and recommendations from the bus, with lastAccess from the clock', async () => {
    const { bus, tracker, clock, stores } = await setup()
    bus.publish({ type: 'MovieRequested', payload: { movieId: 'tmdb:603', level: 'basic' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    clock.advance(DAY)
    bus.publish({ type: 'PlaybackStarted', category: 'webhook', payload: { movieId: 'tmdb:603', source: 'plex' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    bus.publish({ type: 'SearchHit', payload: { movieId: 'tmdb:603', query: 'matrix' } })
    bus.publish({ type: 'RecommendationShown', payload: { movieId: 'tmdb:550' } })
    await tracker.flush()
    expect(await stores.stats.get('tmdb:603')).toMatchObject({
      views: 2,
      plays: 1,
      requests: 1,
      searchHits: 1,
      recommendations: 0,
      lastAccess: '2026-11-22T09:00:00.000Z',
    })
    expect(await stores.stats.get('tmdb:550')).toMatchObject({ views: 0, recommendations: 1, lastAccess: '2026-11-22T09:00:00.000Z' })
    expect((await collect(stores.stats.scan())).map((stats) => stats.movieId)).toEqual(['tmdb:550', 'tmdb:603'])
  })

  it('answers zeroes for a movie never used', async () => {
    const { tracker } = await setup()
    expect(await tracker.get('tmdb:1')).toEqual(emptyStats('tmdb:1'))
  })

  it('takes lastAccess when the use happens, not when it is written', async () => {
    const { tracker, clock, stores } = await setup()
    await tracker.record('tmdb:603', 'views')
    clock.advance(7 * DAY)
    await tracker.flush()
    expect((await stores.stats.get('tmdb:603'))!.lastAccess).toBe('2026-11-21T09:00:00.000Z')
  })

  it('resolves aliases, and loses nothing when an alias and the canonical id are used at once', async () => {
    const { tracker, stores, bus } = await setup()
    await stores.movies.put(createMovieRecord({ id: 'tmdb:603', ids: { tmdb: 603, imdb: 'tt0133093' } }, new LevelSet(), 0))
    await stores.movies.alias('imdb:tt0133093', 'tmdb:603')
    for (let index = 0; index < 20; index++) {
      bus.publish({ type: 'MovieViewed', payload: { movieId: index % 2 === 0 ? 'imdb:tt0133093' : 'tmdb:603' } })
    }
    await tracker.flush()
    expect(await stores.stats.get('imdb:tt0133093')).toBeNull()
    expect((await stores.stats.get('tmdb:603'))!.views).toBe(20)
    expect((await tracker.get('imdb:tt0133093')).views).toBe(20)
  })

  it('reads a record written before search hits, recommendations and popularity existed', async () => {
    const { tracker, stores } = await setup()
    await stores.storage.setItem('stats:tmdb:603', JSON.stringify({ schemaVersion: 1, movieId: 'tmdb:603', views: 4, plays: 1, requests: 9, lastAccess: '2026-01-01T00:00:00.000Z' }))
    expect(popularityAt(await stores.stats.get('tmdb:603'), START.getTime())).toBe(0)
    await tracker.record('tmdb:603', 'searchHits')
    await tracker.flush()
    const stats = (await stores.stats.get('tmdb:603'))!
    expect(stats).toMatchObject({ views: 4, plays: 1, requests: 9, searchHits: 1, recommendations: 0, lastAccess: START.toISOString() })
    expect(MovieStatsSchema.parse(stats)).toEqual(stats)
  })

  it('reports an invalid movie id as a handler failure and writes nothing', async () => {
    const { bus, tracker, failures, stores } = await setup()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:../../x' } })
    await bus.settled()
    await tracker.flush()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatch(/^HandlerFailed: /)
    expect(await collect(stores.stats.scan())).toEqual([])
  })

  it('refuses a negative flush interval, a half-life that is not positive and an unknown weight', async () => {
    const { bus, stores, clock } = await setup()
    const base = { bus, stats: stores.stats, movies: stores.movies, clock }
    expect(() => new StatsTracker({ ...base, flushIntervalMs: -1 })).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_OPTIONS_INVALID' }))
    expect(() => new StatsTracker({ ...base, halfLifeDays: 0 })).toThrow(/halfLifeDays/)
    expect(() => new StatsTracker({ ...base, weights: { likes: 1 } as never })).toThrow(/weights\.likes/)
    expect(() => new StatsTracker({ ...base, weights: { plays: Number.NaN } })).toThrow(/weights\.plays/)
  })
})

describe('StatsTracker write-behind', () => {
  it('writes nothing before the interval, then one write per movie for the whole batch', async () => {
    const { bus, timer, state, stores } = await setup({ flushIntervalMs: 60_000 })
    for (let index = 0; index < 30; index++) bus.publish({ type: 'MovieViewed', payload: { movieId: index % 3 === 0 ? 'tmdb:550' : 'tmdb:603' } })
    await bus.settled()
    await timer.advance(59_999)
    expect([...state.writes.keys()].filter((key) => key.startsWith('stats:'))).toEqual([])
    expect(await stores.stats.get('tmdb:603')).toBeNull()
    await timer.advance(1)
    // Index keys the store keeps beside the records are not the tracker's writes.
    expect(Object.fromEntries([...state.writes].filter(([key]) => key.startsWith('stats:')))).toEqual({ 'stats:tmdb:550': 1, 'stats:tmdb:603': 1 })
    expect((await stores.stats.get('tmdb:550'))!.views).toBe(10)
    expect((await stores.stats.get('tmdb:603'))!.views).toBe(20)
  })

  it('arms the timer again only when there is something new to write', async () => {
    const { bus, timer, state } = await setup({ flushIntervalMs: 1000 })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await timer.advance(1000)
    expect(timer.pending).toBe(0)
    bus.publish({ type: 'PlaybackStarted', payload: { movieId: 'tmdb:603' } })
    await bus.settled()
    expect(timer.pending).toBe(1)
    await timer.advance(1000)
    expect(state.writes.get('stats:tmdb:603')).toBe(2)
  })

  it('shows uses not yet written through get() and pendingLastAccess()', async () => {
    const { tracker, clock } = await setup()
    expect(tracker.pendingLastAccess('tmdb:603')).toBeNull()
    await tracker.record('tmdb:603', 'plays')
    clock.advance(5000)
    await tracker.record('tmdb:603', 'views')
    expect(tracker.pendingLastAccess('tmdb:603')).toBe(START.getTime() + 5000)
    expect(await tracker.get('tmdb:603')).toMatchObject({ plays: 1, views: 1, lastAccess: new Date(START.getTime() + 5000).toISOString() })
    await tracker.flush()
    expect(tracker.pendingLastAccess('tmdb:603')).toBeNull()
  })

  it('keeps the uses of a failed flush (one commit for all), says so on the bus, and writes them at the next flush', async () => {
    const { tracker, state, failures, stores } = await setup()
    Object.assign(state, { key: 'stats:tmdb:603', failures: 1 })
    await tracker.record('tmdb:603', 'views')
    await tracker.record('tmdb:550', 'views')
    const first = await tracker.flush()
    expect(first.written).toBe(0)
    expect(first.failed).toMatchObject([
      { movieId: 'tmdb:603', code: 'CINELAYER_ERR_STORAGE_WRITE' },
      { movieId: 'tmdb:550', code: 'CINELAYER_ERR_STORAGE_WRITE' },
    ])
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatch(/^StatsFlushFailed: .*stats:tmdb:603/)
    expect(await stores.stats.get('tmdb:550')).toBeNull()
    await tracker.record('tmdb:603', 'plays')
    expect(await tracker.flush()).toEqual({ written: 2, failed: [] })
    expect(await stores.stats.get('tmdb:603')).toMatchObject({ views: 1, plays: 1 })
    expect(await stores.stats.get('tmdb:550')).toMatchObject({ views: 1 })
  })

  it('loses none of 50 concurrent uses of one movie, across flushes running at once', async () => {
    const { tracker, bus, stores } = await setup({ flushIntervalMs: 0 })
    const flushes: Array<Promise<unknown>> = []
    for (let index = 0; index < 25; index++) {
      void tracker.record('tmdb:603', 'plays')
      bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
      if (index % 5 === 0) flushes.push(tracker.flush())
    }
    await Promise.all(flushes)
    await tracker.flush()
    expect(await stores.stats.get('tmdb:603')).toMatchObject({ plays: 25, views: 25 })
  })

  it('stops counting and stops its timer after stop(); start() twice subscribes once', async () => {
    const { bus, tracker, timer } = await setup()
    tracker.start()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await tracker.flush()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await bus.settled()
    tracker.stop()
    expect(timer.pending).toBe(0)
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await tracker.flush()
    expect((await tracker.get('tmdb:603')).views).toBe(2)
  })
})

describe('StatsTracker popularity', () => {
  it('halves the score every half-life, and adds each use by its weight', async () => {
    const { tracker, clock, stores } = await setup({ halfLifeDays: 10, weights: { plays: 8, views: 2 } })
    await tracker.record('tmdb:603', 'plays')
    await tracker.flush()
    expect((await stores.stats.get('tmdb:603'))!.popularity).toEqual({ score: 8, at: START.toISOString(), halfLifeDays: 10 })
    clock.advance(10 * DAY)
    expect(popularityAt(await stores.stats.get('tmdb:603'), clock.now())).toBeCloseTo(4, 10)
    await tracker.record('tmdb:603', 'views')
    await tracker.flush()
    const stats = (await stores.stats.get('tmdb:603'))!
    expect(stats.popularity!.score).toBeCloseTo(6, 10)
    expect(stats.popularity!.at).toBe(new Date(clock.now()).toISOString())
    clock.advance(20 * DAY)
    expect(popularityAt(stats, clock.now())).toBeCloseTo(1.5, 10)
  })

  it('ranks by decayed popularity: top, least used and never used', async () => {
    const { tracker, clock, stores } = await setup({ halfLifeDays: 30 }, [])
    const levels = new LevelSet()
    for (const tmdb of [1, 2, 3, 4]) await stores.movies.put(createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb } }, levels, 0))
    // tmdb:1 was played a lot long ago; tmdb:2 viewed a little lately; tmdb:3 recommended once.
    for (let index = 0; index < 10; index++) await tracker.record('tmdb:1', 'plays')
    clock.advance(300 * DAY)
    for (let index = 0; index < 3; index++) await tracker.record('tmdb:2', 'views')
    await tracker.record('tmdb:3', 'recommendations')
    expect((await tracker.top(2)).map((rank) => rank.movieId)).toEqual(['tmdb:2', 'tmdb:3'])
    const least = await tracker.leastUsed()
    expect(least.map((rank) => rank.movieId)).toEqual(['tmdb:1', 'tmdb:3', 'tmdb:2'])
    expect(least[0]!.popularity).toBeCloseTo(50 / 1024, 10)
    expect(least[2]!.stats.views).toBe(3)
    expect(await tracker.neverUsed()).toEqual(['tmdb:4'])
    await expect(tracker.top(-1)).rejects.toMatchObject({ code: 'CINELAYER_ERR_OPTIONS_INVALID' })
  })
})

async function collect(stats: AsyncIterable<MovieStats>): Promise<MovieStats[]> {
  const all: MovieStats[] = []
  for await (const entry of stats) all.push(entry)
  return all
}
