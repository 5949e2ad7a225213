import { CinelayerError, type MovieEngine } from 'cinelayer'

/** A movie card as this (imaginary) app shows it: a few lines of text. */
export interface MovieCard {
  heading: string
  lines: string[]
  /** What could not be shown, in words for the user (a provider was down, say). */
  missing: string[]
}

/**
 * "Our own code": the card of a movie, with everything cinelayer knows at `deep`. When the jump to
 * `deep` fails (a provider down), the card shows what the movie already had instead of an error.
 * @returns `null` when cinelayer has nothing at all for the id.
 */
export async function showMovieCard(engine: MovieEngine, id: string): Promise<MovieCard | null> {
  let movie
  const missing: string[] = []
  try {
    movie = await engine.movies.get(id, { level: 'deep' })
  } catch (error) {
    // An id no provider knows: cinelayer stored nothing for it.
    if (error instanceof CinelayerError && error.code === 'CINELAYER_ERR_MOVIE_NOT_FOUND') return null
    if (!(error instanceof CinelayerError) || error.code !== 'CINELAYER_ERR_ENRICHMENT_FAILED') throw error
    movie = await engine.movies.peek(id)
    if (!movie || !movie.title) return null
    missing.push('some details are not available right now')
  }
  const director = movie.crew?.find((credit) => credit.job === 'Director')?.name
  const lines = [
    movie.tagline,
    movie.runtime ? `${movie.runtime} min` : undefined,
    director ? `Directed by ${director}` : undefined,
    movie.imdbRating ? `IMDb ${movie.imdbRating.rating.toFixed(1)}/10 (${movie.imdbRating.votes.toLocaleString('en-US')} votes)` : undefined,
    movie.wikipedia ? `Wikipedia: ${movie.wikipedia.summary.split('. ')[0]}.` : undefined,
  ].filter((line): line is string => line !== undefined)
  return { heading: `${movie.title}${movie.year ? ` (${movie.year})` : ''}`, lines, missing }
}
