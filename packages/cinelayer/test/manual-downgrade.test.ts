import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import { type AnyCinelayerEvent, DAY, MovieNotFoundError, UnknownLevelError, createManualClock, createMovieEngine } from '../src/index.js'

async function catalog() {
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock })
  await engine.movies.get('tmdb:550', { level: 'deep' })
  await engine.movies.get('tmdb:9443', { level: 'basic' })
  // A movie read at the very time of a plan is skipped by apply: the operator comes a second later.
  clock.advance(1000)
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  return { engine, clock, events }
}

describe('engine.downgrade', () => {
  it('takes the movies named down to the level, through a plan with its reason', async () => {
    const { engine, events } = await catalog()
    const dry = await engine.downgrade({ ids: ['imdb:tt0137523', 'tmdb:9443'], to: 'initial' }, { dryRun: true })
    expect(dry.report).toBeUndefined()
    expect(dry.plan.changes.map((change) => [change.movieId, change.from, change.to])).toEqual([
      ['tmdb:550', 'deep', 'initial'],
      ['tmdb:9443', 'basic', 'initial'],
    ])
    expect((await engine.movies.peek('tmdb:550'))?.level).toBe('deep')
    const done = await engine.downgrade({ ids: ['tmdb:550'], to: 'basic' })
    expect(done.report?.totals).toMatchObject({ downgraded: 1, failed: 0 })
    expect((await engine.movies.peek('tmdb:550'))?.level).toBe('basic')
    expect((await engine.movies.peek('tmdb:9443'))?.level).toBe('basic')
    const downgraded = events.find((event) => event.type === 'MovieDowngraded')
    expect(downgraded?.payload).toMatchObject({ movieId: 'tmdb:550', from: 'deep', to: 'basic', reasons: ['requested: asked for: down to basic'] })
    await engine.close()
  })

  it("downgrades 'all' movies above the level, or those not read for some days", async () => {
    const { engine, clock } = await catalog()
    const all = await engine.downgrade({ ids: 'all', to: 'basic' }, { dryRun: true })
    expect(all.plan.changes.map((change) => change.movieId)).toEqual(['tmdb:550'])
    expect((await engine.downgrade({ notReadForDays: 30 }, { dryRun: true })).plan.changes).toEqual([])
    clock.advance(31 * DAY)
    const idle = await engine.downgrade({ notReadForDays: 30, to: 'initial' })
    expect(idle.report?.downgraded.map((entry) => [entry.movieId, entry.to])).toEqual([
      ['tmdb:550', 'initial'],
      ['tmdb:9443', 'initial'],
    ])
    await engine.close()
  })

  it('refuses an unknown id or level before changing anything', async () => {
    const { engine, events } = await catalog()
    await expect(engine.downgrade({ ids: ['tmdb:550', 'tmdb:603'], to: 'initial' })).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(engine.downgrade({ ids: ['tmdb:550'], to: 'tiny' })).rejects.toBeInstanceOf(UnknownLevelError)
    expect((await engine.movies.peek('tmdb:550'))?.level).toBe('deep')
    expect(events.filter((event) => event.category === 'housekeeping')).toEqual([])
    await engine.close()
  })
})
