import type { Movie } from 'cinelayer'
import type { Output } from './output.js'

/** The fields a listing shows of a movie (and `--json` gives for `ls`). */
export interface MovieSummary {
  id: string
  title: string | null
  year: number | null
  level: string
  filePath?: string
  match?: string
}

/** Reduces a record to its {@link MovieSummary}. */
export function summarizeMovie(movie: Movie): MovieSummary {
  return {
    id: movie.id,
    title: movie.title ?? null,
    year: movie.year ?? null,
    level: movie.level,
    ...(movie.filePath ? { filePath: movie.filePath } : {}),
    ...(movie.match ? { match: movie.match.status } : {}),
  }
}

/** "Fight Club (1999)", or the id when the title is not known yet. */
export function movieLabel(movie: Pick<Movie, 'id' | 'title' | 'year'>): string {
  if (!movie.title) return movie.id
  return movie.year ? `${movie.title} (${movie.year})` : movie.title
}

const CREDITS_SHOWN = 6

/** Prints a movie the way `get` shows it: what its level holds, and nothing else. */
export function printMovie(out: Output, movie: Movie): void {
  const { style } = out
  out.line(`${style.bold(movieLabel(movie))}  ${style.dim(movie.id)}  level ${style.cyan(movie.level)}`)
  if (movie.tagline) out.line(style.dim(movie.tagline))
  if (movie.overview) out.line(movie.overview)
  const facts = [
    movie.runtime ? `${movie.runtime} min` : undefined,
    movie.releaseDate ? `released ${movie.releaseDate}` : undefined,
    movie.originalLanguage ? `language ${movie.originalLanguage}` : undefined,
    movie.tmdbRating ? `TMDB ${movie.tmdbRating.average}/10 (${movie.tmdbRating.count} votes)` : undefined,
    movie.imdbRating ? `IMDb ${movie.imdbRating.rating}/10 (${movie.imdbRating.votes} votes)` : undefined,
  ].filter(Boolean)
  if (facts.length > 0) out.line(facts.join(' · '))
  if (movie.genres?.length) out.line(`Genres: ${movie.genres.map((genre) => genre.name).join(', ')}`)
  const directors = movie.crew?.filter((credit) => credit.job === 'Director').map((credit) => credit.name) ?? []
  if (directors.length > 0) out.line(`Directed by: ${directors.join(', ')}`)
  if (movie.cast?.length) {
    const shown = movie.cast.slice(0, CREDITS_SHOWN).map((credit) => (credit.character ? `${credit.name} (${credit.character})` : credit.name))
    const more = movie.cast.length > CREDITS_SHOWN ? `, … ${movie.cast.length - CREDITS_SHOWN} more` : ''
    out.line(`Cast: ${shown.join(', ')}${more}`)
  }
  if (movie.keywords?.length) out.line(`Keywords: ${movie.keywords.slice(0, 10).join(', ')}`)
  if (movie.wikipedia) out.line(`Wikipedia (${movie.wikipedia.language}): ${movie.wikipedia.summary}`)
  if (movie.filePath) out.line(`File: ${movie.filePath}`)
  if (movie.match?.status === 'unmatched') out.line(style.yellow('Not matched on TMDB yet'))
  if (movie.locks.length > 0) out.line(`Locked: ${movie.locks.join(', ')}`)
  const lastError = movie.errors.at(-1)
  if (lastError) out.info(style.yellow(`Last enrichment error (${lastError.at}, ${lastError.provider}): ${lastError.code}: ${lastError.message}`))
}
