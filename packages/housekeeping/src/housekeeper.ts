import type { Clock, EventBus, HousekeepingRule, LevelSet, StatsStore, SummarizedMovieStore } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'
import { type HousekeepingPlan, type PlanSources, makePlan } from './housekeeping-plan.js'
import { type HousekeepingReport, type PendingAccesses, applyPlan } from './housekeeping-report.js'
import type { ImageInventory } from './image-inventory.js'

/** Options of {@link createHousekeeper}. */
export interface HousekeeperOptions {
  /**
   * Where the movies live: `plan` reads their summaries (no record is parsed), `apply` changes them
   * through the store's `update`, a batch per commit (`@cinelayer/storage`'s movie repository).
   */
  movies: SummarizedMovieStore
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
  /** The movies' stored image files: rules see their sizes, plans can drop sizes. Default: none (records only). */
  images?: ImageInventory
  /**
   * The engine's stats tracker (or anything holding uses not yet written): flushed before a plan
   * is made and before one is applied, and consulted per movie by `apply`. Default: none.
   */
  tracker?: PendingAccesses
  /**
   * Measures the catalog for `context.bytesStored` and the budget. Default: every movie record's
   * size plus its stored images.
   */
  bytesStored?: () => Promise<number>
  /**
   * Measures the bytes free on the file system of the catalog (the engine gives `statfs` of its data
   * folder), once per plan, for `context.freeBytes` (a disk budget with `minFreeBytes` reads it).
   * Default: none (no rule sees the free space).
   */
  freeBytes?: () => Promise<number>
  /** Changes `apply` commits together (different movies; outcomes and events stay in plan order). Default `200`. */
  applyBatchSize?: number
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
   * Scores every stored movie and plans the changes. Writes nothing (but flushes the tracker).
   * A movie whose rules fail or whose summary or images cannot be read is left out of the changes
   * and listed in `problems`. Reads summaries and usage only, never the records.
   * @throws HousekeepingReadError when the movie list cannot be read.
   */
  plan(): Promise<HousekeepingPlan>
  /**
   * Applies a plan. A movie that changed since the plan (`updatedAt` differs) or was read at or
   * after the plan's time (written or still pending in the tracker) is skipped; a failed read or
   * write is reported and the others go on.
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
  const { movies, stats, levels, bus, clock, budgetBytes, images, tracker, bytesStored, applyBatchSize, freeBytes } = options
  let sequence = 0
  const sources: PlanSources = {
    movies,
    stats,
    levels,
    clock,
    rules,
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    ...(images ? { images } : {}),
    ...(bytesStored ? { bytesStored } : {}),
    ...(freeBytes ? { freeBytes } : {}),
  }
  const plan = async () => {
    await tracker?.flush()
    return makePlan(sources, `housekeeping-${clock.now()}-${++sequence}`)
  }
  const targets = { movies, stats, levels, bus, clock, ...(images ? { images } : {}), ...(tracker ? { tracker } : {}), ...(applyBatchSize ? { batchSize: applyBatchSize } : {}) }
  const apply = (planned: HousekeepingPlan) => applyPlan(targets, planned)
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
  const { budgetBytes, applyBatchSize } = options
  if (applyBatchSize !== undefined && !(Number.isInteger(applyBatchSize) && applyBatchSize >= 1)) {
    throw new HousekeepingOptionsError('applyBatchSize', `expected an integer >= 1, got ${String(applyBatchSize)}`)
  }
  if (budgetBytes !== undefined && (typeof budgetBytes !== 'number' || !Number.isFinite(budgetBytes) || budgetBytes < 0)) {
    throw new HousekeepingOptionsError('budgetBytes', `expected a finite number of bytes >= 0, got ${String(budgetBytes)}`)
  }
}
