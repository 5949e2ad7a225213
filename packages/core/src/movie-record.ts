import { parseMovieId, parsePersonId } from './ids.js'
import { type LevelSet, reservedFields } from './levels.js'
import { SCHEMA_VERSION, type Movie, type Person } from './schemas.js'

/** How many enrichment errors a record keeps (oldest dropped first). */
export const MAX_RECORDED_ERRORS = 10

/**
 * Creates a new movie record at the lowest level.
 * @throws InvalidIdError when `init.id` is not a valid movie id.
 */
export function createMovieRecord(
  init: Pick<Movie, 'id' | 'ids'> & Partial<Pick<Movie, 'title' | 'year' | 'filePath' | 'match'>>,
  levels: LevelSet,
  now: number,
): Movie {
  const at = new Date(now).toISOString()
  const movie: Movie = {
    schemaVersion: SCHEMA_VERSION,
    id: parseMovieId(init.id).id,
    ids: { ...init.ids },
    level: levels.lowest,
    facets: {},
    locks: [],
    errors: [],
    createdAt: at,
    updatedAt: at,
  }
  for (const key of ['title', 'year', 'filePath', 'match'] as const) {
    if (init[key] !== undefined) (movie as Record<string, unknown>)[key] = init[key]
  }
  for (const facet of levels.facetsFor(levels.lowest)) movie.facets[facet] = { at, provider: 'cinelayer' }
  return movie
}

/**
 * Creates a new person record at `initial`.
 * @throws InvalidIdError when `init.id` is not a valid person id.
 */
export function createPersonRecord(init: Pick<Person, 'id' | 'name'> & Partial<Person>, now: number): Person {
  const at = new Date(now).toISOString()
  const id = parsePersonId(init.id).id
  return { ids: {}, ...init, id, schemaVersion: SCHEMA_VERSION, level: init.level ?? 'initial', createdAt: at, updatedAt: at }
}

/**
 * Applies an enrichment patch without touching locked fields. `ids` are merged, not replaced. A
 * field the user edited takes the edited value rather than the provider's (so an edit dropped
 * with its facet by a downgrade comes back with it). Returns a new record.
 */
export function applyPatch(movie: Movie, patch: Record<string, unknown>): Movie {
  const next: Record<string, unknown> = { ...movie }
  const locked = new Set(movie.locks)
  const edits = movie.edits ?? {}
  for (const [field, value] of Object.entries(patch)) {
    if (reservedFields.has(field) || locked.has(field) || value === undefined) continue
    if (Object.hasOwn(edits, field)) next[field] = structuredClone(edits[field]!.value)
    else if (field === 'ids') next.ids = { ...movie.ids, ...definedEntries(value as Record<string, unknown>) }
    else next[field] = value
  }
  return next as Movie
}

/** What a downgrade removed. */
export interface DowngradeResult {
  movie: Movie
  facetsDropped: string[]
  /** Fields kept because they are locked. */
  fieldsKept: string[]
}

/** Options of {@link downgradeMovie}. */
export interface DowngradeOptions {
  /**
   * Facets dropped as well, even at or below `target` (permanent facets never are); the level
   * follows what is left. Default: none.
   */
  dropFacets?: readonly string[]
}

/**
 * The facets a downgrade to `target` takes from a movie holding `facets`: every facet above the
 * target and every one of `dropFacets`, permanent facets never. Shared by the record's downgrade
 * and the plans made from summaries, so that both always agree.
 */
export function facetsDroppedBy(facets: Iterable<string>, target: string, levels: LevelSet, options: DowngradeOptions = {}): string[] {
  // Every facet of the target level and below is kept, even one no enricher provides any more.
  const rank = levels.rank(target)
  const keep = new Set(levels.levels.slice(0, rank + 1).flatMap((level) => level.facets))
  for (const facet of options.dropFacets ?? []) keep.delete(facet)
  return [...facets].filter((facet) => !keep.has(facet) && !levels.facets.get(facet)?.permanent)
}

/**
 * Takes a movie down to `target`: every facet above it is dropped with its fields, except
 * permanent facets and locked fields (a locked field survives every downgrade).
 */
export function downgradeMovie(movie: Movie, target: string, levels: LevelSet, now: number, options: DowngradeOptions = {}): DowngradeResult {
  const locked = new Set(movie.locks)
  const next: Record<string, unknown> = { ...movie, facets: { ...movie.facets } }
  const facetsDropped = facetsDroppedBy(Object.keys(movie.facets), target, levels, options)
  const fieldsKept: string[] = []
  for (const facet of facetsDropped) {
    delete (next.facets as Record<string, unknown>)[facet]
    for (const field of levels.fieldsOf(facet)) {
      if (locked.has(field)) {
        if (field in next) fieldsKept.push(field)
      } else delete next[field]
    }
  }
  const result = next as Movie
  result.level = levels.levelOf(Object.keys(result.facets))
  if (facetsDropped.length > 0) result.updatedAt = new Date(now).toISOString()
  return { movie: result, facetsDropped, fieldsKept }
}

// An enricher that does not know an id must not erase the one already known.
function definedEntries(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))
}

const encoder = new TextEncoder()

/** Bytes a record takes serialized as JSON (what the default stores write). */
export function recordBytes(record: unknown): number {
  return encoder.encode(JSON.stringify(record)).length
}
