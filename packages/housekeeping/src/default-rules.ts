import type { HousekeepingRule } from '@cinelayer/core'
import { diskBudget } from './disk-budget.js'
import { lowPopularity } from './low-popularity.js'
import { notReadFor } from './not-read-for.js'
import { protectLocalFiles } from './protect-local-files.js'
import { protectLocked } from './protect-locked.js'

/** Options of {@link defaultRules}. */
export interface DefaultRulesOptions {
  /** The disk budget in bytes. Default: the housekeeper's `budgetBytes`; none, no budget. */
  budgetBytes?: number
  /** Bytes to keep free on the catalog's disk (see `diskBudget`). Default: none. */
  minFreeBytes?: number
  /**
   * Levels movies are taken down to, in turn, while the catalog is still over the budget once HD
   * image files are gone: one `diskBudget` tier per level (named `disk-budget-<level>`), each taking
   * the lowest scores first and stopping once under budget. `['medium', 'basic', 'initial']` sheds
   * the heaviest and least asked depth across the catalog before any movie loses its summary.
   * Default: none (a budget drops HD image files only).
   */
  budgetLevels?: readonly string[]
}

/**
 * cinelayer's default housekeeping rules: not read for 180 days → `basic`; popularity below 1
 * (after a 30-day grace) → `basic`; a local video file keeps its movie at `basic` or above; plans
 * name the locked fields they keep; and, when a budget is set (here or on the housekeeper, in bytes
 * or as free space to keep on the disk), HD image files go lowest score first while the catalog is over it,
 * then, with `budgetLevels`, movies go down to each of those levels in turn.
 *
 * @example defaultRules({ budgetBytes: 2e9, budgetLevels: ['medium', 'basic', 'initial'] })
 * @throws HousekeepingOptionsError for a negative budget or an empty level name.
 */
export function defaultRules(options: DefaultRulesOptions = {}): HousekeepingRule[] {
  const limits = {
    ...(options.budgetBytes === undefined ? {} : { budgetBytes: options.budgetBytes }),
    ...(options.minFreeBytes === undefined ? {} : { minFreeBytes: options.minFreeBytes }),
  }
  return [
    notReadFor({ days: 180, to: 'basic' }),
    lowPopularity(),
    protectLocalFiles(),
    protectLocked(),
    diskBudget(limits),
    ...(options.budgetLevels ?? []).map((to) => diskBudget({ ...limits, name: `disk-budget-${to}`, drop: { to } })),
  ]
}
