import type { LevelSet, Movie } from '@cinelayer/core'

const EPOCH = new Date(0).toISOString()

/** What {@link withoutStoredSizes} made of a record. */
export interface StrippedImages {
  movie: Movie
  /** Facets whose image references lost their stored bytes (now stale). */
  facets: string[]
}

/**
 * The record once the stored image files of `sizes` are gone: every image reference of those sizes
 * loses its `bytes` and `size` (the path stays: the image can be fetched again), and the facets
 * holding them are marked stale (their stamp aged to the epoch), so that the next request at their
 * level fetches them again, which downloads the files again when downloads are on.
 */
export function withoutStoredSizes(movie: Movie, sizes: readonly string[], levels: LevelSet): StrippedImages {
  if (sizes.length === 0) return { movie, facets: [] }
  const dropped = new Set(sizes)
  const next: Record<string, unknown> = { ...movie }
  const facets: string[] = []
  for (const [facet, stamp] of Object.entries(movie.facets)) {
    let changed = false
    for (const field of levels.fieldsOf(facet)) {
      if (!(field in next)) continue
      const stripped = strip(next[field], dropped)
      if (stripped === next[field]) continue
      next[field] = stripped
      changed = true
    }
    if (changed) {
      facets.push(facet)
      next.facets = { ...(next.facets as Movie['facets']), [facet]: { ...stamp, at: EPOCH } }
    }
  }
  return { movie: next as Movie, facets }
}

/** `value` without the stored size of its image references of a dropped size; the same object when nothing changes. */
function strip(value: unknown, dropped: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => strip(item, dropped))
    return items.some((item, index) => item !== value[index]) ? items : value
  }
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  if (typeof record.path === 'string' && typeof record.size === 'string') {
    if (!dropped.has(record.size)) return value
    const { bytes: _bytes, size: _size, ...kept } = record
    return kept
  }
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(record)) {
    const stripped = strip(item, dropped)
    if (stripped !== item) (copy ??= { ...record })[key] = stripped
  }
  return copy ?? value
}
