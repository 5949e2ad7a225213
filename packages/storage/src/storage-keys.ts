import { createHash } from 'node:crypto'
import { parseMovieId, parsePersonId } from '@cinelayer/core'

/**
 * The key layout (version {@link STORE_LAYOUT}). Every id goes through core's parsers first, so
 * nothing from outside (a `..`, a slash, a colon too many) ever becomes a key or, with the fs
 * driver, a path. Derived keys (summaries, level entries, reverse aliases, filmographies) are
 * written by the same commit as the record they come from, and `reindex()` rebuilds them.
 */
export const keyPrefixes = {
  /** `movies:<id>`: the movie record. */
  movies: 'movies',
  /** `summaries:<id>`: what listings and housekeeping read of a movie. */
  summaries: 'summaries',
  /** `levels:<level>:<id>`: one entry per movie at that level. */
  levels: 'levels',
  /** `aliases:<alias>` → `{ "id": <canonical> }`. */
  aliases: 'aliases',
  /** `aliases-of:<id>:<alias>`: the aliases of a movie, for its removal. */
  aliasesOf: 'aliases-of',
  /** `people:<id>`: the person record. */
  people: 'people',
  /** `person-aliases:<alias>` → `{ "id": <canonical> }`: a person's other ids (`imdb:nm…`), from the person record. */
  personAliases: 'person-aliases',
  /** `credits:<movieId>`: a movie's credits. */
  credits: 'credits',
  /** `filmography:<personId>:<movieId>`: a person's credits in one movie. */
  filmography: 'filmography',
  /** `files:<path hash>:<movieId>`: the movies of a video file, by path. */
  files: 'files',
  /** `stats:<movieId>`: usage statistics. */
  stats: 'stats',
  /** `images:<movieId>:<size>:<file>`: image bytes. */
  images: 'images',
  /** `quarantine:<key>`: the bytes of a record `validate({ fix: true })` took out of the way. */
  quarantine: 'quarantine',
  /** `meta:<name>`: the store's own records (layout version, named state). */
  meta: 'meta',
} as const

/** Version of the key layout this code reads and writes; kept under `meta:layout`. */
export const STORE_LAYOUT = 2
export const layoutKey = `${keyPrefixes.meta}:layout`

/** Prefixes whose values count towards `bytesStored()`. */
export const storedPrefixes = [
  keyPrefixes.movies,
  keyPrefixes.aliases,
  keyPrefixes.people,
  keyPrefixes.credits,
  keyPrefixes.filmography,
  keyPrefixes.stats,
  keyPrefixes.images,
] as const

const movie = (id: string) => parseMovieId(id).id
const person = (id: string) => parsePersonId(id).id

export const movieKey = (id: string): string => `${keyPrefixes.movies}:${movie(id)}`
export const summaryKey = (id: string): string => `${keyPrefixes.summaries}:${movie(id)}`
export const levelKey = (level: string, id: string): string => `${levelBase(level)}${movie(id)}`
export const levelBase = (level: string): string => `${keyPrefixes.levels}:${levelSegment(level)}:`
export const aliasKey = (id: string): string => `${keyPrefixes.aliases}:${movie(id)}`
export const aliasOfKey = (movieId: string, alias: string): string => `${aliasesOfBase(movieId)}${movie(alias)}`
export const aliasesOfBase = (movieId: string): string => `${keyPrefixes.aliasesOf}:${movie(movieId)}:`
export const personKey = (id: string): string => `${keyPrefixes.people}:${person(id)}`
export const personAliasKey = (alias: string): string => `${keyPrefixes.personAliases}:${person(alias)}`
export const creditsKey = (movieId: string): string => `${keyPrefixes.credits}:${movie(movieId)}`
export const filmographyKey = (personId: string, movieId: string): string => `${filmographyBase(personId)}${movie(movieId)}`
export const filmographyBase = (personId: string): string => `${keyPrefixes.filmography}:${person(personId)}:`
/** The base of the file entries of a path: a hash, so that no path ever becomes a key. */
export const filesBase = (path: string): string => `${keyPrefixes.files}:${createHash('sha256').update(path).digest('hex').slice(0, 40)}:`
export const fileKey = (path: string, movieId: string): string => `${filesBase(path)}${movie(movieId)}`
export const statsKey = (movieId: string): string => `${keyPrefixes.stats}:${movie(movieId)}`
export const quarantineKey = (key: string): string => `${keyPrefixes.quarantine}:${key}`
/** Named state kept in the store (a scheduled job's window, say): `meta:state:<name>`. */
export const stateKey = (name: string): string => `${keyPrefixes.meta}:state:${levelSegment(name)}`

const SAFE_SEGMENT = /^[a-z0-9][a-z0-9_-]{0,62}$/i

/**
 * A level name as a key segment. Level names come from configuration and plugins, so anything
 * outside letters, digits, `_` and `-` is hex-encoded behind an `x~` marker (`~` never appears in
 * a safe name, so the two forms never collide).
 */
export function levelSegment(level: string): string {
  return SAFE_SEGMENT.test(level) ? level : `x~${Buffer.from(level, 'utf8').toString('hex')}`
}

/** The level name back from {@link levelSegment}. */
export function levelFromSegment(segment: string): string {
  return segment.startsWith('x~') ? Buffer.from(segment.slice(2), 'hex').toString('utf8') : segment
}

/**
 * The ids found under `base` among `keys` (`movies:` → the movie ids). Keys that are not a valid id
 * (a stray file in an fs folder, say) are skipped rather than trusted.
 */
export function idsUnder(keys: readonly string[], base: string, parse: (id: string) => { id: string }): string[] {
  const ids: string[] = []
  for (const key of keys) {
    if (!key.startsWith(base)) continue
    try {
      ids.push(parse(key.slice(base.length)).id)
    } catch {
      // not one of ours: ignored
    }
  }
  return ids.sort(compareIds)
}

const DIGITS = /^\d+$/

/**
 * Orders ids by namespace, then by value with numbers compared as numbers (`tmdb:9` < `tmdb:10`),
 * other values as text.
 */
export function compareIds(a: string, b: string): number {
  const colonA = a.indexOf(':')
  const colonB = b.indexOf(':')
  const namespaceA = a.slice(0, colonA)
  const namespaceB = b.slice(0, colonB)
  if (namespaceA !== namespaceB) return namespaceA < namespaceB ? -1 : 1
  const valueA = a.slice(colonA + 1)
  const valueB = b.slice(colonB + 1)
  if (DIGITS.test(valueA) && DIGITS.test(valueB) && valueA.length !== valueB.length) return valueA.length - valueB.length
  return valueA < valueB ? -1 : valueA > valueB ? 1 : 0
}

/** Entries under `base` sorted by the id after it ({@link compareIds}: `tmdb:9` before `tmdb:10`), not by key text. */
export function sortedById<T extends { key: string }>(entries: T[], base: string): T[] {
  return entries.sort((a, b) => compareIds(a.key.slice(base.length), b.key.slice(base.length)))
}
