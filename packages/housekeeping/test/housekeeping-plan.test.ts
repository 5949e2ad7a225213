import { type HousekeepingRule, type RuleContext, defineRule, recordBytes } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { HousekeepingOptionsError, createHousekeeper, notReadFor } from '../src/index.js'
import { DAY, T0, createWorld, deepMovie, snapshot } from './helpers.js'

const verdictOn = (name: string, movieId: string, verdict: ReturnType<HousekeepingRule['evaluate']>) =>
  defineRule({ name, evaluate: ({ movie }) => (movie.id === movieId ? verdict : null) })

async function worldWith(...tmdbIds: number[]) {
  const world = createWorld()
  for (const tmdb of tmdbIds) await world.movies.put(deepMovie(tmdb, T0))
  world.clock.set(T0 + 200 * DAY)
  return world
}

describe('Housekeeper.plan', () => {
  it('is a pure read: the store is byte for byte the same after planning', async () => {
    const world = await worldWith(550, 603)
    await world.movies.put({ ...deepMovie(680, T0), locks: ['keywords'] })
    const before = await snapshot(world.storage)
    const plan = await createHousekeeper({ ...world, rules: [notReadFor()] }).plan()
    expect(plan.changes).toHaveLength(3)
    expect(await snapshot(world.storage)).toEqual(before)
    expect(world.events).toEqual([])
  })

  it('describes each downgrade: levels, facets, bytes, reasons and the version it is based on', async () => {
    const world = await worldWith(603)
    const stored = (await world.movies.get('tmdb:603'))!
    const plan = await createHousekeeper({ ...world, rules: [notReadFor()] }).plan()
    const change = plan.changes[0]!
    const bytesBefore = await world.movies.sizeOf('tmdb:603')
    expect(change).toEqual({
      movieId: 'tmdb:603',
      from: 'deep',
      to: 'basic',
      facetsDropped: ['credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating'],
      fieldsKept: [],
      imageSizesDropped: [],
      bytesBefore,
      bytesAfter: change.bytesAfter,
      bytesFreed: bytesBefore - change.bytesAfter,
      imageBytesFreed: 0,
      score: 0,
      reasons: [{ rule: 'not-read-for', reason: 'not read for 200 days (limit 180)' }],
      basedOn: stored.updatedAt,
    })
    const { cast, crew, genres, tmdbRating, externalIds, images, keywords, wikipedia, imdbRating, ...kept } = stored
    const { identity, details, poster } = stored.facets
    const expectedAfter = { ...kept, level: 'basic', facets: { identity, details, poster }, updatedAt: new Date(T0 + 200 * DAY).toISOString() }
    expect(change.bytesAfter).toBe(recordBytes(expectedAfter))
    expect(change.bytesFreed).toBeGreaterThan(0)
    expect(plan).toMatchObject({
      createdAt: new Date(T0 + 200 * DAY).toISOString(),
      examined: 1,
      bytesStored: bytesBefore,
      problems: [],
      totals: { movies: 1, bytesBefore, bytesAfter: change.bytesAfter, bytesFreed: change.bytesFreed, imageBytesFreed: 0 },
    })
  })

  it('lets the lowest maxLevel win, and the highest minLevel protect against every maxLevel', async () => {
    const world = await worldWith(1, 2, 3)
    const rules = [
      defineRule({ name: 'down-to-medium', evaluate: () => ({ maxLevel: 'medium', reason: 'medium is enough' }) }),
      verdictOn('down-to-initial', 'tmdb:1', { maxLevel: 'initial', reason: 'nobody cares' }),
      verdictOn('favourite', 'tmdb:2', { minLevel: 'deep', reason: 'a favourite' }),
      verdictOn('watched-once', 'tmdb:2', { minLevel: 'basic', reason: 'watched once' }),
      verdictOn('wishlist', 'tmdb:3', { minLevel: 'medium', reason: 'on a wishlist' }),
      verdictOn('down-to-basic', 'tmdb:3', { maxLevel: 'basic', reason: 'rarely opened' }),
    ]
    const plan = await createHousekeeper({ ...world, rules }).plan()
    const targets = Object.fromEntries(plan.changes.map((change) => [change.movieId, change.to]))
    expect(targets).toEqual({ 'tmdb:1': 'initial', 'tmdb:3': 'medium' })
    expect(plan.changes.find((change) => change.movieId === 'tmdb:3')!.reasons).toEqual([
      { rule: 'down-to-medium', reason: 'medium is enough' },
      { rule: 'wishlist', reason: 'on a wishlist' },
      { rule: 'down-to-basic', reason: 'rarely opened' },
    ])
  })

  it('sums the weights into a score and lists the lowest scores first', async () => {
    const world = await worldWith(1, 2, 3)
    const weights: Record<string, number> = { 'tmdb:1': 5, 'tmdb:2': -3, 'tmdb:3': 0.5 }
    const rules = [
      notReadFor(),
      defineRule({ name: 'popularity', evaluate: ({ movie }) => ({ weight: weights[movie.id]!, reason: 'popularity' }) }),
      defineRule({ name: 'bonus', evaluate: () => ({ weight: 1, reason: 'bonus' }) }),
    ]
    const plan = await createHousekeeper({ ...world, rules }).plan()
    expect(plan.changes.map((change) => [change.movieId, change.score])).toEqual([
      ['tmdb:2', -2],
      ['tmdb:3', 1.5],
      ['tmdb:1', 6],
    ])
  })

  it('isolates a throwing rule: that movie is left alone and reported, the others go on', async () => {
    const world = await worldWith(1, 2, 3)
    const flaky = defineRule({
      name: 'flaky',
      evaluate: ({ movie }) => {
        if (movie.id === 'tmdb:2') throw new Error('wishlist service unreachable')
        return null
      },
    })
    const plan = await createHousekeeper({ ...world, rules: [notReadFor(), flaky] }).plan()
    expect(plan.changes.map((change) => change.movieId)).toEqual(['tmdb:1', 'tmdb:3'])
    expect(plan.problems).toEqual([
      {
        movieId: 'tmdb:2',
        rule: 'flaky',
        code: 'CINELAYER_ERR_HOUSEKEEPING_RULE_FAILED',
        message: 'Housekeeping rule "flaky" failed on tmdb:2: wishlist service unreachable',
      },
    ])
    expect(plan.examined).toBe(3)
  })

  it('reports a verdict naming an unknown level, and a malformed verdict', async () => {
    const world = await worldWith(1, 2, 3)
    const rules = [
      verdictOn('typo', 'tmdb:1', { maxLevel: 'bassic', reason: 'typo' }),
      verdictOn('no-reason', 'tmdb:2', { maxLevel: 'basic' } as never),
      verdictOn('nan', 'tmdb:3', { weight: Number.NaN, reason: 'broken maths' }),
    ]
    const plan = await createHousekeeper({ ...world, rules }).plan()
    expect(plan.changes).toEqual([])
    expect(plan.problems.map(({ movieId, rule, code }) => ({ movieId, rule, code }))).toEqual([
      { movieId: 'tmdb:1', rule: 'typo', code: 'CINELAYER_ERR_HOUSEKEEPING_LEVEL_UNKNOWN' },
      { movieId: 'tmdb:2', rule: 'no-reason', code: 'CINELAYER_ERR_HOUSEKEEPING_VERDICT_INVALID' },
      { movieId: 'tmdb:3', rule: 'nan', code: 'CINELAYER_ERR_HOUSEKEEPING_VERDICT_INVALID' },
    ])
    expect(plan.problems[0]!.message).toBe('Rule "typo" on tmdb:1 names unknown level "bassic" (known: initial, basic, medium, deep)')
  })

  it('fails a rule that tries to change the movie it is shown, and keeps the record intact', async () => {
    const world = await worldWith(1)
    const before = await snapshot(world.storage)
    const meddler = defineRule({
      name: 'meddler',
      evaluate: ({ movie }) => {
        ;(movie as { keywords?: string[] }).keywords!.push('meddled')
        return { maxLevel: 'basic', reason: 'meddled' }
      },
    })
    const plan = await createHousekeeper({ ...world, rules: [meddler] }).plan()
    expect(plan.changes).toEqual([])
    expect(plan.problems).toMatchObject([{ movieId: 'tmdb:1', rule: 'meddler', code: 'CINELAYER_ERR_HOUSEKEEPING_RULE_FAILED' }])
    expect(await snapshot(world.storage)).toEqual(before)
  })

  it('reports a corrupt summary and plans the others', async () => {
    const world = await worldWith(1, 2)
    await world.movies.put(deepMovie(3, T0))
    await world.storage.setItemRaw('summaries:tmdb:3', '{"id": "tmdb:3", trunc')
    const plan = await createHousekeeper({ ...world, rules: [notReadFor()] }).plan()
    expect(plan.changes.map((change) => change.movieId)).toEqual(['tmdb:1', 'tmdb:2'])
    expect(plan.problems).toMatchObject([{ movieId: 'tmdb:3', code: 'CINELAYER_ERR_HOUSEKEEPING_READ_FAILED' }])
    expect(plan.problems[0]!.message).toContain('Housekeeping could not read movie tmdb:3')
    expect(plan.examined).toBe(3)
  })

  it('plans from summaries only: a corrupt record is reported when the plan is applied, and left as it is', async () => {
    const world = await worldWith(1, 2)
    await world.movies.put(deepMovie(3, T0))
    const corrupt = '{"schemaVersion": 1, "id": "tmdb:3", trunc'
    await world.storage.setItemRaw('movies:tmdb:3', corrupt)
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor()] })
    const plan = await housekeeper.plan()
    expect(plan.changes.map((change) => change.movieId)).toEqual(['tmdb:1', 'tmdb:2', 'tmdb:3'])
    const report = await housekeeper.apply(plan)
    expect(report.downgraded.map((entry) => entry.movieId)).toEqual(['tmdb:1', 'tmdb:2'])
    expect(report.failed).toMatchObject([{ movieId: 'tmdb:3', code: 'CINELAYER_ERR_HOUSEKEEPING_WRITE_FAILED' }])
    expect(await world.storage.getItemRaw('movies:tmdb:3')).toEqual(expect.anything())
    expect(String(await world.storage.getItem('movies:tmdb:3'))).toBe(corrupt)
  })

  it('gives rules the time, the levels, the bytes stored and the budget', async () => {
    const world = await worldWith(1, 2)
    const seen: RuleContext[] = []
    const spy = defineRule({ name: 'spy', evaluate: ({ context }) => (seen.push(context), null) })
    const plan = await createHousekeeper({ ...world, rules: [spy], budgetBytes: 1234 }).plan()
    const bytes = (await world.movies.sizeOf('tmdb:1')) + (await world.movies.sizeOf('tmdb:2'))
    expect(seen).toHaveLength(2)
    expect(seen[0]).toEqual({ now: T0 + 200 * DAY, levels: world.levels, bytesStored: bytes, budgetBytes: 1234 })
    expect(plan).toMatchObject({ bytesStored: bytes, budgetBytes: 1234 })
  })

  it('refuses duplicate rule names and a negative budget', () => {
    const world = createWorld()
    expect(() => createHousekeeper({ ...world, rules: [notReadFor(), notReadFor({ days: 30 })] })).toThrow(HousekeepingOptionsError)
    expect(() => createHousekeeper({ ...world, rules: [], budgetBytes: -1 })).toThrow(/budgetBytes/)
  })
})
