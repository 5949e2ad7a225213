import {
  CinelayerError,
  type Clock,
  type HousekeepingRule,
  type LevelSet,
  type Movie,
  type RuleContext,
  type StatsStore,
  recordBytes,
} from '@cinelayer/core'
import { type ScannableMovieStore, createPool, walkMovies } from './catalog-walk.js'
import { type FailureRecord, failureRecord, readOrThrow } from './errors.js'
import type { ImageInventory } from './image-inventory.js'
import { type BudgetProposal, type MovieAssessment, assessMovie } from './movie-assessment.js'
import { type MovieFootprint, type PlannedChange, resolveChange } from './planned-change.js'

export type { PlannedChange } from './planned-change.js'

/** A housekeeping plan: what would change, to which level, why, and what it frees. It is plain data. */
export interface HousekeepingPlan {
  /** Unique per housekeeper; the correlation id of the events `apply` publishes. */
  id: string
  /** ISO time the plan was made (the clock's now, which the rules saw). */
  createdAt: string
  /** Movies looked at, readable or not. */
  examined: number
  /** Bytes the catalog takes (what the rules saw as `context.bytesStored`). */
  bytesStored: number
  /** The disk budget the rules saw, when one is configured. */
  budgetBytes?: number
  /** Changes, lowest score first. */
  changes: PlannedChange[]
  /** Movies left alone because a rule failed or their record or stats could not be read. */
  problems: FailureRecord[]
  totals: { movies: number; bytesBefore: number; bytesAfter: number; bytesFreed: number; imageBytesFreed: number }
}

/** What a plan is made from. */
export interface PlanSources {
  movies: ScannableMovieStore
  stats: StatsStore
  levels: LevelSet
  clock: Clock
  rules: readonly HousekeepingRule[]
  budgetBytes?: number
  images?: ImageInventory
  /** Measures the catalog; default: records plus stored images, movie by movie. */
  bytesStored?: () => Promise<number>
}

/** A movie with budget proposals, kept light (no record) until the budget phase needs it. */
interface BudgetCandidate {
  movieId: string
  basedOn: string
  assessment: MovieAssessment
}

/** Scores every stored movie and plans the changes; reads only, a bounded number of records at a time. */
export async function makePlan(planned: PlanSources, id: string): Promise<HousekeepingPlan> {
  const { levels, rules, budgetBytes } = planned
  const now = planned.clock.now()
  const listing = planned.images?.all ? await readOrThrow('the stored images', () => planned.images!.all!()) : undefined
  const sources: PlanSources = listing ? { ...planned, images: listedImages(planned.images!, listing) } : planned
  const bytesStored = sources.bytesStored ? await readOrThrow('the bytes stored', sources.bytesStored) : await measureCatalog(sources)
  const context: RuleContext = { now, levels, bytesStored, ...(budgetBytes === undefined ? {} : { budgetBytes }) }
  const problems: FailureRecord[] = []
  const changes = new Map<string, PlannedChange>()
  const candidates: BudgetCandidate[] = []
  let examined = 0
  const problem = (movieId: string, error: unknown) => {
    // Only coded errors are a movie's problem; anything else is a bug and must surface.
    if (!(error instanceof CinelayerError)) throw error
    problems.push(failureRecord(movieId, error))
  }
  await walkMovies(
    sources.movies,
    async (movie) => {
      examined++
      try {
        const footprint = await footprintOf(sources, movie)
        const stats = await readOrThrow(`usage statistics of ${movie.id}`, () => sources.stats.get(movie.id))
        const assessment = assessMovie({ movie, stats, bytes: footprint.bytes, images: footprint.images, context }, rules, levels)
        const change = resolveChange(footprint, assessment, [], levels, now)
        if (change) changes.set(movie.id, change)
        if (assessment.budget.length > 0) candidates.push({ movieId: movie.id, basedOn: movie.updatedAt, assessment })
      } catch (error) {
        problem(movie.id, error)
      }
    },
    (movieId, error) => {
      examined++
      problem(movieId, error)
    },
  )
  if (candidates.length > 0) await takeBudgetProposals(sources, { bytesStored, now, changes, candidates, problem })
  const sorted = [...changes.values()].sort((a, b) => a.score - b.score || compareText(a.movieId, b.movieId))
  problems.sort((a, b) => compareText(a.movieId, b.movieId))
  return {
    id,
    createdAt: new Date(now).toISOString(),
    examined,
    bytesStored,
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    changes: sorted,
    problems,
    totals: totalsOf(sorted),
  }
}

