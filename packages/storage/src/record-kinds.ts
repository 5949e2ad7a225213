import {
  type Movie,
  MovieSchema,
  type MovieStats,
  MovieStatsSchema,
  type MovieSummary,
  MovieSummarySchema,
  type Person,
  PersonSchema,
  type Relation,
  RelationSchema,
  parseMovieId,
  parsePersonId,
} from '@cinelayer/core'
import type { RecordKind, RecordSchema } from './json-records.js'
import { keyPrefixes } from './storage-keys.js'

const idAfter = (key: string, prefix: string) => key.slice(prefix.length + 1)

/** The movie record: its schema, and an id that must match its key. */
export const movieKind: RecordKind<Movie> = {
  kind: 'movie',
  schema: MovieSchema,
  versioned: true,
  check: (movie, key) => (idAfter(key, keyPrefixes.movies) === movie.id ? undefined : `its id "${movie.id}" does not match the key`),
}

/** A movie's summary (derived: rebuilt from the record by `reindex()`). */
export const summaryKind: RecordKind<MovieSummary> = {
  kind: 'movie summary',
  schema: MovieSummarySchema,
  versioned: false,
  check: (summary, key) => (idAfter(key, keyPrefixes.summaries) === summary.id ? undefined : `its id "${summary.id}" does not match the key`),
}

/** The person record. */
export const personKind: RecordKind<Person> = {
  kind: 'person',
  schema: PersonSchema,
  versioned: true,
  check: (person, key) => (idAfter(key, keyPrefixes.people) === person.id ? undefined : `its id "${person.id}" does not match the key`),
}

/** The stats record of a movie. */
export const statsKind: RecordKind<MovieStats> = {
  kind: 'stats',
  schema: MovieStatsSchema,
  versioned: true,
  check: (stats, key) => (idAfter(key, keyPrefixes.stats) === stats.movieId ? undefined : `its movieId "${stats.movieId}" does not match the key`),
}

/** An alias record: where an alias id (`imdb:tt0137523`) points. */
export interface AliasRecord {
  id: string
}

export const aliasKind: RecordKind<AliasRecord> = {
  kind: 'alias',
  versioned: false,
  schema: {
    safeParse(input) {
      try {
        return { success: true, data: { id: parseMovieId((input as { id?: unknown } | null)?.id).id } }
      } catch (error) {
        return { success: false, error: error as Error }
      }
    },
  },
}

/** A person's alias record: where an alias id (`imdb:nm0000093`) points. */
export const personAliasKind: RecordKind<AliasRecord> = {
  kind: 'person alias',
  versioned: false,
  schema: {
    safeParse(input) {
      try {
        return { success: true, data: { id: parsePersonId((input as { id?: unknown } | null)?.id).id } }
      } catch (error) {
        return { success: false, error: error as Error }
      }
    },
  },
}

const relationList: RecordSchema<Relation[]> = {
  safeParse(input) {
    if (!Array.isArray(input)) return { success: false, error: new Error('expected an array of relations') }
    const data: Relation[] = []
    for (const [index, item] of input.entries()) {
      const result = RelationSchema.safeParse(item)
      if (!result.success) return { success: false, error: new Error(`relation ${index}: ${result.error.message}`, { cause: result.error }) }
      data.push(result.data)
    }
    return { success: true, data }
  },
}

/** A movie's credits (`credits:<movieId>`): every relation names that movie. */
export const creditsKind: RecordKind<Relation[]> = {
  kind: 'credits',
  schema: relationList,
  versioned: false,
  check(relations, key) {
    const owner = idAfter(key, keyPrefixes.credits)
    const stray = relations.find((relation) => relation.movieId !== owner)
    return stray && `a credit of ${stray.personId} in ${stray.movieId} does not belong to ${owner}`
  },
}

/** A person's credits in one movie (`filmography:<personId>:<movieId>`). */
export const filmographyKind: RecordKind<Relation[]> = {
  kind: 'filmography',
  schema: relationList,
  versioned: false,
  check(relations, key) {
    const stray = relations.find((relation) => key !== `${keyPrefixes.filmography}:${relation.personId}:${relation.movieId}`)
    return stray && `a credit of ${stray.personId} in ${stray.movieId} does not belong under ${key}`
  },
}

/** Two credits are the same when they link the same person and movie in the same capacity. */
export function relationIdentity(relation: Relation): string {
  return [relation.personId, relation.movieId, relation.role, relation.job ?? '', relation.character ?? ''].join('\u0000')
}

/** `additions` merged into `base`: a relation already there is replaced in place, others appended. */
export function mergeRelations(base: readonly Relation[], additions: readonly Relation[]): Relation[] {
  const merged = new Map(base.map((relation) => [relationIdentity(relation), relation]))
  for (const relation of additions) merged.set(relationIdentity(relation), relation)
  return [...merged.values()]
}
