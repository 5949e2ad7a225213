import {
  type Clock,
  type EventBus,
  InvalidIdError,
  type LevelSet,
  type Movie,
  MovieNotFoundError,
  createMovieRecord,
  parseMovieId,
} from '@cinelayer/core'
import type { CinelayerStores } from '@cinelayer/storage'
import { carryEdits, carryStats } from './movie-merge.js'

/**
 * The link between movies and their video files: finding a movie by its file, following a file
 * that moved, marking one that disappeared, and matching an unmatched (`local:`) movie by hand.
 * Used by `MovieCatalog`; the file watcher drives it.
 */

/** What the file links work with. */
export interface FileLinkDeps {
  stores: CinelayerStores
  levels: LevelSet
  bus: EventBus
  clock: Clock
  /** Writes usage counts still pending, before a local movie's are carried over. Default: none pending. */
  flushStats?: () => Promise<void>
}

/**
 * Every movie whose `filePath` is `path`. Reads every record: there is no index by path yet, so a
 * caller with many paths to check (a library scan) lists the movies once instead.
 */
export async function moviesWithFile(stores: CinelayerStores, path: string): Promise<Movie[]> {
  const found: Movie[] = []
  for (const id of await stores.movies.ids()) {
    const movie = await stores.movies.get(id)
    if (movie?.filePath === path) found.push(movie)
  }
  // A matched record names the file better than a leftover local one.
  return found.sort((a, b) => Number(a.id.startsWith('local:')) - Number(b.id.startsWith('local:')))
}

function stamp(deps: FileLinkDeps): string {
  return new Date(deps.clock.now()).toISOString()
}

/** Marks the movies of a vanished file: `filePath` cleared, `fileMissingSince` set, everything else kept. */
export async function markFileRemoved(deps: FileLinkDeps, path: string): Promise<Movie[]> {
  const marked: Movie[] = []
  for (const movie of await moviesWithFile(deps.stores, path)) {
    const { filePath: _gone, ...rest } = movie
    const updated: Movie = { ...rest, fileMissingSince: stamp(deps), updatedAt: stamp(deps) }
    await deps.stores.movies.put(updated)
    marked.push(updated)
  }
  return marked
}

/** Follows a file that moved: its movies get the new path (and lose a missing-file mark). */
export async function markFileMoved(deps: FileLinkDeps, from: string, to: string): Promise<Movie[]> {
  const moved: Movie[] = []
  for (const movie of await moviesWithFile(deps.stores, from)) {
    const { fileMissingSince: _found, ...rest } = movie
    const updated: Movie = { ...rest, filePath: to, updatedAt: stamp(deps) }
    await deps.stores.movies.put(updated)
    moved.push(updated)
  }
  return moved
}

/**
 * Matches a `local:` movie to a TMDB id by hand: the TMDB record (existing or new) takes its file,
 * title and year when it has none, locked fields and candidates; the local id becomes an alias of
 * it, so every route to the old id still arrives. Score 1: a person chose it.
 * @throws InvalidIdError when `localId` is not a `local:` id or `tmdbId` is not a TMDB id;
 *   MovieNotFoundError when no such local movie is stored.
 */
export async function resolveLocalMatch(deps: FileLinkDeps, localId: string, tmdbId: number): Promise<Movie> {
  const { stores, levels, bus, clock } = deps
  const local = parseMovieId(localId)
  if (local.namespace !== 'local') throw new InvalidIdError('movie', localId, 'only a local: movie can be resolved to a TMDB id')
  const id = parseMovieId(`tmdb:${tmdbId}`).id
  const source = await stores.movies.get(local.id)
  if (!source) throw new MovieNotFoundError(local.id)
  const existingId = await stores.movies.resolve(id)
  const existing = existingId ? await stores.movies.get(existingId) : null
  const match = { status: 'matched' as const, score: 1, ...(source.match?.candidates ? { candidates: source.match.candidates } : {}) }
  const base =
    existing ??
    createMovieRecord(
      { id, ids: { tmdb: tmdbId }, ...(source.title ? { title: source.title } : {}), ...(source.year ? { year: source.year } : {}) },
      levels,
      clock.now(),
    )
  const locked = Object.fromEntries(source.locks.map((field) => [field, (source as Record<string, unknown>)[field]]))
  const { fileMissingSince: _found, ...kept } = base
  const target: Movie = carryEdits(source, {
    ...kept,
    ...locked,
    ids: { ...base.ids, tmdb: tmdbId, ...(source.ids.local ? { local: source.ids.local } : {}) },
    locks: [...new Set([...base.locks, ...source.locks])],
    ...(source.filePath === undefined ? {} : { filePath: source.filePath }),
    match,
    updatedAt: stamp(deps),
  }, levels)
  // The TMDB record and the alias are written before the local record goes: a crash in between
  // leaves both records, never neither.
  await stores.movies.put(target)
  await stores.movies.alias(local.id, id)
  // Uses counted under the local id are kept (pending counts are written first).
  await deps.flushStats?.()
  await carryStats(stores.stats, local.id, id)
  await stores.movies.remove(local.id)
  if (!existing) bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: target.level, via: 'file', ...(target.title ? { title: target.title } : {}), ...(target.year ? { year: target.year } : {}) } })
  bus.publish({ type: 'MovieAliased', payload: { from: local.id, to: id } })
  return target
}