interface BudgetPhase {
  bytesStored: number
  now: number
  changes: Map<string, PlannedChange>
  candidates: BudgetCandidate[]
  problem: (movieId: string, error: unknown) => void
}

/**
 * Takes budget proposals rule by rule, lowest score first, while the plan leaves the catalog over
 * the proposal's budget. Records are read again here, one at a time, so that a plan over a large
 * catalog never holds every record in memory.
 */
async function takeBudgetProposals(sources: PlanSources, phase: BudgetPhase): Promise<void> {
  const { changes, candidates } = phase
  let projected = phase.bytesStored - [...changes.values()].reduce((sum, change) => sum + change.bytesFreed, 0)
  const taken = new Map<string, BudgetProposal[]>()
  const tiers = [...new Set(candidates.flatMap((candidate) => candidate.assessment.budget.map((part) => part.tier)))].sort((a, b) => a - b)
  for (const tier of tiers) {
    const inTier = candidates
      .flatMap((candidate) => candidate.assessment.budget.filter((part) => part.tier === tier).map((part) => ({ candidate, part })))
      .sort((a, b) => a.candidate.assessment.score - b.candidate.assessment.score || compareText(a.candidate.movieId, b.candidate.movieId))
    for (const { candidate, part } of inTier) {
      if (projected <= part.untilUnderBytes) continue
      const { movieId } = candidate
      try {
        const movie = await readOrThrow(`movie ${movieId}`, () => sources.movies.get(movieId))
        // Changed or gone since it was weighed: its proposal is no longer the one assessed.
        if (!movie || movie.updatedAt !== candidate.basedOn) continue
        const parts = [...(taken.get(movieId) ?? []), part]
        const change = resolveChange(await footprintOf(sources, movie), candidate.assessment, parts, sources.levels, phase.now)
        const gained = (change?.bytesFreed ?? 0) - (changes.get(movieId)?.bytesFreed ?? 0)
        if (!change || gained <= 0) continue
        changes.set(movieId, change)
        taken.set(movieId, parts)
        projected -= gained
      } catch (error) {
        phase.problem(movieId, error)
      }
    }
  }
}

/** The inventory answering `sizesOf` from one listing made at the start of the plan. */
function listedImages(images: ImageInventory, listing: ReadonlyMap<string, Readonly<Record<string, number>>>): ImageInventory {
  return { removeSizes: (movieId, sizes) => images.removeSizes(movieId, sizes), sizesOf: async (movieId) => listing.get(movieId) ?? {} }
}

async function footprintOf(sources: PlanSources, movie: Movie): Promise<MovieFootprint> {
  const images = sources.images ? await readOrThrow(`the images of ${movie.id}`, () => sources.images!.sizesOf(movie.id)) : {}
  return { movie, bytes: recordBytes(movie), images }
}

/**
 * Bytes of every movie record plus its stored images, from sizes alone (no record is parsed).
 * A size that cannot be read counts as 0 here; the record's own read reports the problem.
 */
async function measureCatalog(sources: PlanSources): Promise<number> {
  const ids = await readOrThrow('the movie list', () => sources.movies.ids())
  const pool = createPool(16)
  let total = 0
  for (const movieId of ids) {
    await pool.add(async () => {
      // Awaited first, added after: `total += await …` would read `total` before the wait and lose concurrent additions.
      const bytes = await sources.movies.sizeOf(movieId).catch(() => 0)
      const images: Readonly<Record<string, number>> = sources.images ? await sources.images.sizesOf(movieId).catch(() => ({})) : {}
      total += bytes + Object.values(images).reduce((sum, size) => sum + size, 0)
    })
  }
  await pool.drain()
  return total
}

function totalsOf(changes: readonly PlannedChange[]): HousekeepingPlan['totals'] {
  const totals = { movies: changes.length, bytesBefore: 0, bytesAfter: 0, bytesFreed: 0, imageBytesFreed: 0 }
  for (const change of changes) {
    totals.bytesBefore += change.bytesBefore
    totals.bytesAfter += change.bytesAfter
    totals.bytesFreed += change.bytesFreed
    totals.imageBytesFreed += change.imageBytesFreed
  }
  return totals
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
