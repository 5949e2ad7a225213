import { type MovieEngine, normalizeMovieListItem } from 'cinelayer'
import { SearchPage, SearchQuery, errorReplies } from './http-schemas.js'
import type { CinelayerApp } from './server.js'
import { upstreamLimited } from './rate-limits.js'

/** TMDB answers searches 20 results a page. */
const TMDB_PAGE_SIZE = 20

/**
 * `GET /search?q=&year=`: TMDB's search; the results join the catalog at the lowest level, as the
 * engine does for a search, and each counts a search hit. The route searches itself rather than
 * publishing `SearchRequested`: the engine's handler of that request would search TMDB a second
 * time, and the client needs the results now.
 */
export function registerSearchRoute(app: CinelayerApp, engine: MovieEngine): void {
  app.get(
    '/search',
    {
      ...upstreamLimited,
      schema: {
        tags: ['search'],
        operationId: 'searchMovies',
        summary: 'Searches TMDB by title (and year); the results join the catalog at the lowest level',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...errorReplies },
      },
    },
    async (request) => {
      const { q, year, page } = request.query
      const found = await engine.tmdb.searchMovies(q, { page, ...(year === undefined ? {} : { year }) })
      const summaries = found.results.map(normalizeMovieListItem)
      const stored = await engine.movies.createMany(summaries, 'search')
      const byTmdb = new Map(stored.map((entry) => [entry.movie.ids.tmdb, entry]))
      const results = summaries.map((summary) => {
        const entry = byTmdb.get(summary.tmdb)
        engine.bus.publish({ type: 'SearchHit', category: 'ui', payload: { movieId: `tmdb:${summary.tmdb}`, query: q } })
        return {
          id: `tmdb:${summary.tmdb}`,
          title: summary.title,
          ...(summary.year === undefined ? {} : { year: summary.year }),
          ...(summary.overview === undefined ? {} : { overview: summary.overview }),
          ...(summary.popularity === undefined ? {} : { popularity: summary.popularity }),
          level: entry?.movie.level ?? null,
          known: entry ? !entry.created : false,
        }
      })
      return { page: found.page, pageSize: TMDB_PAGE_SIZE, totalResults: found.total_results, totalPages: found.total_pages, results }
    },
  )
}
