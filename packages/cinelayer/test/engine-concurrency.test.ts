import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { type CommitBatch, type TransactionalDriver } from '@cinelayer/storage'
import { DAY, createManualClock, createMovieEngine, memoryDriver } from '../src/index.js'

/**
 * cinelayer's memory driver whose every call waits a turn of the event loop (a store whose calls
 * take time), counting calls, and calling `onCall(n)` at the n-th: a test starts a second writer at
 * any chosen point of the first one's work.
 */
function slowDriver() {
  const inner = memoryDriver()
  const state = { calls: 0, onCall: (_call: number) => {} }
  const step = async () => {
    state.onCall(++state.calls)
    await new Promise((resolve) => setImmediate(resolve))
  }
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      await step()
      return await call(...args)
    }
  const driver: TransactionalDriver = {
    ...inner,
    name: 'slow-memory',
    hasItem: wrap(inner.hasItem),
    getItem: wrap(inner.getItem),
    getKeys: wrap(inner.getKeys),
    getEntries: wrap(inner.getEntries!),
    commit: wrap((batch: CommitBatch) => inner.commit(batch)),
  }
  return { driver, state }
}

async function deepFightClub() {
  const slow = slowDriver()
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage: createStorage({ driver: slow.driver }), data: 'replay', clock, wikipedia: false, imdb: false })
  await engine.movies.get('tmdb:550', { level: 'deep' })
  return { engine, clock, slow }
}

/** Calls the store takes for `work`, on a fresh catalog. */
async function callsOf(work: (engine: Awaited<ReturnType<typeof deepFightClub>>) => Promise<unknown>): Promise<number> {
  const world = await deepFightClub()
  const before = world.slow.state.calls
  await work(world)
  const calls = world.slow.state.calls - before
  await world.engine.close()
  return calls
}

describe('one write path: a confirmed edit is never lost to a concurrent downgrade', () => {
  const downgrades = {
    'engine.downgrade': (world: Awaited<ReturnType<typeof deepFightClub>>) => world.engine.downgrade({ ids: ['tmdb:550'], to: 'basic' }),
    'a housekeeping pass': (world: Awaited<ReturnType<typeof deepFightClub>>) => {
      world.clock.advance(200 * DAY)
      return world.engine.housekeeping.run({ dryRun: false })
    },
  }

  for (const [name, downgrade] of Object.entries(downgrades)) {
    it(`an edit with a lock started at every point of ${name} is there afterwards`, async () => {
      const span = await callsOf(downgrade)
      expect(span).toBeGreaterThan(3)
      let lost = 0
      for (let offset = 0; offset <= span + 1; offset++) {
        const world = await deepFightClub()
        const start = world.slow.state.calls
        let edit: Promise<unknown> | undefined
        world.slow.state.onCall = (call) => {
          if (!edit && call - start >= offset) edit = world.engine.movies.edit('tmdb:550', { title: `Edited at ${offset}` }, { lock: true })
        }
        await downgrade(world)
        edit ??= world.engine.movies.edit('tmdb:550', { title: `Edited at ${offset}` }, { lock: true })
        await edit
        const movie = (await world.engine.movies.peek('tmdb:550'))!
        if (movie.title !== `Edited at ${offset}` || !movie.locks.includes('title') || movie.edits?.title?.value !== `Edited at ${offset}`) lost++
        expect(await world.engine.validate()).toMatchObject({ ok: true, issues: [] })
        await world.engine.close()
      }
      expect(lost).toBe(0)
    })
  }

  it('two edits of one movie at once: both are there', async () => {
    const { engine } = await deepFightClub()
    await Promise.all([engine.movies.edit('tmdb:550', { title: 'One' }, { lock: true }), engine.movies.edit('tmdb:550', { tagline: 'Two' }, { lock: true })])
    const movie = (await engine.movies.peek('tmdb:550'))!
    expect(movie).toMatchObject({ title: 'One', tagline: 'Two' })
    expect([...movie.locks].sort()).toEqual(['tagline', 'title'])
    await engine.close()
  })
})
