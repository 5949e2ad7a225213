import { CinelayerError, type MovieSeed } from '@cinelayer/core'
import type { ChangeWindow } from '@cinelayer/housekeeping'
import type { QueryValue, TmdbMovieListItem, TmdbProvider } from '@cinelayer/providers'

// TMDB serves at most 500 pages of any list.
const MAX_PAGES = 500

/** A movie of a TMDB list as a seed the catalog creates movies from. */
export function seedOf(item: TmdbMovieListItem): MovieSeed {
  const year = item.release_date ? Number.parseInt(item.release_date.slice(0, 4), 10) : Number.NaN
  return { tmdb: item.id, title: item.title, ...(Number.isFinite(year) ? { year } : {}) }
}

/**
 * The top `count` trending movies of a window: TMDB gives 20 a page, so pages are read in turn
 * until there are enough (or TMDB has no more). A movie repeated across pages counts once.
 */
export async function trendingSeeds(tmdb: TmdbProvider, window: 'day' | 'week', signal: AbortSignal, count = 50): Promise<MovieSeed[]> {
  const seeds = new Map<number, MovieSeed>()
  for (let page = 1; page <= MAX_PAGES && seeds.size < count; page++) {
    const answer = await tmdb.trending(window, { signal, page }).catch((error: unknown) => {
      // Recorded data may hold the first pages only: the list ends where the recording does.
      if (page > 1 && error instanceof CinelayerError && error.code === 'CINELAYER_ERR_REPLAY_MISS') return null
      throw error
    })
    if (!answer) break
    for (const item of answer.results) if (!seeds.has(item.id) && seeds.size < count) seeds.set(item.id, seedOf(item))
    if (page >= answer.total_pages || answer.results.length === 0) break
  }
  return [...seeds.values()]
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
