import {
  FieldEditSchema,
  type LevelSet,
  type Movie,
  MovieIdsSchema,
  MovieSchema,
  createMovieRecord,
  parseMovieId,
  reservedFields,
} from '@cinelayer/core'
import type { CommitWrite } from './commit.js'
import type { JsonRecords } from './json-records.js'
import { buildMovieCommit } from './movie-commit.js'
import { levelBase, keyPrefixes, movieKey, quarantineKey } from './storage-keys.js'

/**
 * Takes an unreadable movie record out of the way in one commit: its bytes kept under
 * `quarantine:movies:<id>`, a record rebuilt at the lowest level from what can still be read of it
 * (its ids, identity fields, manual edits and the locks they carry), its level entries and summary
 * rewritten. Enrichment then fetches the rest again. Refused (conflict) if the record changed since
 * it was read.
 */
export async function quarantineMovie(records: JsonRecords, levels: LevelSet, id: string, text: string, now: number): Promise<string> {
  const rebuilt = recoverMovie(id, text, levels, now)
  const commit = await buildMovieCommit({ records, levels, readMovie: async () => null }, id, null, { movie: rebuilt, durable: true })
  const kept = quarantineKey(movieKey(id))
  // The level entries of the lost record are unknown: every one but the rebuilt level's goes.
  const stale: CommitWrite[] = []
  for (const level of await storedLevels(records)) {
    if (level === levelBase(rebuilt.level)) continue
    const key = `${level}${id}`
    if ((await records.kv.read(key)) !== null) stale.push({ key, value: null })
  }
  await records.kv.commit({
    checks: [{ key: movieKey(id), value: text }],
    writes: [{ key: kept, value: text }, ...stale, ...commit.writes],
    durable: true,
  })
  return kept
}

/** Takes any other unreadable record out of the way: its bytes kept aside, the key emptied. */
export async function quarantineRecord(records: JsonRecords, key: string, text: string): Promise<string> {
  const kept = quarantineKey(key)
  await records.kv.commit({ checks: [{ key, value: text }], writes: [{ key: kept, value: text }, { key, value: null }], durable: true })
  return kept
}

/** The bases of the level entries in the store (`levels:basic:`…). */
async function storedLevels(records: JsonRecords): Promise<string[]> {
  const bases = new Set<string>()
  for (const key of await records.kv.keys(`${keyPrefixes.levels}:`)) bases.add(`${key.split(':').slice(0, 2).join(':')}:`)
  return [...bases]
}

/** A fresh record of `id` with whatever of `text` still passes its schema, field by field. */
export function recoverMovie(id: string, text: string, levels: LevelSet, now: number): Movie {
  const parsed = parseMovieId(id)
  const json = salvageFields(text)
  const ids = MovieIdsSchema.safeParse(json.ids)
  const fromId = parsed.namespace === 'tmdb' ? { tmdb: Number(parsed.value) } : parsed.namespace === 'local' ? { local: parsed.value } : {}
  const movie = createMovieRecord({ id: parsed.id, ids: { ...(ids.success ? ids.data : {}), ...fromId } }, levels, now) as Record<string, unknown>
  for (const field of levels.facetsFor(levels.lowest).flatMap((facet) => levels.fieldsOf(facet))) {
    if (field === 'ids' || json[field] === undefined) continue
    if (fieldValid(field, json[field])) movie[field] = json[field]
  }
  const edits: Record<string, unknown> = {}
  for (const [field, edit] of Object.entries((json.edits as Record<string, unknown> | undefined) ?? {})) {
    if (reservedFields.has(field) || !levels.facetOfField(field)) continue
    const valid = FieldEditSchema.safeParse(edit)
    if (valid.success && fieldValid(field, valid.data.value)) edits[field] = valid.data
  }
  if (Object.keys(edits).length > 0) movie.edits = edits
  // An edit shows where its facet is: on the rebuilt record, the identity's fields (the others come
  // back with their facets, the edit winning over the provider).
  const facets = movie.facets as Record<string, unknown>
  for (const [field, edit] of Object.entries(edits)) if (levels.facetOfField(field)! in facets) movie[field] = (edit as { value: unknown }).value
  // A lock holds a value: one whose edit survived keeps it (the edit comes back with its facet).
  const locks = Array.isArray(json.locks) ? json.locks.filter((field): field is string => typeof field === 'string' && field in edits) : []
  movie.locks = [...new Set(locks)]
  return MovieSchema.parse(movie)
}

function fieldValid(field: string, value: unknown): boolean {
  const shape = (MovieSchema.shape as Record<string, { safeParse(input: unknown): { success: boolean } } | undefined>)[field]
  return shape ? shape.safeParse(value).success : false
}

/**
 * The top-level fields of a JSON object that can still be read: all of them when the text parses,
 * otherwise each `"name": value` whose value is whole (a record cut short keeps what came before
 * the cut: its ids, locks and edits come early in a record).
 */
export function salvageFields(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  } catch {
    // read below, field by field
  }
  const fields: Record<string, unknown> = {}
  let depth = 0
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char === '"') {
      const end = stringEnd(text, index)
      if (end < 0) break
      if (depth === 1) {
        const colon = /^\s*:\s*/.exec(text.slice(end + 1))
        if (colon) {
          const start = end + 1 + colon[0].length
          const valueEnd = valueEndAt(text, start)
          if (valueEnd < 0) break
          try {
            fields[JSON.parse(text.slice(index, end + 1)) as string] = JSON.parse(text.slice(start, valueEnd))
          } catch {
            // a value that does not parse is left out
          }
          index = valueEnd - 1
          continue
        }
      }
      index = end
    } else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') depth--
  }
  return fields
}

/** Index of the quote closing the string opened at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++
    else if (text[index] === '"') return index
  }
  return -1
}

/** Index just past the JSON value starting at `start` (balanced brackets, strings skipped), or -1 when cut. */
function valueEndAt(text: string, start: number): number {
  let depth = 0
  for (let index = start; index < text.length; index++) {
    const char = text[index]
    if (char === '"') {
      index = stringEnd(text, index)
      if (index < 0) return -1
      if (depth === 0) return index + 1
    } else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') {
      if (depth === 0) return index
      if (--depth === 0) return index + 1
    } else if (depth === 0 && char === ',') return index
  }
  return -1
}
