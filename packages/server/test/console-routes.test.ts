import { afterEach, describe, expect, it } from 'vitest'
import { type TestServer, secret, startTestServer } from './helpers.js'

const apiKey = 'console-routes-key-5d1e88a0c4'
const bearer = { authorization: `Bearer ${apiKey}` }
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('POST /movies', () => {
  it('adds a movie by title and year (201, then 200 once known), behind the API key', async () => {
    server = await startTestServer({ server: { apiKey } })
    const { app } = server
    const payload = { title: 'Fight Club', year: 1999 }
    expect((await app.inject({ method: 'POST', url: '/movies', payload })).statusCode).toBe(401)
    const added = await app.inject({ method: 'POST', url: '/movies', payload, headers: bearer })
    expect(added.statusCode).toBe(201)
    expect(added.json()).toMatchObject({ created: true, score: 1, candidates: [{ id: 'tmdb:550', title: 'Fight Club', year: 1999 }], movie: { id: 'tmdb:550', level: 'basic' } })
    const again = await app.inject({ method: 'POST', url: '/movies', payload: { title: 'Fight Club', level: 'medium' }, headers: bearer })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ created: false, movie: { id: 'tmdb:550', level: 'medium' } })
  })

  it('answers 409 with the candidates and their ids when no single movie matches, storing nothing', async () => {
    server = await startTestServer()
    const reply = await server.app.inject({ method: 'POST', url: '/movies', payload: { title: 'Fight Club', year: 1975 } })
    expect(reply.statusCode).toBe(409)
    expect(reply.json()).toMatchObject({ statusCode: 409, code: 'CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN', error: 'Conflict', candidates: expect.arrayContaining([{ id: 'tmdb:550', title: 'Fight Club', year: 1999 }]) })
    expect((await server.engine.movies.list()).totalResults).toBe(0)
  })

  it('refuses a blank title, a year that is not one, an unknown level and unknown fields with 400', async () => {
    server = await startTestServer()
    for (const payload of [{ title: '  ' }, { title: 'Fight Club', year: '1999' }, { title: 'Fight Club', year: 99 }, { title: 'Fight Club', level: 'ultra' }, { title: 'Fight Club', id: 'tmdb:550' }, {}]) {
      const reply = await server.app.inject({ method: 'POST', url: '/movies', payload })
      expect(reply.statusCode, JSON.stringify(payload)).toBe(400)
      expect(reply.json().code).toBe('FST_ERR_VALIDATION')
    }
    expect((await server.engine.summary()).providerCalls.tmdb ?? 0).toBe(0)
  })
})

describe('GET /people', () => {
  it('pages the people of the catalog with the PaginatedResponse of movies, never asking a provider', async () => {
    server = await startTestServer()
    await server.engine.movies.get('tmdb:550', { level: 'medium' })
    const calls = (await server.engine.summary()).providerCalls.tmdb
    const reply = await server.app.inject({ method: 'GET', url: '/people?page=2&pageSize=5' })
    expect(reply.statusCode).toBe(200)
    const body = reply.json()
    expect(body).toMatchObject({ page: 2, pageSize: 5, totalResults: expect.any(Number), totalPages: Math.ceil(body.totalResults / 5) })
    expect(body.results).toHaveLength(5)
    expect(body).not.toHaveProperty('unreadable')
    expect((await server.engine.summary()).providerCalls.tmdb).toBe(calls)
    for (const url of ['/people?pageSize=101', '/people?page=0', '/people?page=x']) expect((await server.app.inject({ method: 'GET', url })).statusCode, url).toBe(400)
  })

  it('answers a person by IMDb id once the record names it', async () => {
    server = await startTestServer()
    await server.app.inject({ method: 'GET', url: '/people/tmdb:287' })
    const reply = await server.app.inject({ method: 'GET', url: '/people/imdb:nm0000093' })
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toMatchObject({ id: 'tmdb:287', name: 'Brad Pitt' })
  })
})

