import type { Movie, MovieSeed, TitleRequest, VideoFileRequest } from '@cinelayer/core'
import type { BulkItemResult } from './bulk-operations.js'
import type { VideoFileInfo } from './file-matching.js'
import type { MovieAdded } from './title-search.js'

/**
 * One item of `engine.importMany`: a movie id (`tmdb:550`, `imdb:tt0137523`), a seed from a list
 * (`{ tmdb: 550, title? }`), a title to search (`{ title: 'Fight Club', year: 1999 }`), or a video
 * file (`{ path, title, year? }`, what its name says).
 */
export type ImportItem = string | MovieSeed | TitleRequest | VideoFileRequest

/**
 * The id an item has in a bulk report: an id as given, `tmdb:<n>` for a seed, `Title (Year)` for
 * a title, the path for a file. Items with the same label are imported once.
 */
export function importItemLabel(item: ImportItem): string {
  if (typeof item === 'string') return item
  if (isSeed(item)) return `tmdb:${item.tmdb}`
  if (isFile(item)) return item.path
  return item.year === undefined ? item.title : `${item.title} (${item.year})`
}

/** A seed names its TMDB id. */
export function isSeed(item: ImportItem): item is MovieSeed {
  return typeof item === 'object' && item !== null && 'tmdb' in item
}

function isFile(item: ImportItem): item is VideoFileRequest {
  return typeof item === 'object' && item !== null && 'path' in item
}

/** What importing a title or a file works with: the catalog's calls. */
export interface NamedImportDeps {
  addByTitle(query: TitleRequest, level: string | undefined): Promise<MovieAdded>
  addFile(path: string, info: VideoFileInfo): Promise<Movie>
  get(id: string, level: string): Promise<Movie>
}

/**
 * Imports a title (searched, matched, created by its first enrichment) or a video file (matched as
 * the watcher matches it, then brought to `level` when given). A file no search result matches is
 * recorded as an unmatched `local:` movie and reported failed: it needs a choice (`resolveMatch`).
 */
export async function importNamedItem(deps: NamedImportDeps, id: string, item: TitleRequest | VideoFileRequest, level: string | undefined): Promise<BulkItemResult> {
  if (!isFile(item)) {
    const added = await deps.addByTitle(item, level)
    const { movie } = added
    if (added.created) return { id, movieId: movie.id, status: 'ok', level: movie.level }
    return { id, movieId: movie.id, status: 'skipped', level: movie.level, reason: `already in the catalog as ${movie.id}` }
  }
  const { path, ...info } = item
  const added = await deps.addFile(path, info)
  if (added.match?.status === 'unmatched') {
    const candidates = (added.match.candidates ?? []).map((candidate) => `tmdb:${candidate.tmdb} ${candidate.title}${candidate.year ? ` (${candidate.year})` : ''}`)
    const reason = `not matched: recorded as ${added.id}${candidates.length > 0 ? `; candidates: ${candidates.join('; ')}` : ', no candidate'}`
    return { id, movieId: added.id, status: 'failed', level: added.level, reason, code: 'CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN' }
  }
  const movie = level === undefined ? added : await deps.get(added.id, level)
  return { id, movieId: movie.id, status: 'ok', level: movie.level }
}
