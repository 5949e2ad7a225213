import { describe, expect, it } from 'vitest'
import { DAY, decayScore, defaultUsageWeights, popularityAt } from '../src/index.js'

describe('popularity', () => {
  it('halves every half-life and never grows when time runs backwards', () => {
    expect(decayScore(8, 0, 30 * DAY, 30)).toBeCloseTo(4, 12)
    expect(decayScore(8, 0, 90 * DAY, 30)).toBeCloseTo(1, 12)
    expect(decayScore(8, 10 * DAY, 0, 30)).toBe(8)
  })

  it('reads 0 for no popularity or an unreadable time, and decays a stored one from its time', () => {
    expect(popularityAt(null, 0)).toBe(0)
    expect(popularityAt({}, 0)).toBe(0)
    expect(popularityAt({ popularity: { score: 5, at: 'yesterday', halfLifeDays: 1 } }, 0)).toBe(0)
    const at = Date.UTC(2026, 0, 1)
    expect(popularityAt({ popularity: { score: 5, at: new Date(at).toISOString(), halfLifeDays: 2 } }, at + 4 * DAY)).toBeCloseTo(1.25, 12)
  })

  it('weighs a play above a view above a request above a search hit above a recommendation', () => {
    const { plays, views, requests, searchHits, recommendations } = defaultUsageWeights
    expect([plays, views, requests, searchHits, recommendations]).toEqual([...[plays, views, requests, searchHits, recommendations]].sort((a, b) => b - a))
  })
})
