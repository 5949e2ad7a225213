import { createHash } from 'node:crypto'
import { type Clock, type EventBus, type LevelSet, type Movie, createMovieRecord, parseMovieId } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'
import { lookUpImdbId } from './movie-lookup.js'
import type { MatchCandidate, chooseMatch } from './title-match.js'
import { matchTitle } from './title-search.js'

/** What a video file is known as before matching. */
export interface VideoFileInfo {
  /** Title parsed from the file name. */
  title: string
  /** Year parsed from the file name. */
  year?: number
  /** TMDB id found in the name (`{tmdb-603}`): wins over a search. */
  tmdbId?: number
  /** IMDb id found in the name (`[tt0137523]`): looked up (store, then TMDB's find) before any search. */
  imdbId?: string
}

/** What matching a file works with. */
export interface FileMatchDeps {
  stores: CinelayerStores
  levels: LevelSet
  clock: Clock
  bus: EventBus
  tmdb: TmdbProvider
}

/**
 * Records a video file: matched on TMDB by title and year (an id in the name wins), the movie is
 * created at the lowest level with the file path, or the existing record gets the path. A file
 * that matches nothing surely becomes a `local:` movie with status `unmatched` and its candidates.
 */
export async function addVideoFile(deps: FileMatchDeps, path: string, info: VideoFileInfo): Promise<Movie> {
  const { levels, clock, tmdb } = deps
  let tmdbId = info.tmdbId ?? (info.imdbId === undefined ? undefined : await tmdbIdOfImdb(deps, info.imdbId))
  let decision: ReturnType<typeof chooseMatch> | undefined
  if (tmdbId === undefined) {
    // Nothing of that year: a search on the title alone records what the user may pick from.
    decision = await matchTitle(tmdb, info.title, info.year)
    tmdbId = decision.chosen?.tmdb
  }
  if (tmdbId !== undefined) {
    const id = parseMovieId(`tmdb:${tmdbId}`).id
    const candidates = decision?.candidates.map(stripCandidate)
    const match = { status: 'matched' as const, score: decision?.score ?? 1, ...(candidates?.length ? { candidates } : {}) }
    const chosen = decision?.chosen
    return linkFile(deps, id, path, (current) => {
      if (current) {
        const { fileMissingSince: _found, ...known } = current
        return { ...known, filePath: path, match, updatedAt: new Date(clock.now()).toISOString() }
      }
      return createMovieRecord(
        { id, ids: { tmdb: tmdbId }, title: chosen?.title ?? info.title, ...yearField(chosen?.year ?? info.year), filePath: path, match },
        levels,
        clock.now(),
      )
    })
  }
  const local = createHash('sha256').update(path).digest('hex').slice(0, 32)
  const match = { status: 'unmatched' as const, score: decision?.score ?? 0, candidates: (decision?.candidates ?? []).map(stripCandidate) }
  return linkFile(deps, `local:${local}`, path, (current) =>
    current
      ? { ...current, filePath: path, match, updatedAt: new Date(clock.now()).toISOString() }
      : createMovieRecord({ id: `local:${local}`, ids: { local }, title: info.title, ...yearField(info.year), filePath: path, match }, levels, clock.now()),
  )
}

/** One durable change linking a file to a movie (created when new, which `MovieCreated` tells). */
async function linkFile(deps: FileMatchDeps, id: string, path: string, next: (current: Movie | null) => Movie): Promise<Movie> {
  const update = await deps.stores.movies.update(id, (current) => ({ movie: next(current), durable: true }))
  const movie = update.after!
  if (!update.before) {
    deps.bus.publish({ type: 'MovieCreated', payload: { movieId: movie.id, level: movie.level, via: 'file', ...(movie.title ? { title: movie.title } : {}), ...yearField(movie.year) } })
  }
  return movie
}

/** The TMDB id an IMDb id names: the store's alias first, then TMDB's find; `undefined` leaves it to the search. */
async function tmdbIdOfImdb({ stores, tmdb }: FileMatchDeps, imdbId: string): Promise<number | undefined> {
  const known = await stores.movies.resolve(`imdb:${imdbId}`)
  if (known?.startsWith('tmdb:')) return Number(known.slice('tmdb:'.length))
  const lookup = await lookUpImdbId(tmdb, imdbId)
  return 'found' in lookup ? lookup.found.tmdb : undefined
}

function yearField(year: number | undefined): { year?: number } {
  return year === undefined ? {} : { year }
}

function stripCandidate(candidate: MatchCandidate): { tmdb: number; title: string; year?: number } {
  return { tmdb: candidate.tmdb, title: candidate.title, ...yearField(candidate.year) }
}
