import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from './helpers.js'

let server: TestServer
beforeEach(async () => {
  server = await startTestServer()
})
afterEach(async () => {
  await server.close()
})

const get = (url: string) => server.app.inject({ method: 'GET', url })

describe('GET /people/:id', () => {
  it('answers the person with biography, fetched once, and publishes PersonRequested', async () => {
    const reply = await get('/people/tmdb:287')
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toMatchObject({ id: 'tmdb:287', name: 'Brad Pitt', level: 'basic', birthday: '1963-12-18' })
    await get('/people/tmdb:287')
    await server.engine.bus.settled()
    expect((await server.engine.summary()).providerCalls.tmdb).toBe(1)
    expect(server.events.filter((event) => event.type === 'PersonRequested')).toMatchObject([
      { category: 'ui', payload: { personId: 'tmdb:287' } },
      { category: 'ui', payload: { personId: 'tmdb:287' } },
    ])
  })

  it('answers 404 for an unknown non-TMDB person, 400 for a malformed or traversal id', async () => {
    expect((await get('/people/imdb:nm9999999')).json()).toMatchObject({ statusCode: 404, code: 'CINELAYER_ERR_PERSON_NOT_FOUND' })
    for (const url of ['/people/tmdb:..%2Fsecrets', '/people/imdb:tt0133093', '/people/287']) {
      const reply = await get(url)
      expect(reply.statusCode, url).toBe(400)
      expect(reply.json().issues, url).toEqual([expect.objectContaining({ path: ['params', 'id'] })])
    }
  })
})

describe('GET /people/:id/movies', () => {
  it('pages the filmography and creates the movies of the page the catalog did not know, at the lowest level', async () => {
    await get('/movies/tmdb:550')
    const reply = await get('/people/tmdb:287/movies?pageSize=1')
    expect(reply.statusCode).toBe(200)
    const page = reply.json()
    expect(page).toMatchObject({ page: 1, pageSize: 1, totalResults: 2, totalPages: 2 })
    expect(page.results).toEqual([
      expect.objectContaining({ personId: 'tmdb:287', movieId: 'tmdb:45612', movieTitle: 'The Departed', movie: { id: 'tmdb:45612', level: 'initial', title: 'The Departed', year: 2006 } }),
    ])
    expect(server.events.find((event) => event.type === 'MovieCreated' && event.payload.movieId === 'tmdb:45612')).toMatchObject({
      payload: { via: 'person:tmdb:287', level: 'initial' },
    })
    const second = (await get('/people/tmdb:287/movies?pageSize=1&page=2')).json()
    expect(second.results).toEqual([expect.objectContaining({ movieId: 'tmdb:550', character: 'Tyler Durden', movie: expect.objectContaining({ level: 'basic' }) })])
    expect((await server.engine.summary()).movies).toBe(2)
  })

  it('refuses a page size over 100', async () => {
    expect((await get('/people/tmdb:287/movies?pageSize=1000')).statusCode).toBe(400)
  })
})

describe('GET /search', () => {
  it('searches TMDB once, adds the results to the catalog at the lowest level and counts a search hit for each', async () => {
    await get('/movies/tmdb:550')
    const reply = await get('/search?q=Fight%20Club')
    expect(reply.statusCode).toBe(200)
    const page = reply.json()
    expect(page).toMatchObject({ page: 1, pageSize: 20 })
    expect(page.results[0]).toMatchObject({ id: 'tmdb:550', title: 'Fight Club', year: 1999, level: 'basic', known: true })
    const others = page.results.slice(1)
    expect(others.length).toBeGreaterThan(0)
    expect(others.every((result: { level: string; known: boolean }) => result.level === 'initial' && !result.known)).toBe(true)
    expect((await server.engine.summary()).providerCalls.tmdb).toBe(2)
    expect((await server.engine.summary()).movies).toBe(page.results.length)
    const hits = server.events.filter((event) => event.type === 'SearchHit')
    expect(hits).toHaveLength(page.results.length)
    expect(hits[0]).toMatchObject({ category: 'ui', payload: { movieId: 'tmdb:550', query: 'Fight Club' } })
    await server.engine.stats.flush()
    expect((await server.engine.stats.get('tmdb:550')).searchHits).toBe(1)
  })

  it('refuses a blank query, a year out of range and a page past 500 with 400', async () => {
    for (const url of ['/search', '/search?q=%20%20', '/search?q=x&year=20000', '/search?q=x&page=501', `/search?q=${'a'.repeat(201)}`]) {
      const reply = await get(url)
      expect(reply.statusCode, url).toBe(400)
      expect(reply.json().issues.length, url).toBeGreaterThan(0)
    }
  })

  it('answers 404 when the replay dataset has no answer to the search', async () => {
    const reply = await get('/search?q=nothing%20recorded')
    expect(reply.statusCode).toBe(404)
    expect(reply.json().code).toBe('CINELAYER_ERR_REPLAY_MISS')
  })
})
