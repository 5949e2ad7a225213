import { CinelayerError, type EventBus, type Movie, MovieNotFoundError, type MovieSeed, parseMovieId } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'

/** What TMDB's `find` says of an IMDb id: the movie it names, or `unknown` with why. */
export type ImdbLookup = { found: MovieSeed } | { unknown: string; cause?: unknown }

/**
 * Asks TMDB which movie an IMDb id names (`/3/find/{id}`). "Nothing recorded" (replay) and a 404
 * count as not known; any other failure (network, 5xx) is thrown, since it says nothing about the id.
 */
export async function lookUpImdbId(tmdb: TmdbProvider, imdbId: string): Promise<ImdbLookup> {
  let found: Awaited<ReturnType<TmdbProvider['find']>>
  try {
    found = await tmdb.find(imdbId)
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (error instanceof CinelayerError && (error.code === 'CINELAYER_ERR_REPLAY_MISS' || status === 404)) return { unknown: 'is unknown to TMDB', cause: error }
    throw error
  }
  const movie = found.movie_results[0]
  if (!movie) return { unknown: 'names no movie on TMDB' }
  const year = Number.parseInt(movie.release_date?.slice(0, 4) ?? '', 10)
  return { found: { tmdb: movie.id, ...(movie.title ? { title: movie.title } : {}), ...(Number.isFinite(year) ? { year } : {}) } }
}

/**
 * The canonical id of a movie by any of its ids. A `tmdb:` id seen for the first time creates the
 * movie; an unknown `imdb:` id is looked up on TMDB, the movie created and the IMDb id made an
 * alias of it at once (before TMDB's external ids would say so).
 * @throws MovieNotFoundError when the id names no movie (TMDB's answer, if asked, is the cause)
 */
export async function resolveOrCreateMovie(
  deps: { stores: CinelayerStores; bus: EventBus; tmdb: TmdbProvider; create(seed: MovieSeed, via: string): Promise<Movie> },
  id: string,
): Promise<string> {
  const { stores, bus } = deps
  const parsed = parseMovieId(id)
  const canonical = await stores.movies.resolve(parsed.id)
  if (canonical) return canonical
  if (parsed.namespace === 'tmdb') return (await deps.create({ tmdb: Number(parsed.value) }, 'request')).id
  if (parsed.namespace !== 'imdb') throw new MovieNotFoundError(parsed.id)
  const lookup = await lookUpImdbId(deps.tmdb, parsed.value)
  if ('unknown' in lookup) throw new MovieNotFoundError(parsed.id, { reason: `is not in the store and ${lookup.unknown}`, cause: lookup.cause })
  const movie = await deps.create(lookup.found, 'imdb')
  if ((await stores.movies.resolve(parsed.id)) !== movie.id) {
    await stores.movies.alias(parsed.id, movie.id)
    bus.publish({ type: 'MovieAliased', payload: { from: parsed.id, to: movie.id } })
  }
  return movie.id
}
