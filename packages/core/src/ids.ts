import { InvalidIdError } from './errors.js'

/** Namespaces a movie id can be in. `local` is a file not yet matched. */
export type MovieIdNamespace = 'tmdb' | 'imdb' | 'wikidata' | 'local'

/** A parsed, validated id. */
export interface ParsedId<N extends string = string> {
  namespace: N
  value: string
  /** The canonical string form, `namespace:value`, safe as a storage key segment. */
  id: string
}

const moviePatterns: Record<MovieIdNamespace, RegExp> = {
  tmdb: /^[1-9]\d{0,9}$/,
  imdb: /^tt\d{7,10}$/,
  wikidata: /^Q[1-9]\d{0,11}$/,
  local: /^[a-f0-9]{16,64}$/,
}

const personPatterns = {
  tmdb: /^[1-9]\d{0,9}$/,
  imdb: /^nm\d{7,10}$/,
  wikidata: /^Q[1-9]\d{0,11}$/,
} as const

/** Namespaces a person id can be in. */
export type PersonIdNamespace = keyof typeof personPatterns

function parseWith<N extends string>(kind: string, input: unknown, patterns: Record<N, RegExp>): ParsedId<N> {
  if (typeof input !== 'string') throw new InvalidIdError(kind, input, 'expected a string')
  if (input.length > 80) throw new InvalidIdError(kind, input, 'longer than 80 characters')
  const at = input.indexOf(':')
  if (at <= 0) throw new InvalidIdError(kind, input, `expected "namespace:value" with namespace one of ${Object.keys(patterns).join(', ')}`)
  const namespace = input.slice(0, at)
  const value = input.slice(at + 1)
  if (!Object.hasOwn(patterns, namespace)) {
    throw new InvalidIdError(kind, input, `unknown namespace "${namespace}" (expected ${Object.keys(patterns).join(', ')})`)
  }
  const pattern = patterns[namespace as N]
  if (!pattern.test(value)) throw new InvalidIdError(kind, input, `"${value}" is not a valid ${namespace} id`)
  return { namespace: namespace as N, value, id: `${namespace}:${value}` }
}

/**
 * Validates a movie id such as `tmdb:603`, `imdb:tt0133093`, `wikidata:Q83495` or `local:<hex>`.
 * @throws InvalidIdError when the id is malformed (it never reaches storage).
 */
export function parseMovieId(input: unknown): ParsedId<MovieIdNamespace> {
  return parseWith('movie', input, moviePatterns)
}

/**
 * Validates a person id such as `tmdb:287` or `imdb:nm0000093`.
 * @throws InvalidIdError when the id is malformed.
 */
export function parsePersonId(input: unknown): ParsedId<PersonIdNamespace> {
  return parseWith('person', input, personPatterns)
}

/**
 * One regular expression matching every valid movie id, for schemas (it travels into JSON Schema
 * as a `pattern`, where a zod refinement would be lost).
 */
export const movieIdPattern = unionPattern(moviePatterns)

/** One regular expression matching every valid person id. */
export const personIdPattern = unionPattern(personPatterns)

function unionPattern(patterns: Record<string, RegExp>): RegExp {
  const alternatives = Object.entries(patterns).map(([namespace, pattern]) => `${namespace}:${pattern.source.slice(1, -1)}`)
  return new RegExp(`^(?:${alternatives.join('|')})$`)
}

/** Formats a TMDB numeric id as a movie or person id (`tmdb:550`). */
export function tmdbId(id: number | string): string {
  return parseMovieId(`tmdb:${id}`).id
}
