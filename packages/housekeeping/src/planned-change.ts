import { type LevelSet, type MovieSummary, facetsDroppedBy } from '@cinelayer/core'
import { type BudgetProposal, type MovieAssessment, type PlanReason, combine, proposes } from './movie-assessment.js'

/** One movie the plan changes: it goes down a level or more, loses facets, or loses stored image sizes. */
export interface PlannedChange {
  movieId: string
  /** Level the movie is at now. */
  from: string
  /** Level it is at once changed (the same as `from` when only image files go). */
  to: string
  facetsDropped: string[]
  /** Locked fields that stay although their facet goes. */
  fieldsKept: string[]
  /** Image sizes whose stored files go (the record keeps their metadata). */
  imageSizesDropped: string[]
  /** Bytes the movie takes now: its serialized record plus its stored images. */
  bytesBefore: number
  /** Bytes it takes once changed. */
  bytesAfter: number
  bytesFreed: number
  /** The part of `bytesFreed` that is image files. */
  imageBytesFreed: number
  /** Sum of the rules' weights (higher keeps the movie richer). */
  score: number
  /** Every rule behind the change or the score, in rule order; disk budget reasons last. */
  reasons: PlanReason[]
  /** The movie's `updatedAt` when planned: `apply` skips the movie if it changed since. */
  basedOn: string
}

/** A movie as the plan weighs it: its summary, the size of its record and its stored images. */
export interface MovieFootprint {
  movie: MovieSummary
  /** Serialized size of the record. */
  bytes: number
  /** Bytes of stored images per size. */
  images: Readonly<Record<string, number>>
}

/**
 * The change the assessment and the budget proposals taken make to one movie, or `null` when
 * they take nothing away. Protected levels (`minLevel`) keep their facets; permanent facets and
 * locked fields always stay.
 */
export function resolveChange(
  footprint: MovieFootprint,
  assessment: MovieAssessment,
  budget: readonly BudgetProposal[],
  levels: LevelSet,
): PlannedChange | null {
  const { movie, bytes, images } = footprint
  const proposal = budget.reduce(combine, assessment.proposal)
  if (!proposes(proposal)) return null
  const { minRank } = assessment
  const current = levels.rank(movie.level)
  const targetRank = proposal.maxRank === undefined ? current : Math.max(proposal.maxRank, minRank ?? 0)
  // Below the current level only: a movie is never "downgraded" to the top, which would drop
  // facets filled ahead of its level (an IMDb rating fetched before its images, say).
  const downTo = targetRank < current ? levels.names[targetRank]! : levels.highest
  const shielded = new Set(minRank === undefined ? [] : levels.levels.slice(0, minRank + 1).flatMap((level) => level.facets))
  const dropFacets = proposal.dropFacets.filter((facet) => facet in movie.facets && !shielded.has(facet))
  const facetsDropped = facetsDroppedBy(Object.keys(movie.facets), downTo, levels, { dropFacets })
  const imageSizesDropped = proposal.dropImageSizes.filter((size) => (images[size] ?? 0) > 0)
  if (facetsDropped.length === 0 && imageSizesDropped.length === 0) return null
  const left = Object.keys(movie.facets).filter((facet) => !facetsDropped.includes(facet))
  const locked = new Set(movie.locks)
  const fieldsKept = facetsDropped.flatMap((facet) => levels.fieldsOf(facet).filter((field) => locked.has(field)))
  const imageBytes = Object.values(images).reduce((sum, size) => sum + size, 0)
  const imageBytesFreed = imageSizesDropped.reduce((sum, size) => sum + images[size]!, 0)
  // What the record sheds, from the summary's weight of each facet (and the level's new name).
  const to = levels.levelOf(left)
  const shed = facetsDropped.reduce((sum, facet) => sum + (movie.facetBytes[facet] ?? 0), 0)
  const recordAfter = facetsDropped.length > 0 ? Math.max(0, bytes - shed + byteLength(to) - byteLength(movie.level)) : bytes
  const bytesBefore = bytes + imageBytes
  const bytesAfter = recordAfter + imageBytes - imageBytesFreed
  const reasons = [...assessment.reasons]
  for (const part of budget) if (!reasons.some((entry) => entry.rule === part.reason.rule && entry.reason === part.reason.reason)) reasons.push(part.reason)
  return {
    movieId: movie.id,
    from: movie.level,
    to,
    facetsDropped,
    fieldsKept,
    imageSizesDropped,
    bytesBefore,
    bytesAfter,
    bytesFreed: bytesBefore - bytesAfter,
    imageBytesFreed,
    score: assessment.score,
    reasons,
    basedOn: movie.updatedAt,
  }
}

const encoder = new TextEncoder()
const byteLength = (text: string) => encoder.encode(text).length
