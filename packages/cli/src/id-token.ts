import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseMovieId, parsePersonId } from 'cinelayer'
import { CliFileError, CliUsageError } from './errors.js'

/** What a token given to `add` stands for. */
export type AddTarget =
  | { kind: 'movie'; id: string }
  | { kind: 'person'; id: string }
  | { kind: 'file'; path: string }
  | { kind: 'title'; title: string; year?: number }

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

/** A token that names a file rather than a title: a folder separator, or a video's extension. */
const pathLike = /[/\\]|\.(mkv|mp4|m4v|avi|mov|wmv|mpg|mpeg|ts|m2ts|webm|iso)$/i

/**
 * Reads the token of `add`: a person (`person:…`), a movie id in any of the forms of
 * {@link movieIdOf}, the path of a video file that exists, or else a title to search (with `year`
 * when given). A token that looks like a path (a slash, a video extension) must exist.
 * @throws InvalidIdError for a malformed id; CliFileError for a path that does not exist;
 *   CliUsageError for a year given with an id or a file.
 */
export function parseAddTarget(token: string, cwd: string, year?: number): AddTarget {
  const text = token.trim()
  const target = ((): AddTarget => {
    if (text.startsWith('person:') || /^nm\d+$/.test(text)) return { kind: 'person', id: personIdOf(text) }
    if (/^(\d+|tt\d+)$/.test(text) || movieNamespace.test(text)) return { kind: 'movie', id: movieIdOf(text) }
    const path = resolve(cwd, token)
    if (existsSync(path)) return { kind: 'file', path }
    if (pathLike.test(text)) throw new CliFileError(path, 'find')
    return { kind: 'title', title: text, ...(year === undefined ? {} : { year }) }
  })()
  if (year !== undefined && target.kind !== 'title') throw new CliUsageError('add', `--year goes with a title, not with ${target.kind === 'file' ? 'a file' : 'an id'} ("${text}")`)
  return target
}
