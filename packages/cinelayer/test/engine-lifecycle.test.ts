import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EngineClosedError, createManualClock, createMovieEngine } from '../src/index.js'
import { replayEngine } from './engine-harness.js'

describe('closing an engine', () => {
  it('refuses every call made after close() with CINELAYER_ERR_ENGINE_CLOSED', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    await h.engine.close()
    const calls: Array<[string, () => unknown]> = [
      ['movies.get', () => h.engine.movies.get('tmdb:550')],
      ['movies.peek', () => h.engine.movies.peek('tmdb:550')],
      ['movies.list', () => h.engine.movies.list()],
      ['movies.edit', () => h.engine.movies.edit('tmdb:550', { title: 'x' })],
      ['people.get', () => h.engine.people.get('tmdb:287')],
      ['housekeeping.run', () => h.engine.housekeeping.run()],
      ['stats.get', () => h.engine.stats.get('tmdb:550')],
      ['enrichMany', () => h.engine.enrichMany(['tmdb:550'], 'basic')],
      ['importMany', () => h.engine.importMany(['tmdb:550'])],
      ['downgrade', () => h.engine.downgrade({ ids: 'all', to: 'initial' })],
      ['validate', () => h.engine.validate()],
      ['summary', () => h.engine.summary()],
    ]
    for (const [name, call] of calls) {
      let error: unknown
      try {
        await call()
      } catch (caught) {
        error = caught
      }
      expect(error, name).toBeInstanceOf(EngineClosedError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_ENGINE_CLOSED' })
      expect((error as Error).message).toContain(name)
    }
    // close() twice is the same close.
    await expect(h.engine.close()).resolves.toBeUndefined()
  })

  it('waits for enrichments nobody waits for, then writes nothing more', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.importMany(['tmdb:550', 'tmdb:12313'])
    for (const id of ['tmdb:550', 'tmdb:12313']) await h.engine.movies.get(id, { level: 'medium', wait: false })
    await h.engine.close()
    expect(h.eventsOf('EnrichmentCompleted').map((event) => event.payload.movieId).sort()).toEqual(['tmdb:12313', 'tmdb:550'])
    const keys = (await h.storage.getKeys()).length
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await h.storage.getKeys()).length).toBe(keys)
  })

  it('writes the uses counted before it lets the storage go', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false, stats: { flushIntervalMs: 3_600_000 } })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    h.engine.bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:550' } })
    await h.engine.close()
    const stats = JSON.parse(String(await h.storage.getItemRaw('stats:tmdb:550'))) as { views: number; requests: number }
    expect(stats).toMatchObject({ views: 1, requests: 1 })
  })
})

describe('closing during background work on the default store', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cinelayer-close-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('leaves a store validate finds nothing wrong in, however early the close comes (12 tries)', async () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const engine = createMovieEngine({ dataDir: dir, data: 'replay', clock: createManualClock(), wikipedia: false, imdb: false, trace: false })
      await engine.importMany(['tmdb:550', 'tmdb:12313'])
      void engine.movies.get('tmdb:550', { level: attempt % 2 ? 'medium' : 'deep', wait: false })
      void engine.movies.get('tmdb:12313', { level: 'medium', wait: false })
      // A few turns of the loop, more each time: the close lands at a different point of the work.
      for (let turn = 0; turn < attempt; turn++) await new Promise((resolve) => setImmediate(resolve))
      await engine.close()
      const checker = createMovieEngine({ dataDir: dir, data: 'replay', trace: false })
      expect(await checker.validate()).toMatchObject({ ok: true, issues: [] })
      await checker.close()
    }
  })
})
