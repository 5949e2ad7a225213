import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import { type CinelayerPlugin, DAY, type HousekeepingRule, createManualClock, createMovieEngine, defineRule } from 'cinelayer'
import { wishlist } from '../src/index.js'

/** Fight Club enriched to deep and Rock Crystal (12313) to medium, then nobody opens them for 200 days. */
async function idleCatalog(plugins: CinelayerPlugin[] = [], rules?: HousekeepingRule[]) {
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock, plugins, ...(rules ? { housekeeping: { rules } } : {}) })
  await engine.movies.get('tmdb:550', { level: 'deep' })
  await engine.movies.get('tmdb:12313', { level: 'medium' })
  clock.advance(200 * DAY)
  return engine
}

describe('wishlist plugin', () => {
  it('keeps a wishlisted movie deep when the default rules take the others down', async () => {
    const without = await idleCatalog()
    expect((await without.housekeeping.plan()).changes.map((change) => change.movieId)).toEqual(['tmdb:12313', 'tmdb:550'])
    await without.close()

    const engine = await idleCatalog([wishlist({ ids: ['tmdb:550'] })])
    const { plan, report } = await engine.housekeeping.run({ dryRun: false })
    expect(plan.changes.map((change) => change.movieId)).toEqual(['tmdb:12313'])
    expect(report!.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:12313'])
    expect((await engine.movies.peek('tmdb:550'))!.level).toBe('deep')
    await engine.close()
  })

  it('recognizes a movie by its IMDb id, and follows the wishlist as it changes', async () => {
    const plugin = wishlist({ ids: ['imdb:tt0137523'] })
    const engine = await idleCatalog([plugin])
    expect((await engine.housekeeping.plan()).changes.map((change) => change.movieId)).toEqual(['tmdb:12313'])
    plugin.ids.clear()
    plugin.ids.add('tmdb:12313')
    expect((await engine.housekeeping.plan()).changes.map((change) => change.movieId)).toEqual(['tmdb:550'])
    await engine.close()
  })

  it('wins over a rule that would take the movie lower, and says why with its weight', async () => {
    const cut = defineRule({ name: 'cut-everything', evaluate: () => ({ maxLevel: 'initial', reason: 'cut everything' }) })
    const engine = await idleCatalog([wishlist({ ids: ['tmdb:550'], level: 'medium', weight: 7 })], [cut])
    const plan = await engine.housekeeping.plan()
    const fightClub = plan.changes.find((change) => change.movieId === 'tmdb:550')!
    expect(fightClub).toMatchObject({ from: 'deep', to: 'medium', score: 7 })
    expect(fightClub.reasons).toEqual([
      { rule: 'cut-everything', reason: 'cut everything' },
      { rule: 'wishlist', reason: 'on the wishlist (tmdb:550)' },
    ])
    expect(plan.changes.find((change) => change.movieId === 'tmdb:12313')).toMatchObject({ to: 'initial', score: 0 })
    await engine.close()
  })

  it('refuses an id that is not a movie id', () => {
    expect(() => wishlist({ ids: ['603'] })).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_ID_INVALID' }))
  })
})
