import { parseMovieId, parsePersonId } from '@cinelayer/core'

/**
 * The key layout. Every id goes through core's parsers first, so nothing from outside (a `..`,
 * a slash, a colon too many) ever becomes a key or, with the fs driver, a path.
 */
export const keyPrefixes = {
  movies: 'movies',
  aliases: 'aliases',
  people: 'people',
  relationsOfMovie: 'relations:movie',
  relationsOfPerson: 'relations:person',
  stats: 'stats',
  images: 'images',
  index: 'index',
} as const

/** Prefixes whose values count towards `bytesStored()`. */
export const storedPrefixes = [keyPrefixes.movies, keyPrefixes.aliases, keyPrefixes.people, 'relations', keyPrefixes.stats, keyPrefixes.images] as const

export const movieKey = (id: string): string => `${keyPrefixes.movies}:${parseMovieId(id).id}`
export const aliasKey = (id: string): string => `${keyPrefixes.aliases}:${parseMovieId(id).id}`
export const personKey = (id: string): string => `${keyPrefixes.people}:${parsePersonId(id).id}`
export const movieRelationsKey = (movieId: string): string => `${keyPrefixes.relationsOfMovie}:${parseMovieId(movieId).id}`
export const personRelationsKey = (personId: string): string => `${keyPrefixes.relationsOfPerson}:${parsePersonId(personId).id}`
export const statsKey = (movieId: string): string => `${keyPrefixes.stats}:${parseMovieId(movieId).id}`
/** The reverse alias record of a movie: the aliases pointing at it (`index:aliases-of:tmdb:550`). */
export const aliasesOfKey = (movieId: string): string => `${keyPrefixes.index}:aliases-of:${parseMovieId(movieId).id}`

/** Index names (see `ShardedIdIndex`): every movie, movies per level, people, stats. */
export const indexNames = {
  movies: 'movies',
  people: 'people',
  stats: 'stats',
  /** Movies at one level; the level name is made safe as a key segment. */
  moviesAt: (level: string): string => `movies-at-${levelSegment(level)}`,
} as const

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
 * The ids found under `prefix` among `keys`. Keys that are not a valid id (a stray file in an fs
 * folder, say) are skipped rather than trusted.
 */
export function idsUnder(keys: readonly string[], prefix: string, parse: (id: string) => { id: string }): string[] {
  const ids: string[] = []
  for (const key of keys) {
    if (!key.startsWith(`${prefix}:`)) continue
    try {
      ids.push(parse(key.slice(prefix.length + 1)).id)
    } catch {
      // not one of ours: ignored
    }
  }
  return ids.sort(compareIds)
}

const collator = new Intl.Collator('en', { numeric: true })

/** Orders ids by namespace, then by value with digits compared as numbers (`tmdb:9` < `tmdb:10`). */
export function compareIds(a: string, b: string): number {
  const [namespaceA = '', valueA = ''] = a.split(':', 2)
  const [namespaceB = '', valueB = ''] = b.split(':', 2)
  if (namespaceA !== namespaceB) return namespaceA < namespaceB ? -1 : 1
  return collator.compare(valueA, valueB) || (valueA < valueB ? -1 : valueA > valueB ? 1 : 0)
}
