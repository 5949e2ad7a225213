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
import { carryEdits, mergeStats } from './movie-merge.js'

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

/** Every movie whose `filePath` is `path`, from the file entries (no record is scanned). */
export async function moviesWithFile(stores: CinelayerStores, path: string): Promise<Movie[]> {
  const found: Movie[] = []
  for (const id of await stores.movies.withFile(path)) {
    const movie = await stores.movies.get(id)
    if (movie?.filePath === path) found.push(movie)
  }
  // A matched record names the file better than a leftover local one.
  return found.sort((a, b) => Number(a.id.startsWith('local:')) - Number(b.id.startsWith('local:')))
}

function stamp(deps: FileLinkDeps): string {
  return new Date(deps.clock.now()).toISOString()
}

/**
 * Changes the movies of the file at `path`, each in one durable change that checks again that the
 * record still names that file.
 */
async function relink(deps: FileLinkDeps, path: string, change: (movie: Movie) => Movie): Promise<Movie[]> {
  const changed: Movie[] = []
  for (const id of await deps.stores.movies.withFile(path)) {
    const update = await deps.stores.movies.update(id, (current) => (current?.filePath === path ? { movie: change(current), durable: true } : null))
    if (update.changed && update.after) changed.push(update.after)
  }
  return changed.sort((a, b) => Number(a.id.startsWith('local:')) - Number(b.id.startsWith('local:')))
}

/** Marks the movies of a vanished file: `filePath` cleared, `fileMissingSince` set, everything else kept. */
export function markFileRemoved(deps: FileLinkDeps, path: string): Promise<Movie[]> {
  return relink(deps, path, (movie) => {
    const { filePath: _gone, ...rest } = movie
    return { ...rest, fileMissingSince: stamp(deps), updatedAt: stamp(deps) }
  })
}

/** Follows a file that moved: its movies get the new path (and lose a missing-file mark). */
export function markFileMoved(deps: FileLinkDeps, from: string, to: string): Promise<Movie[]> {
  return relink(deps, from, (movie) => {
    const { fileMissingSince: _found, ...rest } = movie
    return { ...rest, filePath: to, updatedAt: stamp(deps) }
  })
}

/**
 * Matches a `local:` movie to a TMDB id by hand, in one commit: the TMDB record (existing or new)
 * takes its file, title and year when it has none, locked fields, edits and candidates; the local
 * movie is merged into it (its id becomes an alias, its uses are added). Score 1: a person chose it.
 * @throws InvalidIdError when `localId` is not a `local:` id or `tmdbId` is not a TMDB id;
 *   MovieNotFoundError when no such local movie is stored.
 */
export async function resolveLocalMatch(deps: FileLinkDeps, localId: string, tmdbId: number): Promise<Movie> {
  const { stores, levels, bus, clock } = deps
  const local = parseMovieId(localId)
  if (local.namespace !== 'local') throw new InvalidIdError('movie', localId, 'only a local: movie can be resolved to a TMDB id')
  const id = parseMovieId(`tmdb:${tmdbId}`).id
  // Uses counted under the local id are written first, so that the merge carries them.
  await deps.flushStats?.()
  const update = await stores.movies.update(id, async (existing, context) => {
    const source = await context.movie(local.id)
    if (!source) throw new MovieNotFoundError(local.id)
    const match = { status: 'matched' as const, score: 1, ...(source.match?.candidates ? { candidates: source.match.candidates } : {}) }
    const base =
      existing ??
      createMovieRecord({ id, ids: { tmdb: tmdbId }, ...(source.title ? { title: source.title } : {}), ...(source.year ? { year: source.year } : {}) }, levels, clock.now())
    const locked = Object.fromEntries(source.locks.map((field) => [field, (source as Record<string, unknown>)[field]]))
    const { fileMissingSince: _found, ...kept } = base
    const movie: Movie = carryEdits(
      source,
      {
        ...kept,
        ...locked,
        ids: { ...base.ids, tmdb: tmdbId, ...(source.ids.local ? { local: source.ids.local } : {}) },
        locks: [...new Set([...base.locks, ...source.locks])],
        ...(source.filePath === undefined ? {} : { filePath: source.filePath }),
        match,
        updatedAt: stamp(deps),
      },
      levels,
    )
    const stats = mergeStats(await context.stats(local.id), await context.stats(id), id)
    return { movie, absorbs: [local.id], ...(stats ? { stats } : {}), durable: true }
  })
  const target = update.after!
  if (!update.before) bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: target.level, via: 'file', ...(target.title ? { title: target.title } : {}), ...(target.year ? { year: target.year } : {}) } })
  bus.publish({ type: 'MovieAliased', payload: { from: local.id, to: id } })
  return target
}
