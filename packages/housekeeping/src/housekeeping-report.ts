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
  HousekeepingImagesError,
  HousekeepingLevelUnknownError,
  HousekeepingWriteError,
  failureRecord,
  readOrThrow,
} from './errors.js'
import type { HousekeepingPlan, PlannedChange } from './housekeeping-plan.js'
import type { ImageInventory } from './image-inventory.js'

/** A change that was carried out. */
export interface AppliedDowngrade {
  movieId: string
  from: string
  to: string
  facetsDropped: string[]
  /** Locked fields that stayed although their facet went. */
  fieldsKept: string[]
  /** Image sizes whose stored files were removed. */
  imageSizesDropped: string[]
  /** Bytes freed, measured when written: what the record shrank by plus the image bytes removed. */
  bytesFreed: number
  /** The part of `bytesFreed` that is image files. */
  imageBytesFreed: number
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
  totals: { examined: number; downgraded: number; skipped: number; failed: number; bytesFreed: number; imageBytesFreed: number }
}

/** Uses counted but not yet written, so that a movie read a moment ago is not taken down. */
export interface PendingAccesses {
  /** Writes what is pending. */
  flush(): Promise<unknown>
  /** Latest use of a canonical movie id not yet written (ms since epoch), or `null`. */
  pendingLastAccess(movieId: string): number | null
}

/** What a plan is applied to. */
export interface ApplyTargets {
  movies: MovieStore
  stats: StatsStore
  levels: LevelSet
  bus: EventBus
  clock: Clock
  images?: ImageInventory
  tracker?: PendingAccesses
  /** Changes carried out at once (different movies). Default `8`. */
  concurrency?: number
}

type Outcome = { applied: AppliedDowngrade } | { skipped: SkippedChange } | { failed: FailureRecord }

/**
 * Applies a plan movie by movie. Each movie is re-read first and left alone when it changed or
 * was read since the plan was made: a plan is advice about the past, not an order.
 */
export async function applyPlan(targets: ApplyTargets, plan: HousekeepingPlan): Promise<HousekeepingReport> {
  const startedAt = new Date(targets.clock.now()).toISOString()
  // Uses written behind count too: what the tracker holds is flushed before any movie is judged.
  await targets.tracker?.flush()
  const downgraded: AppliedDowngrade[] = []
  const skipped: SkippedChange[] = []
  const failed: FailureRecord[] = []
  // Movies are independent: several are applied at once (a pass over a large catalog on fs is
  // bound by I/O latency), but outcomes and events are taken in plan order, whatever finishes first.
  const outcomes = new Array<Outcome | undefined>(plan.changes.length)
  let taken = 0
  const take = () => {
    for (let outcome = outcomes[taken]; outcome !== undefined; outcome = outcomes[++taken]) {
      if ('applied' in outcome) {
        downgraded.push(outcome.applied)
        publishDowngrade(targets, outcome.applied, plan.changes[taken]!, plan.id)
      } else if ('skipped' in outcome) skipped.push(outcome.skipped)
      else failed.push(outcome.failed)
    }
  }
  let next = 0
  const worker = async () => {
    while (next < plan.changes.length) {
      const index = next++
      outcomes[index] = await applyChange(targets, plan, plan.changes[index]!)
      take()
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, targets.concurrency ?? 8), plan.changes.length) }, worker))
  const bytesFreed = downgraded.reduce((sum, entry) => sum + entry.bytesFreed, 0)
  const imageBytesFreed = downgraded.reduce((sum, entry) => sum + entry.imageBytesFreed, 0)
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
    totals: { examined: plan.examined, downgraded: downgraded.length, skipped: skipped.length, failed: failed.length, bytesFreed, imageBytesFreed },
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
    const lastRead = lastReadOf(stats, targets.tracker?.pendingLastAccess(movieId) ?? null)
    if (lastRead !== null && lastRead >= Date.parse(plan.createdAt)) {
      return skip(`read at ${new Date(lastRead).toISOString()}, after the plan was made at ${plan.createdAt}`)
    }
    if (!levels.names.includes(change.to)) throw new HousekeepingLevelUnknownError(`Planned change of ${movieId}`, change.to, levels.names)
    const facets = change.facetsDropped.filter((facet) => facet in movie.facets)
    if (facets.length === 0 && change.imageSizesDropped.length === 0) return skip(`already at "${movie.level}" with nothing planned left to drop`)
    return { applied: await downgrade(targets, movie, change) }
  } catch (error) {
    if (!(error instanceof CinelayerError)) throw error
    return { failed: failureRecord(movieId, error) }
  }
}

async function downgrade(targets: ApplyTargets, movie: Movie, change: PlannedChange): Promise<AppliedDowngrade> {
  // Image files go first: if that fails the record is untouched, and files can always be fetched again.
  let imageBytesFreed = 0
  if (change.imageSizesDropped.length > 0 && targets.images) {
    try {
      imageBytesFreed = await targets.images.removeSizes(movie.id, change.imageSizesDropped)
    } catch (error) {
      throw new HousekeepingImagesError(movie.id, change.imageSizesDropped, error)
    }
  }
  // The planned facets, exactly: from the top so that nothing else goes.
  const result = downgradeMovie(movie, targets.levels.highest, targets.levels, targets.clock.now(), { dropFacets: change.facetsDropped })
  if (result.facetsDropped.length > 0) {
    try {
      await targets.movies.put(result.movie)
    } catch (error) {
      throw new HousekeepingWriteError(movie.id, change.to, error)
    }
  }
  return {
    movieId: movie.id,
    from: movie.level,
    to: result.movie.level,
    facetsDropped: result.facetsDropped,
    fieldsKept: result.fieldsKept,
    imageSizesDropped: change.imageSizesDropped,
    bytesFreed: (result.facetsDropped.length > 0 ? recordBytes(movie) - recordBytes(result.movie) : 0) + imageBytesFreed,
    imageBytesFreed,
  }
}

function publishDowngrade(targets: ApplyTargets, applied: AppliedDowngrade, change: PlannedChange, planId: string): void {
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
      ...(applied.imageSizesDropped.length > 0 ? { imageSizesDropped: applied.imageSizesDropped } : {}),
    },
  })
}

/** The latest read known, written or pending (ms), or `null`. An access at the very instant of the plan counts as after it: when in doubt, keep. */
function lastReadOf(stats: MovieStats | null, pending: number | null): number | null {
  const written = stats?.lastAccess ? Date.parse(stats.lastAccess) : Number.NaN
  if (Number.isFinite(written)) return pending === null ? written : Math.max(written, pending)
  return pending
}
