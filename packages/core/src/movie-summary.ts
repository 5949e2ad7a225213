import { z } from 'zod'
import { movieIdPattern } from './ids.js'
import type { LevelSet } from './levels.js'
import { FacetStampSchema, type Movie, MovieIdsSchema } from './schemas.js'

/**
 * What a housekeeping rule, a listing or a dashboard needs of a movie, without its record: the
 * stores keep one beside every record, written by the same commit, so that a pass over a large
 * catalog reads a few hundred bytes per movie instead of parsing every record.
 */
export const MovieSummarySchema = z.object({
  id: z.string().regex(movieIdPattern),
  ids: MovieIdsSchema,
  level: z.string(),
  facets: z.record(z.string(), FacetStampSchema),
  locks: z.array(z.string()),
  /** Fields edited by hand. */
  edited: z.array(z.string()),
  title: z.string().optional(),
  year: z.number().int().optional(),
  filePath: z.string().optional(),
  fileMissingSince: z.string().optional(),
  matchStatus: z.enum(['matched', 'unmatched']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Bytes of the record as stored (serialized JSON). */
  bytes: z.number().int().nonnegative(),
  /**
   * Bytes each facet takes in the record (its fields, locked ones left out: they stay through a
   * downgrade, and its stamp in `facets`): exactly what dropping the facet frees, the level's name
   * aside.
   */
  facetBytes: z.record(z.string(), z.number().int().nonnegative()),
})

/** A movie's summary: see {@link MovieSummarySchema}. */
export type MovieSummary = z.infer<typeof MovieSummarySchema>

const encoder = new TextEncoder()
const byteLength = (text: string) => encoder.encode(text).length

/**
 * The summary of a movie record.
 * @param serialized the record's stored text when the caller has it (its length is `bytes`)
 */
export function summarizeMovie(movie: Movie, levels: LevelSet, serialized?: string): MovieSummary {
  const locked = new Set(movie.locks)
  const record = movie as Record<string, unknown>
  const facetBytes: Record<string, number> = {}
  // `"name":value,` as JSON.stringify writes an entry; a record never loses all of its entries.
  const entry = (name: string, value: unknown) => byteLength(JSON.stringify(name)) + byteLength(JSON.stringify(value)) + 2
  for (const [facet, stamp] of Object.entries(movie.facets)) {
    let bytes = entry(facet, stamp)
    for (const field of levels.fieldsOf(facet)) {
      if (locked.has(field) || record[field] === undefined) continue
      bytes += entry(field, record[field])
    }
    facetBytes[facet] = bytes
  }
  const summary: MovieSummary = {
    id: movie.id,
    ids: { ...movie.ids },
    level: movie.level,
    facets: { ...movie.facets },
    locks: [...movie.locks],
    edited: Object.keys(movie.edits ?? {}),
    createdAt: movie.createdAt,
    updatedAt: movie.updatedAt,
    bytes: byteLength(serialized ?? JSON.stringify(movie)),
    facetBytes,
  }
  if (movie.title !== undefined) summary.title = movie.title
  if (movie.year !== undefined) summary.year = movie.year
  if (movie.filePath !== undefined) summary.filePath = movie.filePath
  if (movie.fileMissingSince !== undefined) summary.fileMissingSince = movie.fileMissingSince
  if (movie.match) summary.matchStatus = movie.match.status
  return summary
}
