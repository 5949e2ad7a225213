import {
  CinelayerError,
  type Clock,
  type HousekeepingRule,
  type LevelSet,
  type MovieStats,
  type MovieSummary,
  type RuleContext,
  type StatsStore,
  type SummarizedMovieStore,
} from '@cinelayer/core'
import { type FailureRecord, HousekeepingReadError, failureRecord, readOrThrow } from './errors.js'
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
  /** Bytes free on the catalog's file system when the plan was made, when measured. */
  freeBytes?: number
  /** Changes, lowest score first. */
  changes: PlannedChange[]
  /** Movies left alone because a rule failed or their record or stats could not be read. */
  problems: FailureRecord[]
  totals: { movies: number; bytesBefore: number; bytesAfter: number; bytesFreed: number; imageBytesFreed: number }
}

/** What a plan is made from. */
export interface PlanSources {
  movies: SummarizedMovieStore
  stats: StatsStore
  levels: LevelSet
  clock: Clock
  rules: readonly HousekeepingRule[]
  budgetBytes?: number
  images?: ImageInventory
  /** Measures the catalog; default: the records' sizes (from their summaries) plus stored images. */
  bytesStored?: () => Promise<number>
  /** Measures the free bytes of the catalog's file system (`context.freeBytes`). Default: not measured. */
  freeBytes?: () => Promise<number>
}

/** A movie with budget proposals, kept for the budget phase. */
interface BudgetCandidate {
  movie: MovieSummary
  assessment: MovieAssessment
}

/**
 * Scores every stored movie and plans the changes, from summaries, usage and image sizes alone:
 * no record is parsed, so a pass over 100,000 movies reads a few tens of megabytes.
 */
export async function makePlan(planned: PlanSources, id: string): Promise<HousekeepingPlan> {
  const { levels, rules, budgetBytes } = planned
  const now = planned.clock.now()
  const listing = planned.images?.all ? await readOrThrow('the stored images', () => planned.images!.all!()) : undefined
  const sources: PlanSources = listing ? { ...planned, images: listedImages(planned.images!, listing) } : planned
  const summaries = await readSummaries(sources.movies)
  const usage = await readStats(sources.stats)
  const bytesStored = sources.bytesStored ? await readOrThrow('the bytes stored', sources.bytesStored) : await measureCatalog(sources, summaries.movies)
  const freeBytes = sources.freeBytes ? await readOrThrow('the free space of the file system', sources.freeBytes) : undefined
  const context: RuleContext = { now, levels, bytesStored, ...(budgetBytes === undefined ? {} : { budgetBytes }), ...(freeBytes === undefined ? {} : { freeBytes }) }
  const problems: FailureRecord[] = [...summaries.problems]
  const changes = new Map<string, PlannedChange>()
  const candidates: BudgetCandidate[] = []
  const examined = summaries.movies.length + summaries.problems.length
  const problem = (movieId: string, error: unknown) => {
    // Only coded errors are a movie's problem; anything else is a bug and must surface.
    if (!(error instanceof CinelayerError)) throw error
    problems.push(failureRecord(movieId, error))
  }
  for (const movie of summaries.movies) {
    try {
      const footprint = await footprintOf(sources, movie)
      const assessment = assessMovie({ movie, stats: usage.get(movie.id) ?? null, bytes: footprint.bytes, images: footprint.images, context }, rules, levels)
      const change = resolveChange(footprint, assessment, [], levels)
      if (change) changes.set(movie.id, change)
      if (assessment.budget.length > 0) candidates.push({ movie, assessment })
    } catch (error) {
      problem(movie.id, error)
    }
  }
  if (candidates.length > 0) await takeBudgetProposals(sources, { bytesStored, changes, candidates, problem })
  const sorted = [...changes.values()].sort((a, b) => a.score - b.score || compareText(a.movieId, b.movieId))
  problems.sort((a, b) => compareText(a.movieId, b.movieId))
  return {
    id,
    createdAt: new Date(now).toISOString(),
    examined,
    bytesStored,
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    ...(freeBytes === undefined ? {} : { freeBytes }),
    changes: sorted,
    problems,
    totals: totalsOf(sorted),
  }
}

interface BudgetPhase {
  bytesStored: number
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
      .sort((a, b) => a.candidate.assessment.score - b.candidate.assessment.score || compareText(a.candidate.movie.id, b.candidate.movie.id))
    for (const { candidate, part } of inTier) {
      if (projected <= part.untilUnderBytes) continue
      const { movie } = candidate
      try {
        const parts = [...(taken.get(movie.id) ?? []), part]
        const change = resolveChange(await footprintOf(sources, movie), candidate.assessment, parts, sources.levels)
        const gained = (change?.bytesFreed ?? 0) - (changes.get(movie.id)?.bytesFreed ?? 0)
        if (!change || gained <= 0) continue
        changes.set(movie.id, change)
        taken.set(movie.id, parts)
        projected -= gained
      } catch (error) {
        phase.problem(movie.id, error)
      }
    }
  }
}

/** Every summary, unreadable ones reported as the plan's problems. */
async function readSummaries(movies: SummarizedMovieStore): Promise<{ movies: MovieSummary[]; problems: FailureRecord[] }> {
  const found: MovieSummary[] = []
  const problems: FailureRecord[] = []
  try {
    for await (const summary of movies.summaries({ onUnreadable: (id, error) => problems.push(failureRecord(id, new HousekeepingReadError(`movie ${id}`, error))) })) found.push(summary)
  } catch (error) {
    if (error instanceof HousekeepingReadError) throw error
    throw new HousekeepingReadError('the movie list', error)
  }
  return { movies: found, problems }
}

/** Every movie's usage, by movie id, in one pass. */
async function readStats(stats: StatsStore): Promise<Map<string, MovieStats>> {
  const byMovie = new Map<string, MovieStats>()
  try {
    for await (const entry of stats.scan()) byMovie.set(entry.movieId, entry)
  } catch (error) {
    throw new HousekeepingReadError('the usage statistics', error)
  }
  return byMovie
}

/** The inventory answering `sizesOf` from one listing made at the start of the plan. */
function listedImages(images: ImageInventory, listing: ReadonlyMap<string, Readonly<Record<string, number>>>): ImageInventory {
  return { removeSizes: (movieId, sizes) => images.removeSizes(movieId, sizes), sizesOf: async (movieId) => listing.get(movieId) ?? {} }
}

async function footprintOf(sources: PlanSources, movie: MovieSummary): Promise<MovieFootprint> {
  const images = sources.images ? await readOrThrow(`the images of ${movie.id}`, () => sources.images!.sizesOf(movie.id)) : {}
  return { movie, bytes: movie.bytes, images }
}

/** Bytes of every movie record (from its summary) plus its stored images. */
async function measureCatalog(sources: PlanSources, movies: readonly MovieSummary[]): Promise<number> {
  let total = 0
  for (const movie of movies) {
    const images: Readonly<Record<string, number>> = sources.images ? await sources.images.sizesOf(movie.id).catch(() => ({})) : {}
    total += movie.bytes + Object.values(images).reduce((sum, size) => sum + size, 0)
  }
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
