import { PluginInvalidError } from './errors.js'
import type { LevelSet } from './levels.js'
import type { MovieSummary } from './movie-summary.js'
import type { MovieStats } from './schemas.js'

/** What a housekeeping rule sees besides the movie. */
export interface RuleContext {
  /** Milliseconds since epoch, from the engine's clock. */
  now: number
  levels: LevelSet
  /** Bytes the catalog takes now: movie records plus stored images, when an image store is known. */
  bytesStored: number
  /** Disk budget in bytes, when one is configured. */
  budgetBytes?: number
  /**
   * Bytes free on the file system that holds the catalog (what an unprivileged process may still
   * write), measured once per plan, when the housekeeper knows how (`freeBytes` option).
   */
  freeBytes?: number
}

/**
 * One movie as a rule sees it: its summary (id, ids, level, facets, locks, edited fields, file,
 * dates, sizes), not the whole record, so that a pass over a large catalog parses a few hundred
 * bytes per movie.
 */
export interface RuleInput {
  movie: Readonly<MovieSummary>
  stats: Readonly<MovieStats> | null
  /** Bytes the record takes. */
  bytes: number
  /**
   * Bytes of the movie's stored images per size (`{ original: 2_400_000, w500: 61_000 }`).
   * Absent or empty when the movie has none or the housekeeper knows no image store.
   */
  images?: Readonly<Record<string, number>>
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
  /**
   * Facets to drop whatever the level (their fields go, locked fields stay, the level follows
   * what is left). Facets of the levels a `minLevel` protects are kept. Default: none.
   */
  dropFacets?: string[]
  /** Sizes of the movie's stored images to delete (`'original'`, `'w1280'`): the record keeps its image metadata. Default: none. */
  dropImageSizes?: string[]
  /**
   * Makes this verdict's proposals (`maxLevel`, `dropFacets`, `dropImageSizes`) needed only while
   * the catalog is over this many bytes: the housekeeper takes such proposals lowest score first
   * (rule by rule, in rule order) and stops as soon as the plan brings the bytes stored to or under
   * it. `weight`, `minLevel` and `reason` are not affected. Default: always proposed.
   */
  untilUnderBytes?: number
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
