import { DAY, type HousekeepingRule, type RuleInput, defineRule } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'

/** Options of {@link notReadFor}. */
export interface NotReadForOptions {
  /** A movie not read for more than this many days is proposed for downgrade. Default `180`. */
  days?: number
  /** The level it is taken down to. Default `'basic'`. */
  to?: string
}

const NOT_READ_FOR = 'not-read-for'

/**
 * A rule that takes movies nobody has read for a while down to a lighter level. The last read is
 * the movie's `stats.lastAccess`; a movie never accessed counts from its `updatedAt` (its last
 * enrichment), then its `createdAt`. Only movies above `to` are concerned; the rule adds no weight.
 *
 * @example notReadFor({ days: 180, to: 'basic' }) // "not read for 213 days (limit 180)"
 * @throws HousekeepingOptionsError when `days` is negative or not finite, or `to` is empty.
 */
export function notReadFor(options: NotReadForOptions = {}): HousekeepingRule {
  const { days = 180, to = 'basic' } = options
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new HousekeepingOptionsError('notReadFor.days', `expected a finite number of days >= 0, got ${String(days)}`)
  }
  if (typeof to !== 'string' || to === '') throw new HousekeepingOptionsError('notReadFor.to', 'expected a level name')
  const limit = days * DAY
  return defineRule({
    name: NOT_READ_FOR,
    evaluate({ movie, stats, context }: RuleInput) {
      const { levels, now } = context
      // An unknown `to` is still proposed: the housekeeper reports it as an unknown level.
      if (levels.names.includes(to) && levels.compare(movie.level, to) <= 0) return null
      const last = lastRead(movie.updatedAt, movie.createdAt, stats?.lastAccess ?? null)
      if (last === null) throw new Error(`${movie.id} has no readable lastAccess, updatedAt or createdAt`)
      const idle = now - last
      if (idle <= limit) return null
      return { maxLevel: to, reason: `not read for ${Math.floor(idle / DAY)} days (limit ${days})` }
    },
  })
}

function lastRead(updatedAt: string, createdAt: string, lastAccess: string | null): number | null {
  for (const candidate of [lastAccess, updatedAt, createdAt]) {
    if (candidate === null) continue
    const time = Date.parse(candidate)
    if (Number.isFinite(time)) return time
  }
  return null
}
