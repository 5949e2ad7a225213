import { type Movie, type MovieEngine, MovieNotFoundError, type PaginatedResponse, normalizeTitle, paginate, parseMovieId } from 'cinelayer'
import { MovieEditBody, MovieIdParams, MoviePage, MovieResponse, PlaybackReply, errorReplies, movieGetQuery, movieListQuery } from './http-schemas.js'
import { resolvePlayedMovie } from './playback.js'
import type { CinelayerApp } from './server.js'
import { upstreamLimited } from './rate-limits.js'

/** Movies read per page while filtering the catalog by text. */
const TEXT_SCAN_PAGE = 200

/** `GET /movies`, `GET /movies/:id`, `PATCH /movies/:id`, `POST /movies/:id/play`. */
export function registerMovieRoutes(app: CinelayerApp, engine: MovieEngine, defaultLevel: string): void {
  const levels = engine.levels.names
  // Enrichments started by `wait=false` outlive their request: closing the server waits for them,
  // so that the engine is never closed under a write.
  app.addHook('onClose', async () => {
    await engine.movies.settled()
  })

  app.get(
    '/movies',
    {
      schema: {
        tags: ['movies'],
        operationId: 'listMovies',
        summary: 'A page of the catalog, optionally only one level or titles containing a text',
        querystring: movieListQuery(levels),
        response: { 200: MoviePage, ...errorReplies },
      },
    },
    async (request) => {
      const { text, ...options } = request.query
      return text === undefined ? engine.movies.list(options) : listByText(engine, text, options)
    },
  )

  app.get(
    '/movies/:id',
    {
      ...upstreamLimited,
      schema: {
        tags: ['movies'],
        operationId: 'getMovie',
        summary: 'A movie at a level: enriched on demand, only what is missing',
        description:
          'Unknown tmdb: ids are created on the fly. With wait=false the movie is answered as stored (202 while it is below the level) and enriched behind.',
        params: MovieIdParams,
        querystring: movieGetQuery(levels, defaultLevel),
        response: { 200: MovieResponse, 202: MovieResponse, ...errorReplies },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const { level, wait } = request.query
      const movie = await engine.movies.get(id, { level, wait })
      return reply.code(engine.levels.compare(movie.level, level) >= 0 ? 200 : 202).send(movie)
    },
  )

  app.patch(
    '/movies/:id',
    {
      schema: {
        tags: ['movies'],
        operationId: 'editMovie',
        summary: 'Edits fields by hand and locks them: enrichment never overwrites a locked field, downgrade never removes it',
        params: MovieIdParams,
        body: MovieEditBody,
        response: { 200: MovieResponse, ...errorReplies },
      },
    },
    async (request) => {
      const { id } = request.params
      const { set, lock, lockFields, unlock } = request.body
      // One movie, several steps: each is validated and written whole, an invalid one changes nothing.
      let movie = Object.keys(set).length > 0 ? await engine.movies.edit(id, set, { lock }) : undefined
      for (const field of lockFields) movie = await engine.movies.lock(id, field)
      for (const field of unlock) movie = await engine.movies.unlock(id, field)
      return movie!
    },
  )

  app.post(
    '/movies/:id/play',
    {
      ...upstreamLimited,
      schema: {
        tags: ['movies'],
        operationId: 'playMovie',
        summary: 'Records that a movie started playing (PlaybackStarted, category ui)',
        params: MovieIdParams,
        response: { 200: PlaybackReply, ...errorReplies },
      },
    },
    async (request) => {
      const id = parseMovieId(request.params.id).id
      const movie = await resolvePlayedMovie(engine, [id], 'request')
      if (!movie) throw new MovieNotFoundError(id)
      engine.bus.publish({ type: 'PlaybackStarted', category: 'ui', payload: { movieId: movie.id, source: 'http' } })
      return { published: true, movieId: movie.id }
    },
  )
}

/**
 * Movies whose title or original title contains `text`, accents and case folded. The engine lists
 * by level only, so the catalog is read page by page: fine for an example's catalog, a job for an
 * index in a large one.
 */
async function listByText(engine: MovieEngine, text: string, options: { level?: string; page: number; pageSize: number }): Promise<PaginatedResponse<Movie>> {
  const wanted = normalizeTitle(text)
  const matches: Movie[] = []
  for (let page = 1; ; page++) {
    const batch = await engine.movies.list({ ...(options.level ? { level: options.level } : {}), page, pageSize: TEXT_SCAN_PAGE })
    for (const movie of batch.results) {
      const titles = [movie.title, movie.originalTitle].filter((title): title is string => typeof title === 'string')
      if (titles.some((title) => normalizeTitle(title).includes(wanted))) matches.push(movie)
    }
    if (page >= batch.totalPages) break
  }
  return paginate(matches, options.page, options.pageSize)
}
