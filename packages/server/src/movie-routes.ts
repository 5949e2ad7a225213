import { type Movie, type MovieEngine, MovieNotFoundError, type PaginatedResponse, normalizeTitle, paginate, parseMovieId } from 'cinelayer'
import {
  ErrorReply,
  MovieAddedReply,
  MovieEditBody,
  MovieIdParams,
  MoviePage,
  MovieRefreshBody,
  MovieResponse,
  PlaybackReply,
  errorReplies,
  movieAddBody,
  movieGetQuery,
  movieListQuery,
} from './http-schemas.js'
import { resolvePlayedMovie } from './playback.js'
import type { CinelayerApp } from './server.js'
import { upstreamLimited } from './rate-limits.js'

/** Movies read per page while filtering the catalog by text. */
const TEXT_SCAN_PAGE = 200

/** `GET /movies`, `POST /movies`, `GET /movies/:id`, `PATCH /movies/:id`, `POST /movies/:id/play`, `POST /movies/:id/refresh`. */
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

  app.post(
    '/movies',
    {
      ...upstreamLimited,
      schema: {
        tags: ['movies'],
        operationId: 'addMovie',
        summary: 'Adds a movie by title (and year): TMDB search, scored as the file watcher scores a file name',
        description:
          'The best result is added (201; 200 when the catalog held it) only when it is good enough and clearly ahead of the others; otherwise 409 lists the candidates with their ids, and nothing is stored.',
        body: movieAddBody(levels),
        response: { 200: MovieAddedReply, 201: MovieAddedReply, 409: ErrorReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      const { title, year, level } = request.body
      const added = await engine.movies.addByTitle({ title, ...(year === undefined ? {} : { year }) }, level ? { level } : {})
      return reply.code(added.created ? 201 : 200).send(added)
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

/** `POST /movies/:id/refresh`: some facets fetched again, the rest untouched. */
export function registerRefreshRoute(app: CinelayerApp, engine: MovieEngine): void {
  app.post(
    '/movies/:id/refresh',
    {
      ...upstreamLimited,
      schema: {
        tags: ['movies'],
        operationId: 'refreshMovie',
        summary: 'Fetches again what providers gave a movie (or only some facets), keeping its level and every other facet',
        description: 'Body { "facets": ["credits"] }, or none for every facet a provider filled. A refresh that fails keeps the data the movie had (502/503).',
        params: MovieIdParams,
        body: MovieRefreshBody,
        response: { 200: MovieResponse, ...errorReplies },
      },
    },
    async (request) => engine.movies.refresh(request.params.id, request.body.facets ? { facets: request.body.facets } : {}),
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
