import type { Clock, EventBus, HousekeepingRule, LevelSet, MovieStore, StatsStore } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'
import { type HousekeepingPlan, makePlan } from './housekeeping-plan.js'
import { type HousekeepingReport, applyPlan } from './housekeeping-report.js'

/** Options of {@link createHousekeeper}. */
export interface HousekeeperOptions {
  /** Where the movies live; read by `plan`, written by `apply`. */
  movies: MovieStore
  /** Usage statistics: the rules see them, and `apply` skips a movie read since the plan. */
  stats: StatsStore
  /** The level ladder verdicts and downgrades refer to (the engine's, plugins included). */
  levels: LevelSet
  /** Receives `MovieDowngraded` and `HousekeepingCompleted` (category `housekeeping`). */
  bus: EventBus
  /** Source of "now" for the rules, the plan's time and the records' `updatedAt`. */
  clock: Clock
  /** Weighting rules, evaluated in order on every movie. Names must be unique. */
  rules: readonly HousekeepingRule[]
  /** Disk budget in bytes passed to the rules (`context.budgetBytes`). Default: none. */
  budgetBytes?: number
}

/** Options of {@link Housekeeper.run}. */
export interface HousekeepingRunOptions {
  /** Only plan, write nothing. Default `true`: applying must be asked for. */
  dryRun?: boolean
}

/** What {@link Housekeeper.run} did. */
export interface HousekeepingRun {
  plan: HousekeepingPlan
  /** Present when the plan was applied (`dryRun: false`). */
  report?: HousekeepingReport
}

/** Scores movies with weighting rules and takes the unused ones down a level or more. */
export interface Housekeeper {
  /** The rules, in evaluation order. */
  readonly rules: readonly HousekeepingRule[]
  /**
   * Scores every stored movie and plans the downgrades. Writes nothing. A movie whose rules fail
   * or whose record cannot be read is left out of the changes and listed in `problems`.
   * @throws HousekeepingReadError when the movie list or the usage statistics cannot be read.
   */
  plan(): Promise<HousekeepingPlan>
  /**
   * Applies a plan. A movie that changed since the plan (`updatedAt` differs) or was read at or
   * after the plan's time is skipped; a failed read or write is reported and the others go on.
   * Publishes `MovieDowngraded` per movie written and `HousekeepingCompleted` at the end.
   */
  apply(plan: HousekeepingPlan): Promise<HousekeepingReport>
  /**
   * Plans, then applies unless `dryRun`. A dry run publishes `HousekeepingCompleted` with
   * `dryRun: true` and the counts the plan proposes (nothing is skipped in a plan).
   */
  run(options?: HousekeepingRunOptions): Promise<HousekeepingRun>
}

/**
 * Creates a {@link Housekeeper}.
 * @throws HousekeepingOptionsError on duplicate rule names or a negative budget.
 */
export function createHousekeeper(options: HousekeeperOptions): Housekeeper {
  checkOptions(options)
  const rules = [...options.rules]
  const { movies, stats, levels, bus, clock, budgetBytes } = options
  let sequence = 0
  const plan = () =>
    makePlan({ movies, stats, levels, clock, rules, ...(budgetBytes === undefined ? {} : { budgetBytes }) }, `housekeeping-${clock.now()}-${++sequence}`)
  const apply = (planned: HousekeepingPlan) => applyPlan({ movies, stats, levels, bus, clock }, planned)
  return {
    rules,
    plan,
    apply,
    async run({ dryRun = true } = {}) {
      const planned = await plan()
      if (!dryRun) return { plan: planned, report: await apply(planned) }
      bus.publish({
        type: 'HousekeepingCompleted',
        correlationId: planned.id,
        payload: { dryRun: true, examined: planned.examined, downgraded: planned.changes.length, skipped: 0, bytesFreed: planned.totals.bytesFreed },
      })
      return { plan: planned }
    },
  }
}

function checkOptions(options: HousekeeperOptions): void {
  if (!Array.isArray(options.rules)) throw new HousekeepingOptionsError('rules', 'expected an array of rules')
  const names = new Set<string>()
  for (const rule of options.rules) {
    if (!rule || typeof rule.name !== 'string' || rule.name === '' || typeof rule.evaluate !== 'function') {
      throw new HousekeepingOptionsError('rules', 'every rule needs a name and an evaluate() function (use defineRule)')
    }
    if (names.has(rule.name)) throw new HousekeepingOptionsError('rules', `two rules are named "${rule.name}"`)
    names.add(rule.name)
  }
  const { budgetBytes } = options
  if (budgetBytes !== undefined && (typeof budgetBytes !== 'number' || !Number.isFinite(budgetBytes) || budgetBytes < 0)) {
    throw new HousekeepingOptionsError('budgetBytes', `expected a finite number of bytes >= 0, got ${String(budgetBytes)}`)
  }
}
