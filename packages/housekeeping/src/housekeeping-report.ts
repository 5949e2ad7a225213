import {
  CinelayerError,
  type Clock,
  type EventBus,
  type LevelSet,
  type Movie,
  type MovieChange,
  type MovieStats,
  type StatsStore,
  type SummarizedMovieStore,
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
import { withoutStoredSizes } from './stored-image-refs.js'

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
  movies: SummarizedMovieStore
  stats: StatsStore
  levels: LevelSet
  bus: EventBus
  clock: Clock
  images?: ImageInventory
  tracker?: PendingAccesses
  /** Changes committed together (different movies, one commit when none conflicts). Default `200`. */
  batchSize?: number
}

type Outcome = { applied: AppliedDowngrade } | { skipped: SkippedChange } | { failed: FailureRecord }

/**
 * Applies a plan, a batch of movies per commit. Each change is decided again inside the movie's
 * update, on the record as stored then: a movie that changed since the plan (`updatedAt`) or was
 * read at or after the plan's time is left alone. A plan is advice about the past, not an order.
 */
export async function applyPlan(targets: ApplyTargets, plan: HousekeepingPlan): Promise<HousekeepingReport> {
  const startedAt = new Date(targets.clock.now()).toISOString()
  // Uses written behind count too: what the tracker holds is flushed before any movie is judged.
  await targets.tracker?.flush()
  const downgraded: AppliedDowngrade[] = []
  const skipped: SkippedChange[] = []
  const failed: FailureRecord[] = []
  const batchSize = Math.max(1, targets.batchSize ?? 200)
  for (let start = 0; start < plan.changes.length; start += batchSize) {
    const batch = plan.changes.slice(start, start + batchSize)
    for (const [index, outcome] of (await applyBatch(targets, plan, batch)).entries()) {
      if ('applied' in outcome) {
        downgraded.push(outcome.applied)
        publishDowngrade(targets, outcome.applied, batch[index]!, plan.id)
      } else if ('skipped' in outcome) skipped.push(outcome.skipped)
      else failed.push(outcome.failed)
    }
  }
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

/** What one change's update decided, set by the change itself (the last run of it wins). */
interface Decision {
  skip?: string
  result?: ReturnType<typeof downgradeMovie>
  before?: Movie
}

async function applyBatch(targets: ApplyTargets, plan: HousekeepingPlan, batch: readonly PlannedChange[]): Promise<Outcome[]> {
  const decisions = batch.map((): Decision => ({}))
  const changes = batch.map((change, index) => ({ id: change.movieId, change: decide(targets, plan, change, decisions[index]!) }))
  const settled = await targets.movies.updateMany(changes)
  return Promise.all(
    batch.map((change, index) => {
      const outcome = settled[index]!
      if (outcome.status === 'fulfilled') return outcomeOf(targets, change, decisions[index]!)
      const error = outcome.reason
      if (!(error instanceof CinelayerError)) throw error
      // The housekeeper's own findings (an unknown level) say it best; a store failure is a failed write.
      const coded = error.code.startsWith('CINELAYER_ERR_HOUSEKEEPING_') ? error : new HousekeepingWriteError(change.movieId, change.to, error)
      return { failed: failureRecord(change.movieId, coded) }
    }),
  )
}

/** The change a planned downgrade makes, checked again on the record as stored at commit time. */
function decide(targets: ApplyTargets, plan: HousekeepingPlan, change: PlannedChange, decision: Decision): MovieChange {
  return async (movie, context) => {
    Object.assign(decision, { skip: undefined, result: undefined, before: undefined })
    if (!movie) return void (decision.skip = 'no longer stored'), null
    if (movie.updatedAt !== change.basedOn) return void (decision.skip = `changed since the plan (updated ${movie.updatedAt}, planned on ${change.basedOn})`), null
    const lastRead = lastReadOf(await context.stats(movie.id), targets.tracker?.pendingLastAccess(movie.id) ?? null)
    if (lastRead !== null && lastRead >= Date.parse(plan.createdAt)) {
      return void (decision.skip = `read at ${new Date(lastRead).toISOString()}, after the plan was made at ${plan.createdAt}`), null
    }
    if (!targets.levels.names.includes(change.to)) throw new HousekeepingLevelUnknownError(`Planned change of ${movie.id}`, change.to, targets.levels.names)
    const facets = change.facetsDropped.filter((facet) => facet in movie.facets)
    if (facets.length === 0 && change.imageSizesDropped.length === 0) return void (decision.skip = `already at "${movie.level}" with nothing planned left to drop`), null
    decision.before = movie
    // The planned facets, exactly: from the top so that nothing else goes.
    const result = downgradeMovie(movie, targets.levels.highest, targets.levels, targets.clock.now(), { dropFacets: change.facetsDropped })
    // The records say which files went (no bytes on their references), in the same commit, and
    // their facets go stale: the next request at their level downloads them again.
    const images = withoutStoredSizes(result.movie, change.imageSizesDropped, targets.levels)
    const changed = result.facetsDropped.length > 0 || images.facets.length > 0
    decision.result = { ...result, movie: changed ? { ...images.movie, updatedAt: new Date(targets.clock.now()).toISOString() } : result.movie }
    if (!changed) return null
    return { movie: decision.result.movie, ...(dropsRelations(result, targets.levels) ? { credits: [] } : {}) }
  }
}

/** The facet whose fields the credit relations (the movie's and each person's side) repeat. */
const CREDITS_FACET = 'credits'

/**
 * Whether the downgrade takes the credits facet away entirely: then the credit relations go in the
 * same commit (both ways), or they would outlive the fields they repeat. A locked cast or crew keeps them.
 */
function dropsRelations(result: ReturnType<typeof downgradeMovie>, levels: LevelSet): boolean {
  if (!result.facetsDropped.includes(CREDITS_FACET)) return false
  const fields = levels.fieldsOf(CREDITS_FACET)
  return !result.fieldsKept.some((field) => fields.includes(field))
}

/** The outcome of a decided change; image files go once the record is written (they can be fetched again). */
async function outcomeOf(targets: ApplyTargets, change: PlannedChange, decision: Decision): Promise<Outcome> {
  const { movieId } = change
  if (decision.skip !== undefined || !decision.result || !decision.before) return { skipped: { movieId, reason: decision.skip ?? 'not decided' } }
  let imageBytesFreed = 0
  if (change.imageSizesDropped.length > 0 && targets.images) {
    try {
      imageBytesFreed = await targets.images.removeSizes(movieId, change.imageSizesDropped)
    } catch (error) {
      return { failed: failureRecord(movieId, new HousekeepingImagesError(movieId, change.imageSizesDropped, error)) }
    }
  }
  const { result, before } = decision
  return {
    applied: {
      movieId,
      from: before.level,
      to: result.movie.level,
      facetsDropped: result.facetsDropped,
      fieldsKept: result.fieldsKept,
      imageSizesDropped: change.imageSizesDropped,
      bytesFreed: (result.facetsDropped.length > 0 ? recordBytes(before) - recordBytes(result.movie) : 0) + imageBytesFreed,
      imageBytesFreed,
    },
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
