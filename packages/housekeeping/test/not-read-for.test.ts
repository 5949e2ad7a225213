import { LevelSet, SCHEMA_VERSION } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { HousekeepingOptionsError, createHousekeeper, notReadFor } from '../src/index.js'
import { DAY, T0, createWorld, deepMovie, read, summaryOf } from './helpers.js'
import { describeRuleContract } from './rule-contract.js'

describeRuleContract('notReadFor()', () => notReadFor())
describeRuleContract('notReadFor({ days: 0, to: "initial" })', () => notReadFor({ days: 0, to: 'initial' }))

describe('notReadFor', () => {
  const levels = new LevelSet()
  const evaluateAt = (daysIdle: number, options = {}, level = 'deep') => {
    const movie = summaryOf({ ...deepMovie(603, T0), level })
    const stats = { schemaVersion: SCHEMA_VERSION, movieId: movie.id, views: 3, plays: 0, requests: 3, lastAccess: new Date(T0).toISOString() }
    return notReadFor(options).evaluate({ movie, stats, bytes: 1, context: { now: T0 + daysIdle * DAY, levels, bytesStored: 1 } })
  }

  it('fires at 181 days and not at 179, on real stores and a manual clock', async () => {
    const world = createWorld()
    await world.movies.put(deepMovie(603, T0))
    await read(world, 'tmdb:603')
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor()] })

    world.clock.set(T0 + 179 * DAY)
    expect((await housekeeper.plan()).changes).toEqual([])

    world.clock.set(T0 + 181 * DAY)
    const plan = await housekeeper.plan()
    expect(plan.changes).toHaveLength(1)
    expect(plan.changes[0]).toMatchObject({
      movieId: 'tmdb:603',
      from: 'deep',
      to: 'basic',
      reasons: [{ rule: 'not-read-for', reason: 'not read for 181 days (limit 180)' }],
    })
  })

  it('counts from the last access, not from the last enrichment', async () => {
    const world = createWorld()
    // Enriched 300 days before the plan, read 100 days before it: recently read, so it stays.
    await world.movies.put(deepMovie(603, T0))
    world.clock.set(T0 + 200 * DAY)
    await read(world, 'tmdb:603')
    world.clock.set(T0 + 300 * DAY)
    const plan = await createHousekeeper({ ...world, rules: [notReadFor()] }).plan()
    expect(plan.changes).toEqual([])
  })

  it('counts from updatedAt when the movie was never accessed, then from createdAt', () => {
    const rule = notReadFor({ days: 10 })
    const context = { now: T0 + 20 * DAY, levels, bytesStored: 1 }
    const enrichedLately = summaryOf({ ...deepMovie(603, T0), updatedAt: new Date(T0 + 15 * DAY).toISOString() })
    expect(rule.evaluate({ movie: enrichedLately, stats: null, bytes: 1, context })).toBeNull()
    const stale = summaryOf(deepMovie(603, T0))
    expect(rule.evaluate({ movie: stale, stats: null, bytes: 1, context })).toEqual({ maxLevel: 'basic', reason: 'not read for 20 days (limit 10)' })
    const unreadableUpdate = summaryOf({ ...deepMovie(603, T0), updatedAt: 'not a date' })
    expect(rule.evaluate({ movie: unreadableUpdate, stats: null, bytes: 1, context })?.reason).toBe('not read for 20 days (limit 10)')
  })

  it('says how long in its reason, and uses the given level', () => {
    expect(evaluateAt(213)).toEqual({ maxLevel: 'basic', reason: 'not read for 213 days (limit 180)' })
    expect(evaluateAt(31, { days: 30, to: 'initial' })).toEqual({ maxLevel: 'initial', reason: 'not read for 31 days (limit 30)' })
  })

  it('fires only after the limit, never on it', () => {
    expect(evaluateAt(180)).toBeNull()
    expect(evaluateAt(180 + 1 / 24)).not.toBeNull()
  })

  it('leaves movies at or below its level alone', () => {
    expect(evaluateAt(400, {}, 'basic')).toBeNull()
    expect(evaluateAt(400, {}, 'initial')).toBeNull()
    expect(evaluateAt(400, {}, 'medium')).toMatchObject({ maxLevel: 'basic' })
  })

  it('refuses a negative or non-finite number of days, and an empty level', () => {
    for (const days of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => notReadFor({ days })).toThrow(HousekeepingOptionsError)
    }
    expect(() => notReadFor({ to: '' })).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_HOUSEKEEPING_OPTIONS_INVALID' }))
  })
})
