import { z } from 'zod'
import { EditInvalidError, EditsDocumentInvalidError } from './errors.js'
import type { LevelSet } from './levels.js'
import { editMovie, editableFields, lockFields, sameJson, unlockFields } from './movie-edits.js'
import type { Movie } from './schemas.js'

/** The version of the edits document this code writes and reads. */
export const EDITS_DOCUMENT_VERSION = 1

const FieldEntrySchema = z
  .object({
    /** The edited value; absent for a field that is only locked. */
    value: z.unknown().optional(),
    locked: z.boolean(),
    editedAt: z.string().optional(),
  })
  .refine((entry) => Object.hasOwn(entry, 'value') || entry.locked, { message: 'a field needs a "value", or "locked": true' })

/**
 * An edits document: the manual edits and locks of a catalog, to review, keep under version
 * control and apply again after a reset. One entry per movie, fields by name.
 */
export const EditsDocumentSchema = z.object({
  format: z.literal('cinelayer-edits', { message: 'expected "cinelayer-edits"' }),
  version: z.literal(EDITS_DOCUMENT_VERSION, { message: `expected ${EDITS_DOCUMENT_VERSION} (this version of cinelayer reads version ${EDITS_DOCUMENT_VERSION} only)` }),
  exportedAt: z.string(),
  movies: z.array(
    z.object({
      id: z.string().max(200),
      /** The movie's title when exported, for people reading the file; not applied. */
      title: z.string().optional(),
      fields: z.record(z.string().max(200), FieldEntrySchema),
    }),
  ),
})

/** An edits document (see {@link EditsDocumentSchema}). */
export type EditsDocument = z.infer<typeof EditsDocumentSchema>

/** One edit of an edits document as it is applied. */
export interface EditOutcome {
  movieId: string
  field: string
  /** `applied`: the store changed; `skipped`: already so; `rejected`: see `reason`. */
  status: 'applied' | 'skipped' | 'rejected'
  reason?: string
}

/** The document of the edits and locks of `movies` (movies without any are left out), sorted by id. */
export function buildEditsDocument(movies: Iterable<Movie>, now: number): EditsDocument {
  const entries: EditsDocument['movies'] = []
  for (const movie of movies) {
    const names = [...new Set([...Object.keys(movie.edits ?? {}), ...movie.locks])].sort()
    if (names.length === 0) continue
    const fields: EditsDocument['movies'][number]['fields'] = {}
    for (const name of names) {
      const edit = movie.edits?.[name]
      fields[name] = edit ? { value: edit.value, locked: movie.locks.includes(name), editedAt: edit.at } : { locked: true }
    }
    entries.push({ id: movie.id, ...(movie.title === undefined ? {} : { title: movie.title }), fields })
  }
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { format: 'cinelayer-edits', version: EDITS_DOCUMENT_VERSION, exportedAt: new Date(now).toISOString(), movies: entries }
}

/**
 * Checks an edits document as a whole before anything is applied.
 * @param source what the document is called in the error (a file path, `"object"`)
 * @throws EditsDocumentInvalidError listing every problem found
 */
export function parseEditsDocument(input: unknown, source: string): EditsDocument {
  const parsed = EditsDocumentSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`)
  throw new EditsDocumentInvalidError(source, problems, parsed.error)
}

/**
 * Applies the fields of one document entry to a movie, field by field: an edit equal to what is
 * stored is skipped, one the schema refuses is rejected, the others are applied. A field's lock
 * becomes what the document says.
 */
export function applyEditsEntry(
  movie: Movie,
  fields: EditsDocument['movies'][number]['fields'],
  levels: LevelSet,
  now: number,
): { movie: Movie; outcomes: EditOutcome[] } {
  const editable = new Set(editableFields(levels))
  const outcomes: EditOutcome[] = []
  let working = movie
  for (const [field, entry] of Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const outcome = (status: EditOutcome['status'], reason?: string) => outcomes.push({ movieId: movie.id, field, status, ...(reason ? { reason } : {}) })
    if (!editable.has(field)) {
      outcome('rejected', `"${field}" is not an editable field`)
      continue
    }
    try {
      let next = working
      if (Object.hasOwn(entry, 'value')) {
        const edit = working.edits?.[field]
        if (!(edit && sameJson(edit.value, entry.value))) next = editMovie(next, { [field]: entry.value }, levels, now)
      }
      next = entry.locked ? lockFields(next, [field], levels, now) : unlockFields(next, [field], levels, now)
      if (next === working) outcome('skipped', 'already equal')
      else outcome('applied')
      working = next
    } catch (error) {
      if (!(error instanceof EditInvalidError)) throw error
      outcome('rejected', error.message)
    }
  }
  return { movie: working, outcomes }
}
