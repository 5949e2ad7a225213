import { CinelayerError, type MovieSeed } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'

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
