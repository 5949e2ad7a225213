import { DAY, type HousekeepingRule, LevelSet, type MovieStats, type RuleInput, SCHEMA_VERSION } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { T0, deepMovie, summaryOf } from './helpers.js'

/**
 * What every housekeeping rule must do, whatever it decides: run on any movie at any level with
 * or without stats, answer `null` or a well-formed verdict naming known levels, give the same
 * answer twice, and never touch its input.
 */
export function describeRuleContract(title: string, makeRule: () => HousekeepingRule): void {
  describe(`housekeeping rule contract: ${title}`, () => {
    const levels = new LevelSet()

    function* inputs(): Generator<RuleInput> {
      for (const level of levels.names) {
        for (const lastAccess of [null, new Date(T0).toISOString(), new Date(T0 - 400 * DAY).toISOString()]) {
          for (const age of [0, 30, 365]) {
            const movie = summaryOf({ ...deepMovie(603, T0 - age * DAY), level })
            const stats: MovieStats | null =
              lastAccess === null ? null : { schemaVersion: SCHEMA_VERSION, movieId: movie.id, views: 1, plays: 0, requests: 1, lastAccess }
            yield { movie, stats, bytes: JSON.stringify(movie).length, context: { now: T0, levels, bytesStored: 1_000_000, budgetBytes: 500_000 } }
          }
        }
      }
    }

    it('has a name', () => {
      expect(makeRule().name).toMatch(/\S/)
    })

    it('answers null or a well-formed verdict naming known levels', () => {
      const rule = makeRule()
      for (const input of inputs()) {
        const verdict = rule.evaluate(input)
        if (verdict === null) continue
        expect(verdict.reason).toMatch(/\S/)
        if (verdict.weight !== undefined) expect(Number.isFinite(verdict.weight)).toBe(true)
        if (verdict.maxLevel !== undefined) expect(levels.names).toContain(verdict.maxLevel)
        if (verdict.minLevel !== undefined) expect(levels.names).toContain(verdict.minLevel)
      }
    })

    it('is deterministic and leaves its input untouched', () => {
      const rule = makeRule()
      for (const input of inputs()) {
        const before = structuredClone({ movie: input.movie, stats: input.stats })
        const first = rule.evaluate(Object.freeze(input))
        expect(rule.evaluate(input)).toEqual(first)
        expect({ movie: input.movie, stats: input.stats }).toEqual(before)
      }
    })
  })
}
