import type { ReplayEntry } from './replay-entry.js'

/** A movie the replay data holds an answer for: what a replay miss lists, so the next try can hit. */
export interface RecordedMovie {
  /** Canonical movie id, e.g. `tmdb:550`. */
  id: string
  /** Title as recorded. */
  title: string
  /** Year of the recorded release date, when there is one. */
  year?: number
  /** `append_to_response` sections recorded with it (empty: details only). */
  sections: readonly string[]
}

const moviePath = /^\/3\/movie\/(\d+)$/

/** The TMDB movies that replay entries answer, by id, with the widest set of sections recorded for each. */
export function recordedMoviesOf(entries: Iterable<{ entry: ReplayEntry; sections: readonly string[] }>): RecordedMovie[] {
  const movies = new Map<string, RecordedMovie>()
  for (const { entry, sections } of entries) {
    const tmdbId = entry.request.source === 'tmdb' ? moviePath.exec(entry.request.path)?.[1] : undefined
    const body = entry.response.body as { title?: unknown; release_date?: unknown } | null | undefined
    if (tmdbId === undefined || entry.response.status !== 200 || typeof body?.title !== 'string') continue
    const id = `tmdb:${tmdbId}`
    const known = movies.get(id)
    if (known && known.sections.length >= sections.length) continue
    const year = typeof body.release_date === 'string' ? Number.parseInt(body.release_date.slice(0, 4), 10) : Number.NaN
    movies.set(id, { id, title: body.title, ...(Number.isInteger(year) ? { year } : {}), sections: [...sections].sort() })
  }
  return [...movies.values()].sort((a, b) => Number(a.id.slice(5)) - Number(b.id.slice(5)))
}

/** `tmdb:550 Fight Club (1999)`: one recorded movie, briefly. */
function shortName(movie: RecordedMovie): string {
  return `${movie.id} ${movie.title}${movie.year === undefined ? '' : ` (${movie.year})`}`
}

/**
 * What a replay miss adds to its message: why a recorded movie missed (the sections it was recorded
 * with), then every recorded movie by id, title and year.
 */
export function describeRecordedMovies(movies: readonly RecordedMovie[], key: string): string {
  if (movies.length === 0) return ''
  const path = /^tmdb GET (\/3\/movie\/\d+)[?]/.exec(`${key}?`)?.[1]
  const missed = path === undefined ? undefined : movies.find((movie) => `/3/movie/${movie.id.slice(5)}` === path)
  const why = missed
    ? `. ${shortName(missed)} is recorded with ${missed.sections.length > 0 ? `append_to_response=${missed.sections.join(',')} only` : 'its details only'}`
    : ''
  return `${why}. Recorded movies: ${movies.map(shortName).join(', ')}`
}
