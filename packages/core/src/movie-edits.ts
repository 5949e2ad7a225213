import { EditInvalidError } from './errors.js'
import type { LevelSet } from './levels.js'
import { type Movie, MovieSchema } from './schemas.js'

/** Identity fields the engine keeps itself (ids, file, match): never edited by hand. */
const managedFields: ReadonlySet<string> = new Set(['ids', 'match', 'filePath', 'fileMissingSince'])

/** Options of {@link editMovie}. */
export interface EditOptions {
  /** Also lock the edited fields (enrichment never overwrites them, downgrade never removes them). Default `false`. */
  lock?: boolean
}

/**
 * The fields a user may edit and lock: every field a facet owns (plugin facets included), except
 * the identity fields the engine manages (`ids`, `match`, `filePath`, `fileMissingSince`).
 */
export function editableFields(levels: LevelSet): string[] {
  const fields: string[] = []
  for (const facet of levels.facets.values()) for (const field of facet.fields) if (!managedFields.has(field)) fields.push(field)
  return fields
}

/**
 * Applies a manual edit. Each value is kept in `edits` (it wins over every later enrichment and
 * comes back with its facet after a downgrade) and shown on the record when its facet is there,
 * when the field is identity (`title`, `year`) or when it is locked. Returns the same record when
 * nothing changes.
 * @throws EditInvalidError for a field that is not editable, an `undefined` value or a value the
 *   movie schema refuses (nothing is changed).
 */
export function editMovie(movie: Movie, patch: Readonly<Record<string, unknown>>, levels: LevelSet, now: number, options: EditOptions = {}): Movie {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new EditInvalidError(movie.id, [], 'an edit is an object of field → value')
  const fields = Object.keys(patch)
  checkEditable(movie.id, fields, levels)
  const missing = fields.filter((field) => patch[field] === undefined)
  if (missing.length > 0) throw new EditInvalidError(movie.id, missing, 'undefined is not a value (JSON cannot carry it)')
  checkValues(movie, patch)
  const at = new Date(now).toISOString()
  const edits = { ...movie.edits }
  const locks = new Set(movie.locks)
  const next: Record<string, unknown> = { ...movie }
  let changed = false
  for (const field of fields) {
    const value = patch[field]
    const wasLocked = locks.has(field)
    if (options.lock) locks.add(field)
    const same = edits[field] !== undefined && sameJson(edits[field]!.value, value)
    if (!same) edits[field] = { value: structuredClone(value), at }
    if (showsOnRecord(movie, field, levels, locks) && !sameJson(next[field], value)) {
      next[field] = structuredClone(value)
      changed = true
    }
    changed ||= !same || wasLocked !== locks.has(field)
  }
  if (!changed) return movie
  return { ...(next as Movie), edits, locks: [...locks], updatedAt: at }
}

/**
 * Locks fields: enrichment never overwrites them, downgrade never removes them. Returns the same
 * record when they are all locked already.
 * @throws EditInvalidError for a field that is not editable.
 */
export function lockFields(movie: Movie, fields: readonly string[], levels: LevelSet, now: number): Movie {
  checkEditable(movie.id, fields, levels)
  const added = fields.filter((field) => !movie.locks.includes(field))
  if (added.length === 0) return movie
  return { ...movie, locks: [...movie.locks, ...new Set(added)], updatedAt: new Date(now).toISOString() }
}

/**
 * Unlocks fields. A field whose facet is gone (kept only by its lock through a downgrade) leaves
 * the record with the lock; an edit of it stays in `edits` and comes back with the facet. Returns
 * the same record when none was locked.
 * @throws EditInvalidError for a field that is not editable.
 */
export function unlockFields(movie: Movie, fields: readonly string[], levels: LevelSet, now: number): Movie {
  checkEditable(movie.id, fields, levels)
  const removed = new Set(fields.filter((field) => movie.locks.includes(field)))
  if (removed.size === 0) return movie
  const locks = movie.locks.filter((field) => !removed.has(field))
  const next: Record<string, unknown> = { ...movie, locks, updatedAt: new Date(now).toISOString() }
  for (const field of removed) if (!showsOnRecord(movie, field, levels, new Set(locks))) delete next[field]
  return next as Movie
}

/** Whether two JSON values are equal, whatever the order of their keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}

// A field is on the record only while its facet is (downgrades rely on it), unless it is identity or locked.
function showsOnRecord(movie: Movie, field: string, levels: LevelSet, locks: ReadonlySet<string>): boolean {
  const facet = levels.facetOfField(field)
  return locks.has(field) || facet === undefined || levels.facets.get(facet)?.permanent === true || movie.facets[facet] !== undefined
}

function checkEditable(movieId: string, fields: readonly string[], levels: LevelSet): void {
  if (!Array.isArray(fields) || fields.length === 0) throw new EditInvalidError(movieId, [], 'no field given')
  const editable = new Set(editableFields(levels))
  const refused = fields.filter((field) => typeof field !== 'string' || !editable.has(field))
  if (refused.length > 0) {
    throw new EditInvalidError(movieId, refused.map(String), `not an editable field (editable: ${[...editable].join(', ')})`)
  }
}

// Checked on a probe carrying every value, so that an edit kept only in `edits` is valid too.
function checkValues(movie: Movie, patch: Readonly<Record<string, unknown>>): void {
  const probe = MovieSchema.safeParse({ ...movie, ...patch })
  if (probe.success) return
  const fields = new Set(Object.keys(patch))
  const issues = probe.error.issues.filter((issue) => fields.has(String(issue.path[0])))
  const named = issues.length > 0 ? issues : probe.error.issues
  const reason = named.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ')
  throw new EditInvalidError(movie.id, [...new Set(named.map((issue) => String(issue.path[0] ?? '')))].filter(Boolean), `invalid value (${reason})`, probe.error)
}
