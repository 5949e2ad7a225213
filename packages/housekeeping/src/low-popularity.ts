import { DAY, type HousekeepingRule, type RuleInput, type RuleVerdict, defineRule, popularityAt } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'

/** Options of {@link lowPopularity}. */
export interface LowPopularityOptions {
  /**
   * A movie whose decayed popularity is below this is proposed for `to`. One view (with its
   * request) scores 3 and halves every half-life (30 days by default), so the default `1` is
   * reached about 50 days after a single view. Default `1`.
   */
  below?: number
  /** The level it is taken down to: the summary only. Default `'basic'`. */
  to?: string
  /**
   * Days after its last access or enrichment during which a movie is not proposed, so that what
   * was just fetched (a bulk enrichment, a trending list) gets a chance to be used. Default `30`.
   */
  graceDays?: number
}

/**
 * A rule that weighs every movie by its popularity now (its decayed score is the rule's weight,
 * so the least popular go first wherever the order matters) and keeps only the summary of those
 * below a threshold.
 *
 * @example lowPopularity({ below: 1, to: 'basic' }) // "popularity 0.42 below 1: summary only"
 * @throws HousekeepingOptionsError for a negative threshold or grace, or an empty level.
 */
export function lowPopularity(options: LowPopularityOptions = {}): HousekeepingRule {
  const { below = 1, to = 'basic', graceDays = 30 } = options
  for (const [option, value] of [['below', below], ['graceDays', graceDays]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HousekeepingOptionsError(`lowPopularity.${option}`, `expected a finite number >= 0, got ${String(value)}`)
    }
  }
  if (typeof to !== 'string' || to === '') throw new HousekeepingOptionsError('lowPopularity.to', 'expected a level name')
  return defineRule({
    name: 'low-popularity',
    evaluate({ movie, stats, context }: RuleInput): RuleVerdict {
      const { levels, now } = context
      const popularity = popularityAt(stats, now)
      const weight = { weight: popularity, reason: `popularity ${popularity.toFixed(2)}` }
      if (popularity >= below) return weight
      // An unknown `to` is still proposed: the housekeeper reports it as an unknown level.
      if (levels.names.includes(to) && levels.compare(movie.level, to) <= 0) return weight
      const latest = Math.max(...[stats?.lastAccess, movie.updatedAt, movie.createdAt].map(toTime))
      if (Number.isFinite(latest) && now - latest <= graceDays * DAY) return weight
      return { weight: popularity, maxLevel: to, reason: `popularity ${popularity.toFixed(2)} below ${below}: summary only` }
    },
  })
}

function toTime(iso: string | null | undefined): number {
  const time = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(time) ? time : Number.NEGATIVE_INFINITY
}
