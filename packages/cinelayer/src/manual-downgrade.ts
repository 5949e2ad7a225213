import { type HousekeepingRule, MovieNotFoundError, defineRule, parseMovieId } from '@cinelayer/core'
import { type HousekeeperOptions, type HousekeepingRun, createHousekeeper, notReadFor } from '@cinelayer/housekeeping'

/** The movies {@link MovieEngine.downgrade} takes down, and to which level. */
export type DowngradeSelection =
  /** These movies (any of their ids), or every stored movie, down to `to` when they are above it. */
  | { ids: readonly string[] | 'all'; to: string }
  /** Every movie nobody has read for more than `days` days, down to `to` (default `'basic'`). */
  | { notReadForDays: number; to?: string }

/** Options of {@link MovieEngine.downgrade}. */
export interface DowngradeOptions {
  /** Only plan, write nothing. Default `false`: a downgrade asked for by name is applied. */
  dryRun?: boolean
}

/** What a downgrader needs: the housekeeper's sources, without its rules. */
export type DowngraderDeps = Omit<HousekeeperOptions, 'rules' | 'budgetBytes'>

/** Name of the rule behind a downgrade asked for by id, as plans and `MovieDowngraded` reasons show it. */
export const REQUESTED_DOWNGRADE_RULE = 'requested'

/**
 * Downgrades chosen by the caller rather than by the engine's rules (an operator's `cinelayer
 * downgrade`). They go through a housekeeper of their own, so they are planned, applied and
 * reported exactly as housekeeping is: locked fields stay, a movie read since the plan is skipped,
 * `MovieDowngraded` and `HousekeepingCompleted` are published.
 */
export function createDowngrader(deps: DowngraderDeps): (selection: DowngradeSelection, options?: DowngradeOptions) => Promise<HousekeepingRun> {
  return async (selection, options = {}) => {
    const rule = await ruleFor(deps, selection)
    return createHousekeeper({ ...deps, rules: [rule] }).run({ dryRun: options.dryRun ?? false })
  }
}

async function ruleFor(deps: DowngraderDeps, selection: DowngradeSelection): Promise<HousekeepingRule> {
  const { levels } = deps
  if ('notReadForDays' in selection) return notReadFor({ days: selection.notReadForDays, to: levels.assert(selection.to ?? 'basic') })
  const to = levels.assert(selection.to)
  const wanted = selection.ids === 'all' ? null : await canonicalIds(deps, selection.ids)
  return defineRule({
    name: REQUESTED_DOWNGRADE_RULE,
    evaluate({ movie }) {
      if (wanted && !wanted.has(movie.id)) return null
      if (levels.compare(movie.level, to) <= 0) return null
      return { maxLevel: to, reason: `asked for: down to ${to}` }
    },
  })
}

/** Every id resolved before anything is planned: one unknown id fails the whole request. */
async function canonicalIds(deps: DowngraderDeps, ids: readonly string[]): Promise<Set<string>> {
  const canonical = new Set<string>()
  for (const id of ids) {
    const parsed = parseMovieId(id)
    const found = await deps.movies.resolve(parsed.id)
    if (!found) throw new MovieNotFoundError(parsed.id)
    canonical.add(found)
  }
  return canonical
}
