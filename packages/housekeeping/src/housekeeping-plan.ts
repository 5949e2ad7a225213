import {
  CinelayerError,
  type Clock,
  type HousekeepingRule,
  type LevelSet,
  type Movie,
  type MovieStore,
  type RuleContext,
  type StatsStore,
  downgradeMovie,
  recordBytes,
} from '@cinelayer/core'
import { type FailureRecord, HousekeepingReadError, failureRecord, readOrThrow } from './errors.js'
import { type PlanReason, assessMovie } from './movie-assessment.js'

/** One movie the plan takes down. */
export interface PlannedChange {
  movieId: string
  /** Level the movie is at now. */
  from: string
  /** Level it goes down to. */
  to: string
  facetsDropped: string[]
  /** Locked fields that stay although their facet goes. */
  fieldsKept: string[]
  /** Serialized size of the record now. */
  bytesBefore: number
  /** Serialized size once downgraded. */
  bytesAfter: number
  bytesFreed: number
  /** Sum of the rules' weights (higher keeps the movie richer). */
  score: number
  reasons: PlanReason[]
  /** The movie's `updatedAt` when planned: `apply` skips the movie if it changed since. */
  basedOn: string
}

/** A housekeeping plan: what would go down, to which level, why, and what it frees. It is plain data. */
export interface HousekeepingPlan {
  /** Unique per housekeeper; the correlation id of the events `apply` publishes. */
  id: string
  /** ISO time the plan was made (the clock's now, which the rules saw). */
  createdAt: string
  /** Movies looked at, readable or not. */
  examined: number
  /** Bytes every readable movie record takes. */
  bytesStored: number
  /** The disk budget the rules saw, when one is configured. */
  budgetBytes?: number
  /** Downgrades, lowest score first. */
  changes: PlannedChange[]
  /** Movies left alone because a rule failed or their record could not be read. */
  problems: FailureRecord[]
  totals: { movies: number; bytesBefore: number; bytesAfter: number; bytesFreed: number }
}

/** What a plan is made from. */
export interface PlanSources {
  movies: MovieStore
  stats: StatsStore
  levels: LevelSet
  clock: Clock
  rules: readonly HousekeepingRule[]
  budgetBytes?: number
}

interface LoadedMovie {
  movie: Movie
  bytes: number
}

// Bounds parallel reads so that a large catalog on a remote driver is not hit all at once.
const READ_CONCURRENCY = 16

/** Scores every stored movie and plans the downgrades; reads only. */
export async function makePlan(sources: PlanSources, id: string): Promise<HousekeepingPlan> {
  const { movies, levels, rules } = sources
  const now = sources.clock.now()
  const ids = await readOrThrow('the movie list', () => movies.ids())
  const allStats = await readOrThrow('the usage statistics', () => sources.stats.all())
  const statsById = new Map(allStats.map((stats) => [stats.movieId, stats]))
  const problems: FailureRecord[] = []
  const loaded: LoadedMovie[] = []
  const reads = await mapLimited(ids, READ_CONCURRENCY, (movieId) => readMovie(movies, movieId))
  reads.forEach((read, index) => {
    if (read instanceof CinelayerError) problems.push(failureRecord(ids[index]!, read))
    else if (read) loaded.push(read)
  })
  const bytesStored = loaded.reduce((sum, entry) => sum + entry.bytes, 0)
  const context: RuleContext = { now, levels, bytesStored, ...(sources.budgetBytes === undefined ? {} : { budgetBytes: sources.budgetBytes }) }
  const changes: PlannedChange[] = []
  for (const { movie, bytes } of loaded) {
    try {
      const assessment = assessMovie({ movie, stats: statsById.get(movie.id) ?? null, bytes, context }, rules, levels)
      if (assessment.target === null) continue
      const downgrade = downgradeMovie(movie, assessment.target, levels, now)
      const bytesAfter = recordBytes(downgrade.movie)
      changes.push({
        movieId: movie.id,
        from: movie.level,
        to: downgrade.movie.level,
        facetsDropped: downgrade.facetsDropped,
        fieldsKept: downgrade.fieldsKept,
        bytesBefore: bytes,
        bytesAfter,
        bytesFreed: bytes - bytesAfter,
        score: assessment.score,
        reasons: assessment.reasons,
        basedOn: movie.updatedAt,
      })
    } catch (error) {
      // Only coded errors are a movie's problem; anything else is a bug and must surface.
      if (!(error instanceof CinelayerError)) throw error
      problems.push(failureRecord(movie.id, error))
    }
  }
  changes.sort((a, b) => a.score - b.score || compareText(a.movieId, b.movieId))
  return {
    id,
    createdAt: new Date(now).toISOString(),
    examined: reads.filter((read) => read !== null).length,
    bytesStored,
    ...(sources.budgetBytes === undefined ? {} : { budgetBytes: sources.budgetBytes }),
    changes,
    problems,
    totals: totalsOf(changes),
  }
}

function totalsOf(changes: readonly PlannedChange[]): HousekeepingPlan['totals'] {
  const totals = { movies: changes.length, bytesBefore: 0, bytesAfter: 0, bytesFreed: 0 }
  for (const change of changes) {
    totals.bytesBefore += change.bytesBefore
    totals.bytesAfter += change.bytesAfter
    totals.bytesFreed += change.bytesFreed
  }
  return totals
}

/** A movie, `null` when it vanished since the listing, or the read error. */
async function readMovie(movies: MovieStore, movieId: string): Promise<LoadedMovie | null | CinelayerError> {
  try {
    const movie = await movies.get(movieId)
    return movie ? { movie, bytes: recordBytes(movie) } : null
  } catch (error) {
    return new HousekeepingReadError(`movie ${movieId}`, error)
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