describe('POST /movies/:id/refresh', () => {
  it('fetches the facets named again, keeping the rest; refuses a facet the movie lacks and a movie not stored', async () => {
    server = await startTestServer({ server: { apiKey } })
    const { app, engine, clock } = server
    await engine.movies.get('tmdb:550', { level: 'medium' })
    clock.advance(60_000)
    expect((await app.inject({ method: 'POST', url: '/movies/tmdb:550/refresh' })).statusCode).toBe(401)
    const reply = await app.inject({ method: 'POST', url: '/movies/imdb:tt0137523/refresh', payload: { facets: ['credits'] }, headers: bearer })
    expect(reply.statusCode).toBe(200)
    const movie = reply.json()
    expect(movie).toMatchObject({ id: 'tmdb:550', level: 'medium' })
    expect(movie.facets.credits.at).toBe('2026-11-21T12:01:00.000Z')
    expect(movie.facets.details.at).toBe('2026-11-21T12:00:00.000Z')
    // No body: every facet a provider filled.
    const all = await app.inject({ method: 'POST', url: '/movies/tmdb:550/refresh', headers: bearer })
    expect(all.json().facets.details.at).toBe('2026-11-21T12:01:00.000Z')
    const lacking = await app.inject({ method: 'POST', url: '/movies/tmdb:550/refresh', payload: { facets: ['images'] }, headers: bearer })
    expect(lacking.statusCode).toBe(400)
    expect(lacking.json()).toMatchObject({ code: 'CINELAYER_ERR_REFRESH_INVALID' })
    const unknown = await app.inject({ method: 'POST', url: '/movies/tmdb:9443/refresh', headers: bearer })
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    const bad = await app.inject({ method: 'POST', url: '/movies/tmdb:550/refresh', payload: { facets: [] }, headers: bearer })
    expect(bad.statusCode).toBe(400)
  })
})

describe('POST /webhooks/recommendation', () => {
  const url = '/webhooks/recommendation'

  it('needs the shared secret (not the API key), answers 202 at once and the movies reach basic in the background', async () => {
    server = await startTestServer({ server: { apiKey } })
    const { app, engine } = server
    const payload = { movieIds: ['tmdb:550', 'imdb:tt0137523', 'tmdb:9443'], source: 'my-recommender' }
    expect((await app.inject({ method: 'POST', url, payload })).json()).toMatchObject({ statusCode: 401, code: 'WEBHOOK_SECRET_INVALID' })
    expect((await app.inject({ method: 'POST', url, payload, headers: { 'x-cinelayer-secret': 'wrong' } })).statusCode).toBe(401)
    const reply = await app.inject({ method: 'POST', url, payload, headers: { 'x-cinelayer-secret': secret } })
    expect(reply.statusCode).toBe(202)
    expect(reply.json()).toEqual({ published: true, movieIds: payload.movieIds })
    await engine.bus.settled()
    expect(server.events.find((event) => event.type === 'RecommendationTriggered')).toMatchObject({ category: 'webhook', payload })
    expect(await engine.movies.peek('tmdb:550')).toMatchObject({ level: 'basic' })
    expect(await engine.movies.peek('tmdb:9443')).toMatchObject({ level: 'basic' })
  })

  it('refuses malformed ids, an empty or oversized list and unknown fields with 400, publishing nothing', async () => {
    server = await startTestServer()
    const headers = { 'x-cinelayer-secret': secret }
    const many = Array.from({ length: 101 }, (_, index) => `tmdb:${index + 1}`)
    for (const payload of [{ movieIds: [] }, { movieIds: ['tmdb:../x'] }, { movieIds: many }, { movieIds: ['tmdb:550'], extra: 1 }, { movieIds: 'tmdb:550' }]) {
      const reply = await server.app.inject({ method: 'POST', url, payload, headers })
      expect(reply.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400)
    }
    expect(server.events.filter((event) => event.type === 'RecommendationTriggered')).toEqual([])
  })
})
