import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseMovieId, parsePersonId } from 'cinelayer'
import { CliFileError } from './errors.js'

/** What a token given to `add` stands for. */
export type AddTarget = { kind: 'movie'; id: string } | { kind: 'person'; id: string } | { kind: 'file'; path: string }

const movieNamespace = /^(tmdb|imdb|wikidata|local):/

/**
 * A movie id as typed by a person: `550` is `tmdb:550`, `tt0137523` is `imdb:tt0137523`; anything
 * else must be a full id. Validated here, so a malformed id is a usage error before any work.
 * @throws InvalidIdError
 */
export function movieIdOf(token: string): string {
  const text = token.trim()
  if (/^\d+$/.test(text)) return parseMovieId(`tmdb:${text}`).id
  if (/^tt\d+$/.test(text)) return parseMovieId(`imdb:${text}`).id
  if (/^Q\d+$/.test(text)) return parseMovieId(`wikidata:${text}`).id
  return parseMovieId(text).id
}

/**
 * A person id as typed: `287`, `person:287`, `tmdb:287`, `nm0000093` or `person:nm0000093`.
 * @throws InvalidIdError
 */
export function personIdOf(token: string): string {
  const text = token.trim().replace(/^person:/, '')
  if (/^\d+$/.test(text)) return parsePersonId(`tmdb:${text}`).id
  if (/^nm\d+$/.test(text)) return parsePersonId(`imdb:${text}`).id
  return parsePersonId(text).id
}

/**
 * Reads the token of `add`: a person (`person:…`), a movie id in any of the forms of
 * {@link movieIdOf}, or else the path of a video file, which must exist.
 * @throws InvalidIdError for a malformed id; CliFileError for a path that does not exist.
 */
export function parseAddTarget(token: string, cwd: string): AddTarget {
  const text = token.trim()
  if (text.startsWith('person:')) return { kind: 'person', id: personIdOf(text) }
  if (/^(\d+|tt\d+)$/.test(text) || movieNamespace.test(text)) return { kind: 'movie', id: movieIdOf(text) }
  const path = resolve(cwd, token)
  if (!existsSync(path)) throw new CliFileError(path, 'find')
  return { kind: 'file', path }
}
