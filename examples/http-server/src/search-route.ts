import type { MovieEngine } from 'cinelayer'
import { SearchPage, SearchQuery, errorReplies } from './http-schemas.js'
import type { CinelayerApp } from './server.js'

/** TMDB answers searches 20 results a page. */
const TMDB_PAGE_SIZE = 20

/** `GET /search?q=&year=`: TMDB's search, each result marked with its level in the catalog. */
export function registerSearchRoute(app: CinelayerApp, engine: MovieEngine): void {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Searches TMDB by title (and year); says which results the catalog holds already',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...errorReplies },
      },
    },
    async (request) => {
      const { q, year, page } = request.query
      engine.bus.publish({ type: 'SearchRequested', category: 'ui', payload: { query: q, ...(year === undefined ? {} : { year }) } })
      const found = await engine.tmdb.searchMovies(q, { page, ...(year === undefined ? {} : { year }) })
      const results = await Promise.all(
        found.results.map(async (result) => {
          const stored = await engine.movies.peek(`tmdb:${result.id}`)
          const released = result.release_date ? Number.parseInt(result.release_date.slice(0, 4), 10) : Number.NaN
          return {
            id: `tmdb:${result.id}`,
            title: result.title,
            ...(Number.isInteger(released) ? { year: released } : {}),
            ...(result.overview ? { overview: result.overview } : {}),
            ...(typeof result.popularity === 'number' ? { popularity: result.popularity } : {}),
            level: stored?.level ?? null,
          }
        }),
      )
      return { page: found.page, pageSize: TMDB_PAGE_SIZE, totalResults: found.total_results, totalPages: found.total_pages, results }
    },
  )
}
