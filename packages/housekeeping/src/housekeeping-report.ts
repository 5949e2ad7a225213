import {
  CinelayerError,
  type Clock,
  type EventBus,
  type LevelSet,
  type Movie,
  type MovieStats,
  type MovieStore,
  type StatsStore,
  downgradeMovie,
  recordBytes,
} from '@cinelayer/core'
import {
  type FailureRecord,
  HousekeepingLevelUnknownError,
  HousekeepingWriteError,
  failureRecord,
  readOrThrow,
} from './errors.js'
import type { HousekeepingPlan, PlannedChange } from './housekeeping-plan.js'

/** A downgrade that was written. */
export interface AppliedDowngrade {
  movieId: string
  from: string
  to: string
  facetsDropped: string[]
  /** Locked fields that stayed although their facet went. */
  fieldsKept: string[]
  /** Bytes the record shrank by, measured when written. */
  bytesFreed: number
}

/** A planned change that was not applied because the movie moved on since the plan. */
export interface SkippedChange {
  movieId: string
  reason: string
}

/** What applying a plan did. */
export interface HousekeepingReport {
  /** The plan applied (also the correlation id of the events published). */
  planId: string
  startedAt: string
  finishedAt: string
  downgraded: AppliedDowngrade[]
  skipped: SkippedChange[]
  /** Changes that failed to read or write; each of those records is unchanged. */
  failed: FailureRecord[]
  totals: { examined: number; downgraded: number; skipped: number; failed: number; bytesFreed: number }
}

/** What a plan is applied to. */
export interface ApplyTargets {
  movies: MovieStore
  stats: StatsStore
  levels: LevelSet
  bus: EventBus
  clock: Clock
}

type Outcome = { applied: AppliedDowngrade } | { skipped: SkippedChange } | { failed: FailureRecord }

/**
 * Applies a plan movie by movie. Each movie is re-read first and left alone when it changed or
 * was read since the plan was made: a plan is advice about the past, not an order.
 */
export async function applyPlan(targets: ApplyTargets, plan: HousekeepingPlan): Promise<HousekeepingReport> {
  const startedAt = new Date(targets.clock.now()).toISOString()
  const downgraded: AppliedDowngrade[] = []
  const skipped: SkippedChange[] = []
  const failed: FailureRecord[] = []
  for (const change of plan.changes) {
    const outcome = await applyChange(targets, plan, change)
    if ('applied' in outcome) downgraded.push(outcome.applied)
    else if ('skipped' in outcome) skipped.push(outcome.skipped)
    else failed.push(outcome.failed)
  }
  const bytesFreed = downgraded.reduce((sum, entry) => sum + entry.bytesFreed, 0)
  targets.bus.publish({
    type: 'HousekeepingCompleted',
    correlationId: plan.id,
    // The event has no failure count: a failed change was not applied, so it counts as skipped.
    payload: { dryRun: false, examined: plan.examined, downgraded: downgraded.length, skipped: skipped.length + failed.length, bytesFreed },
  })
  return {
    planId: plan.id,
    startedAt,
    finishedAt: new Date(targets.clock.now()).toISOString(),
    downgraded,
    skipped,
    failed,
    totals: { examined: plan.examined, downgraded: downgraded.length, skipped: skipped.length, failed: failed.length, bytesFreed },
  }
}

async function applyChange(targets: ApplyTargets, plan: HousekeepingPlan, change: PlannedChange): Promise<Outcome> {
  const { movies, levels } = targets
  const { movieId } = change
  const skip = (reason: string): Outcome => ({ skipped: { movieId, reason } })
  try {
    const movie = await readOrThrow(`movie ${movieId}`, () => movies.get(movieId))
    if (!movie) return skip('no longer stored')
    if (movie.updatedAt !== change.basedOn) return skip(`changed since the plan (updated ${movie.updatedAt}, planned on ${change.basedOn})`)
    const stats = await readOrThrow(`usage statistics of ${movieId}`, () => targets.stats.get(movieId))
    if (readSince(stats, plan.createdAt)) return skip(`read at ${stats!.lastAccess}, after the plan was made at ${plan.createdAt}`)
    if (!levels.names.includes(change.to)) throw new HousekeepingLevelUnknownError(`Planned change of ${movieId}`, change.to, levels.names)
    if (levels.compare(movie.level, change.to) <= 0) return skip(`already at "${movie.level}", not above "${change.to}"`)
    return { applied: await downgrade(targets, movie, change, plan.id) }
  } catch (error) {
    if (!(error instanceof CinelayerError)) throw error
    return { failed: failureRecord(movieId, error) }
  }
}

async function downgrade(targets: ApplyTargets, movie: Movie, change: PlannedChange, planId: string): Promise<AppliedDowngrade> {
  const result = downgradeMovie(movie, change.to, targets.levels, targets.clock.now())
  try {
    await targets.movies.put(result.movie)
  } catch (error) {
    throw new HousekeepingWriteError(movie.id, change.to, error)
  }
  const applied: AppliedDowngrade = {
    movieId: movie.id,
    from: movie.level,
    to: result.movie.level,
    facetsDropped: result.facetsDropped,
    fieldsKept: result.fieldsKept,
    bytesFreed: recordBytes(movie) - recordBytes(result.movie),
  }
  targets.bus.publish({
    type: 'MovieDowngraded',
    correlationId: planId,
    payload: {
      movieId: applied.movieId,
      from: applied.from,
      to: applied.to,
      facetsDropped: applied.facetsDropped,
      bytesFreed: applied.bytesFreed,
      reasons: change.reasons.map((entry) => `${entry.rule}: ${entry.reason}`),
    },
  })
  return applied
}

/** An access at the very instant of the plan counts as after it: when in doubt, keep. */
function readSince(stats: MovieStats | null, planCreatedAt: string): boolean {
  if (!stats?.lastAccess) return false
  return Date.parse(stats.lastAccess) >= Date.parse(planCreatedAt)
}
