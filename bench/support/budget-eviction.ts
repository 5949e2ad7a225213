/**
 * Eviction to a byte budget, the same for every policy of the year simulation: while the bytes
 * stored are over the budget, the policy's coldest movies go down one level (deep → medium →
 * basic → initial) through the engine's housekeeping apply path, and the bytes are measured again. A batch is sized
 * from the bytes the previous one freed, so that a pass ends just under the budget, not far below.
 */
import type { HousekeepingRule } from 'cinelayer'
import type { EvictionPolicy } from './classic-policies.js'
import type { SimulationEngine } from './simulation-engine.js'

/** Rounds at most per pass: a pass that cannot get under the budget stops (everything is at `initial`). */
const MAX_ROUNDS = 50

/** What the last rounds of a run learnt: kept over the run, so a weekly pass starts from last week's sizes. */
export interface EvictionMemory {
  /** Bytes one step freed on average in the last round. */
  freedPerStep?: number
  /** Steps in the last round. */
  lastBatch?: number
}

/** Takes the policy's coldest movies down a level at a time until the catalog is within `budget`. */
export async function evictStepwise(engine: SimulationEngine, budget: number, policy: EvictionPolicy, memory: EvictionMemory): Promise<void> {
  const names = engine.levels.names
  let bytes = await engine.bytesStored()
  for (let round = 0; round < MAX_ROUNDS && bytes > budget; round++) {
    const levels = await engine.levelsById()
    const stored = [...levels].filter(([, level]) => names.indexOf(level) > 0).map(([movieId]) => movieId)
    if (stored.length === 0) return
    // Under-aim, and at most four times the last batch: steps free different bytes at different levels
    // (credits weigh most); a batch too small costs one more round, one too large evicts for nothing.
    const lastBatch = memory.lastBatch ?? 8
    const steps = memory.freedPerStep ? Math.min(4 * lastBatch, Math.ceil((0.9 * (bytes - budget)) / memory.freedPerStep)) : lastBatch
    const batch = policy.coldestFirst(stored).slice(0, Math.max(1, steps))
    await engine.downgradeEach(new Map(batch.map((movieId) => [movieId, names[names.indexOf(levels.get(movieId)!) - 1]!])))
    const after = await engine.bytesStored()
    if (after >= bytes) return
    memory.lastBatch = batch.length
    memory.freedPerStep = (bytes - after) / batch.length
    bytes = after
  }
}

/** How far a housekeeping plan's estimate of the bytes it frees was from what it freed. */
export interface PlanCalibration {
  /** Bytes freed for a byte planned; `undefined` until a run has freed something. */
  ratio?: number
}

/**
 * Runs housekeeping rules made for a target until the catalog is within `budget`. A plan counts
 * the bytes of the records it changes, not the credit relations that go with them, so it frees
 * more than it plans: like the classic policies' batches, each round aims from what the previous
 * ones freed for a byte planned (`calibration`, kept over the run), a little short of the budget.
 */
export async function housekeepToBudget(engine: SimulationEngine, rulesFor: (target: number) => readonly HousekeepingRule[], budget: number, calibration: PlanCalibration): Promise<void> {
  let bytes = await engine.bytesStored()
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const over = Math.max(0, bytes - budget)
    const target = calibration.ratio === undefined ? bytes - over / 2 : bytes - (0.9 * over) / calibration.ratio
    const run = await engine.budgetHousekeeper(rulesFor(Math.max(budget, target)), Math.max(budget, target)).run({ dryRun: false })
    const after = await engine.bytesStored()
    if (run.plan.totals.bytesFreed > 0 && after < bytes) calibration.ratio = (bytes - after) / run.plan.totals.bytesFreed
    if (after <= budget || after >= bytes) return
    bytes = after
  }
}
