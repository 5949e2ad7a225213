import { createStores } from '@cinelayer/storage'
import { type Driver, createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import { DAY, LevelSet, StatsTracker, createEventBus, createManualClock, createMovieRecord, emptyStats } from '../src/index.js'

/** A memory driver whose next `failures` writes of `key` fail (a full disk, say). */
function faultyMemory() {
  const inner = memoryDriver()
  const state = { key: '', failures: 0 }
  const driver: Driver = {
    ...inner,
    name: 'faulty-memory',
    setItem(key, value, options) {
      if (key === state.key && state.failures > 0) {
        state.failures--
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
      }
      return inner.setItem!(key, value, options)
    },
  }
  return { driver, state }
}

function setup(driver: Driver = memoryDriver()) {
  const clock = createManualClock(new Date('2026-11-21T09:00:00Z'))
  const bus = createEventBus({ clock })
  const stores = createStores(createStorage({ driver }), { clock })
  const tracker = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock }).start()
  const failures: string[] = []
  bus.on('HandlerFailed', (event) => {
    failures.push(event.payload.message)
  })
  return { clock, bus, stores, tracker, failures }
}

describe('StatsTracker', () => {
  it('counts requests, views and plays from the bus, with lastAccess from the clock', async () => {
    const { bus, tracker, clock, stores } = setup()
    bus.publish({ type: 'MovieRequested', payload: { movieId: 'tmdb:603', level: 'basic' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    clock.advance(DAY)
    bus.publish({ type: 'PlaybackStarted', category: 'webhook', payload: { movieId: 'tmdb:603', source: 'plex' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    bus.publish({ type: 'SearchHit', payload: { movieId: 'tmdb:603', query: 'matrix' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:550' } })
    await tracker.flush()
    expect(await tracker.get('tmdb:603')).toEqual({ schemaVersion: 1, movieId: 'tmdb:603', views: 2, plays: 1, requests: 1, lastAccess: '2026-11-22T09:00:00.000Z' })
    expect(await stores.stats.get('tmdb:550')).toMatchObject({ views: 1, plays: 0, requests: 0 })
    expect((await stores.stats.all()).map((stats) => stats.movieId)).toEqual(['tmdb:550', 'tmdb:603'])
  })

  it('answers zeroes for a movie never used', async () => {
    const { tracker } = setup()
    expect(await tracker.get('tmdb:1')).toEqual(emptyStats('tmdb:1'))
  })

  it('takes lastAccess when the use happens, not when it is written', async () => {
    const { tracker, clock } = setup()
    const pending = tracker.record('tmdb:603', 'views')
    clock.advance(7 * DAY)
    await pending
    expect((await tracker.get('tmdb:603')).lastAccess).toBe('2026-11-21T09:00:00.000Z')
  })

  it('loses none of 50 concurrent records of one movie', async () => {
    const { tracker, bus } = setup()
    const direct = Array.from({ length: 25 }, () => tracker.record('tmdb:603', 'plays'))
    for (let index = 0; index < 25; index++) bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await Promise.all(direct)
    await tracker.flush()
    expect(await tracker.get('tmdb:603')).toMatchObject({ plays: 25, views: 25 })
  })

  it('resolves aliases, and loses nothing when an alias and the canonical id are used at once', async () => {
    const { tracker, stores, bus } = setup()
    const levels = new LevelSet()
    await stores.movies.put(createMovieRecord({ id: 'tmdb:603', ids: { tmdb: 603, imdb: 'tt0133093' } }, levels, 0))
    await stores.movies.alias('imdb:tt0133093', 'tmdb:603')
    for (let index = 0; index < 20; index++) {
      bus.publish({ type: 'MovieViewed', payload: { movieId: index % 2 === 0 ? 'imdb:tt0133093' : 'tmdb:603' } })
    }
    await tracker.flush()
    expect(await stores.stats.get('imdb:tt0133093')).toBeNull()
    expect((await stores.stats.get('tmdb:603'))!.views).toBe(20)
    expect((await tracker.get('imdb:tt0133093')).views).toBe(20)
  })

  it('keeps counting after a failed write, and reports the failure on the bus', async () => {
    const { driver, state } = faultyMemory()
    const { tracker, bus, failures } = setup(driver)
    Object.assign(state, { key: 'stats:tmdb:603', failures: 1 })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    // Queued behind the write that fails: it must still be written.
    const queued = tracker.record('tmdb:603', 'views')
    await bus.settled()
    await expect(queued).resolves.toBeUndefined()
    await tracker.flush()
    expect((await tracker.get('tmdb:603')).views).toBe(1)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain('stats:tmdb:603')
  })

  it('rejects record() when its own write fails', async () => {
    const { driver, state } = faultyMemory()
    const { tracker } = setup(driver)
    Object.assign(state, { key: 'stats:tmdb:603', failures: 1 })
    await expect(tracker.record('tmdb:603', 'plays')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_WRITE' })
    await tracker.record('tmdb:603', 'plays')
    expect((await tracker.get('tmdb:603')).plays).toBe(1)
  })

  it('reports an invalid movie id as a handler failure and writes nothing', async () => {
    const { bus, tracker, failures, stores } = setup()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:../../x' } })
    await bus.settled()
    await tracker.flush()
    expect(failures).toHaveLength(1)
    expect(await stores.stats.all()).toEqual([])
  })

  it('stops counting after stop(), and start() twice subscribes once', async () => {
    const { bus, tracker } = setup()
    tracker.start()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await tracker.flush()
    tracker.stop()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await tracker.flush()
    expect((await tracker.get('tmdb:603')).views).toBe(1)
  })
})
