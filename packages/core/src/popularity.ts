import { DAY } from './clock.js'
import { OptionsInvalidError } from './errors.js'
import type { MovieStats } from './schemas.js'

/** A kind of use the stats tracker counts; each is a counter of {@link MovieStats}. */
export type UsageKind = 'requests' | 'views' | 'plays' | 'searchHits' | 'recommendations'

/** Every usage kind, in a stable order. */
export const usageKinds: readonly UsageKind[] = ['requests', 'views', 'plays', 'searchHits', 'recommendations']

/**
 * What one use of each kind adds to a movie's popularity: a play says more than a view, a view
 * more than a search result or a recommendation merely shown.
 */
export const defaultUsageWeights: Readonly<Record<UsageKind, number>> = {
  requests: 1,
  views: 2,
  plays: 5,
  searchHits: 0.5,
  recommendations: 0.25,
}

/** Default half-life of a popularity score, in days. */
export const DEFAULT_HALF_LIFE_DAYS = 30

/**
 * Decays `score` computed at `from` to the time `to`: halved every `halfLifeDays`. A `to` before
 * `from` (a clock set back) leaves the score as it is rather than inflating it.
 */
export function decayScore(score: number, from: number, to: number, halfLifeDays: number): number {
  const elapsed = Math.max(0, to - from)
  return score * 2 ** (-elapsed / (halfLifeDays * DAY))
}

/**
 * The popularity of a movie at `now`, decayed from when it was last computed; 0 for a movie
 * never used or stats written before popularity existed.
 */
export function popularityAt(stats: Pick<MovieStats, 'popularity'> | null | undefined, now: number): number {
  const popularity = stats?.popularity
  if (!popularity) return 0
  const at = Date.parse(popularity.at)
  if (!Number.isFinite(at)) return 0
  return decayScore(popularity.score, at, now, popularity.halfLifeDays)
}

/** A counter of `stats`, 0 when the record predates it. */
export function usageCount(stats: MovieStats, kind: UsageKind): number {
  return stats[kind] ?? 0
}

/** Checks a half-life and usage weights given as options; returns the full weights. */
export function checkPopularityOptions(halfLifeDays: number, weights: Partial<Record<UsageKind, number>> = {}): Record<UsageKind, number> {
  if (typeof halfLifeDays !== 'number' || !Number.isFinite(halfLifeDays) || halfLifeDays <= 0) {
    throw new OptionsInvalidError('halfLifeDays', `expected a finite number of days > 0, got ${String(halfLifeDays)}`)
  }
  const full = { ...defaultUsageWeights }
  for (const [kind, weight] of Object.entries(weights)) {
    if (!usageKinds.includes(kind as UsageKind)) throw new OptionsInvalidError(`weights.${kind}`, `unknown usage kind (known: ${usageKinds.join(', ')})`)
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new OptionsInvalidError(`weights.${kind}`, `expected a finite number >= 0, got ${String(weight)}`)
    }
    full[kind as UsageKind] = weight
  }
  return full
}
