import { type Relation, parseMovieId } from '@cinelayer/core'
import type { CommitWrite } from './commit.js'
import type { JsonRecords } from './json-records.js'
import { creditsKind, filmographyKind, mergeRelations } from './record-kinds.js'
import { creditsKey, filmographyKey } from './storage-keys.js'

// The previous layout (1): relation lists per movie and per person, sharded index records.
const OLD_MOVIE_RELATIONS = 'relations:movie:'
const OLD_PERSON_RELATIONS = 'relations:person:'
const OLD_INDEXES = 'index:'
const BATCH = 500

/**
 * Rewrites a store of the previous key layout in this one: a movie's relation list becomes its
 * credits, a person's list one filmography entry per movie, the old index records go (the
 * derived entries are rebuilt from the records by the repair that follows). Returns whether
 * anything was converted. Unreadable old lists are dropped: enrichment brings credits again.
 */
export async function upgradeLayout(records: JsonRecords): Promise<boolean> {
  const { kv } = records
  const writes: CommitWrite[] = []
  const filmography = new Map<string, Relation[]>()
  const collect = (relations: readonly Relation[]) => {
    for (const relation of relations) {
      const key = filmographyKey(relation.personId, relation.movieId)
      filmography.set(key, mergeRelations(filmography.get(key) ?? [], [relation]))
    }
  }
  for (const { key, value } of await kv.entries(OLD_MOVIE_RELATIONS)) {
    writes.push({ key, value: null })
    const movieId = safeMovieId(key.slice(OLD_MOVIE_RELATIONS.length))
    const credits = movieId ? readList(records, creditsKey(movieId), value) : []
    if (credits.length === 0) continue
    writes.push({ key: creditsKey(credits[0]!.movieId), value: JSON.stringify(credits) })
    collect(credits)
  }
  for (const { key, value } of await kv.entries(OLD_PERSON_RELATIONS)) {
    writes.push({ key, value: null })
    collect(readList(records, null, value))
  }
  for (const [key, relations] of filmography) writes.push({ key, value: records.serialize(key, relations, filmographyKind) })
  for (const key of await kv.keys(OLD_INDEXES)) writes.push({ key, value: null })
  for (let start = 0; start < writes.length; start += BATCH) await kv.commit({ checks: [], writes: writes.slice(start, start + BATCH) })
  return writes.length > 0
}

function readList(records: JsonRecords, creditsKeyOf: string | null, text: string): Relation[] {
  try {
    const list = JSON.parse(text) as unknown
    return creditsKeyOf ? records.validate(list, creditsKeyOf, creditsKind) : records.validate(list, 'relations', { ...creditsKind, check: undefined })
  } catch {
    return []
  }
}

function safeMovieId(id: string): string | null {
  try {
    return parseMovieId(id).id
  } catch {
    return null
  }
}
