import type { MovieEngine } from 'cinelayer'
import { FilmographyPage, FilmographyQuery, PeopleListQuery, PersonIdParams, PersonPage, PersonResponse, errorReplies } from './http-schemas.js'
import type { CinelayerApp } from './server.js'
import { upstreamLimited } from './rate-limits.js'

/** `GET /people`, `GET /people/:id`, `GET /people/:id/movies`. */
export function registerPeopleRoutes(app: CinelayerApp, engine: MovieEngine): void {
  app.get(
    '/people',
    {
      schema: {
        tags: ['people'],
        operationId: 'listPeople',
        summary: 'A page of the people of the catalog, by id (never asks a provider)',
        querystring: PeopleListQuery,
        response: { 200: PersonPage, ...errorReplies },
      },
    },
    async (request) => engine.people.list(request.query),
  )

  app.get(
    '/people/:id',
    {
      ...upstreamLimited,
      schema: {
        tags: ['people'],
        operationId: 'getPerson',
        summary: 'A person with biography (fetched once, then served from the store)',
        description: 'Any id of the person: tmdb:287, or imdb:nm0000093 (an alias once stored, else looked up with TMDB\'s find).',
        params: PersonIdParams,
        response: { 200: PersonResponse, ...errorReplies },
      },
    },
    async (request) => {
      // The request is published for observers; the engine's handler and this call share one fetch.
      engine.bus.publish({ type: 'PersonRequested', category: 'ui', payload: { personId: request.params.id } })
      return engine.people.get(request.params.id)
    },
  )

  app.get(
    '/people/:id/movies',
    {
      ...upstreamLimited,
      schema: {
        tags: ['people'],
        operationId: 'listPersonMovies',
        summary: "A page of a person's filmography; movies the catalog did not know are created at the lowest level",
        params: PersonIdParams,
        querystring: FilmographyQuery,
        response: { 200: FilmographyPage, ...errorReplies },
      },
    },
    async (request) => {
      const page = await engine.people.movies(request.params.id, request.query)
      // Only the page shown is created: browsing a filmography must not import a whole career.
      const results = await Promise.all(
        page.results.map(async ({ known: _known, ...relation }) => {
          const movie = (await engine.movies.peek(relation.movieId)) ?? (await createFromCredit(engine, relation))
          return { ...relation, movie: movie ? { id: movie.id, level: movie.level, ...titled(movie) } : null }
        }),
      )
      return { ...page, results }
    },
  )
}

async function createFromCredit(engine: MovieEngine, relation: { personId: string; movieId: string; movieTitle?: string; movieYear?: number }) {
  if (!relation.movieId.startsWith('tmdb:')) return null
  const seed = {
    tmdb: Number(relation.movieId.slice('tmdb:'.length)),
    ...(relation.movieTitle ? { title: relation.movieTitle } : {}),
    ...(relation.movieYear ? { year: relation.movieYear } : {}),
  }
  return engine.movies.create(seed, `person:${relation.personId}`)
}

function titled(movie: { title?: string; year?: number }): { title?: string; year?: number } {
  return { ...(movie.title ? { title: movie.title } : {}), ...(movie.year ? { year: movie.year } : {}) }
}
