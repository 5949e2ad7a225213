import type { MovieSeed } from '@cinelayer/core'
import type { ChangeWindow } from '@cinelayer/housekeeping'
import type { QueryValue, TmdbMovieListItem, TmdbProvider } from '@cinelayer/providers'

// TMDB serves at most 500 pages of any list.
const MAX_PAGES = 500

/** A movie of a TMDB list as a seed the catalog creates movies from. */
export function seedOf(item: TmdbMovieListItem): MovieSeed {
  const year = item.release_date ? Number.parseInt(item.release_date.slice(0, 4), 10) : Number.NaN
  return { tmdb: item.id, title: item.title, ...(Number.isFinite(year) ? { year } : {}) }
}

/** Trending movies of a window, first page. */
export async function trendingSeeds(tmdb: TmdbProvider, window: 'day' | 'week', signal: AbortSignal): Promise<MovieSeed[]> {
  return (await tmdb.trending(window, { signal })).results.map(seedOf)
}

/** Movies of a discover query, first page. */
export async function discoverSeeds(tmdb: TmdbProvider, params: Record<string, QueryValue>, signal: AbortSignal): Promise<MovieSeed[]> {
  return (await tmdb.discover(params, { signal })).results.map(seedOf)
}

/** TMDB ids of the movies changed in a window, every page of `/3/movie/changes` read in turn. */
export async function* changedTmdbIds(tmdb: TmdbProvider, { since, until, signal }: ChangeWindow): AsyncIterable<number> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await tmdb.changes({ startDate: since, endDate: until, page, signal })
    for (const item of answer.results) yield item.id
    if (page >= answer.total_pages) return
  }
}
