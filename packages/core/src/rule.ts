import { PluginInvalidError } from './errors.js'
import type { LevelSet } from './levels.js'
import type { Movie, MovieStats } from './schemas.js'

/** What a housekeeping rule sees besides the movie. */
export interface RuleContext {
  /** Milliseconds since epoch, from the engine's clock. */
  now: number
  levels: LevelSet
  /** Bytes the catalog takes now. */
  bytesStored: number
  /** Disk budget in bytes, when one is configured. */
  budgetBytes?: number
}

/** One movie as a rule sees it. */
export interface RuleInput {
  movie: Readonly<Movie>
  stats: Readonly<MovieStats> | null
  /** Bytes the record takes. */
  bytes: number
  context: RuleContext
}

/** A rule's opinion about one movie; `null` when it has none. */
export interface RuleVerdict {
  /** Added to the movie's keep score (higher keeps it richer). Default 0. */
  weight?: number
  /** The highest level the rule allows (a downgrade proposal). */
  maxLevel?: string
  /** The lowest level the rule protects (wins over every `maxLevel`). */
  minLevel?: string
  /** Why, in words an operator reads in the plan. */
  reason: string
}

/** A housekeeping weighting rule. */
export interface HousekeepingRule {
  /** Unique name, e.g. `not-read-for`. */
  name: string
  evaluate(input: RuleInput): RuleVerdict | null
}

/**
 * Declares a housekeeping rule.
 * @throws PluginInvalidError (`CINELAYER_ERR_PLUGIN_INVALID`) without a name or an `evaluate()` function.
 */
export function defineRule(rule: HousekeepingRule): HousekeepingRule {
  if (!rule.name || typeof rule.evaluate !== 'function') {
    throw new PluginInvalidError(String(rule.name ?? '?'), `Housekeeping rule "${String(rule.name ?? '?')}" needs a name and an evaluate() function`)
  }
  return rule
}
