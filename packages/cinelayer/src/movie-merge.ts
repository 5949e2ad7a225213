import type { LevelSet, Movie, MovieStats } from '@cinelayer/core'

const counters = ['views', 'plays', 'requests', 'searchHits', 'recommendations'] as const

/**
 * `target` with the manual edits of `source` carried over (those of `source` win: they are the
 * user's latest word on this file's movie), each shown where the record shows fields: identity,
 * locked, or a facet the target has.
 */
export function carryEdits(source: Movie, target: Movie, levels: LevelSet): Movie {
  if (!source.edits || Object.keys(source.edits).length === 0) return target
  const next: Record<string, unknown> = { ...target, edits: { ...target.edits, ...source.edits } }
  for (const [field, edit] of Object.entries(source.edits)) {
    const facet = levels.facetOfField(field)
    const shown = target.locks.includes(field) || facet === undefined || levels.facets.get(facet)?.permanent || target.facets[facet] !== undefined
    if (shown && !(target.locks.includes(field) && !source.locks.includes(field))) next[field] = structuredClone(edit.value)
  }
  return next as Movie
}

/**
 * The usage statistics of `from` added to those of `to` (counters summed, the latest access kept),
 * under the id `movieId`: a movie matched late keeps the uses it had under its local id. `null`
 * when neither has any.
 */
export function mergeStats(source: MovieStats | null, target: MovieStats | null, movieId: string): MovieStats | null {
  if (!source) return target
  if (!target) return { ...source, movieId }
  const merged: MovieStats = { ...source, ...target, movieId }
  for (const counter of counters) {
    const sum = (source[counter] ?? 0) + (target[counter] ?? 0)
    if (source[counter] !== undefined || target[counter] !== undefined) merged[counter] = sum
  }
  const accesses = [source.lastAccess, target.lastAccess].filter((at): at is string => at !== null)
  merged.lastAccess = accesses.sort().at(-1) ?? null
  return merged
}
