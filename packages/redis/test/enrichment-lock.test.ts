import { EnrichmentEngine, EventBus, KeyedMutex, LevelSet, createManualClock, defaultFacets, defaultLevels, defineEnricher } from '@cinelayer/core'
import { createStores, memoryDriver } from '@cinelayer/storage'
import { T0, movie } from '@cinelayer/storage/contract'
import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import type { EnrichmentLock } from '../src/index.js'

/** A lock shared by two engines standing for two processes (Redis plays this part across processes). */
function sharedLock(): EnrichmentLock & { taken: string[] } {
  const mutex = new KeyedMutex()
  const taken: string[] = []
  return {
    taken,
    acquire(movieId) {
      return new Promise((granted) => {
        void mutex.run(movieId, () => {
          taken.push(movieId)
          return new Promise<void>((done) => granted(async () => done()))
        })
      })
    },
  }
}

function engines(lock?: EnrichmentLock) {
  const storage = createStorage({ driver: memoryDriver() })
  const calls: string[] = []
  const levels = new LevelSet(defaultLevels, defaultFacets)
  const provides = defaultFacets.filter((facet) => !facet.permanent).map((facet) => facet.name)
  const make = () => {
    // Each "process" has its own stores on the shared storage, as two processes on one Redis would.
    const stores = createStores(storage)
    const enricher = defineEnricher({
      name: 'source',
      provider: 'tmdb',
      provides,
      async enrich({ movie: current }) {
        calls.push(current.id)
        await new Promise((resolve) => setImmediate(resolve))
        return { patch: { overview: 'Enriched' } }
      },
    })
    const engine = new EnrichmentEngine({
      movies: stores.movies,
      enrichers: [enricher],
      levels,
      bus: new EventBus(),
      clock: createManualClock(T0),
      ...(lock ? { lock } : {}),
    })
    return { stores, engine }
  }
  return { a: make(), b: make(), calls }
}

describe("core's EnrichmentEngine lock option, as the storage's Redis lock fills it", () => {
  it('with a shared lock, two engines asked for one movie at once enrich it once', async () => {
    const lock = sharedLock()
    const { a, b, calls } = engines(lock)
    await a.stores.movies.put(movie(550))
    const [first, second] = await Promise.all([a.engine.ensure('tmdb:550', 'basic'), b.engine.ensure('tmdb:550', 'basic')])
    expect(calls).toEqual(['tmdb:550'])
    expect([first.level, second.level]).toEqual(['basic', 'basic'])
    // A movie already at its level takes no lock.
    lock.taken.length = 0
    await a.engine.ensure('tmdb:550', 'basic')
    expect(lock.taken).toEqual([])
  })

  it('without it, each engine runs its own enrichment (what the lock prevents)', async () => {
    const { a, b, calls } = engines()
    await a.stores.movies.put(movie(550))
    await Promise.all([a.engine.ensure('tmdb:550', 'basic'), b.engine.ensure('tmdb:550', 'basic')])
    expect(calls).toEqual(['tmdb:550', 'tmdb:550'])
  })
})
