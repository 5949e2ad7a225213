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
const tmdbCalls = async () => (await server.engine.summary()).providerCalls.tmdb ?? 0

describe('GET /movies/:id', () => {
  it('enriches to the level asked (basic by default) and serves it from the store afterwards', async () => {
    const basic = await get('/movies/tmdb:550')
    expect(basic.statusCode).toBe(200)
    expect(basic.json()).toMatchObject({ id: 'tmdb:550', level: 'basic', title: 'Fight Club', runtime: 139 })
    expect(basic.json().cast).toBeUndefined()
    expect(await tmdbCalls()).toBe(1)
    const medium = await get('/movies/tmdb:550?level=medium')
    expect(medium.json()).toMatchObject({ level: 'medium' })
    expect(medium.json().cast.length).toBeGreaterThan(0)
    expect((await get('/movies/tmdb:550?level=basic')).json().level).toBe('medium')
    expect(await tmdbCalls()).toBe(2)
    expect(server.events.filter((event) => event.type === 'MovieRequested')).toHaveLength(3)
  })

  it('answers 200 concurrent requests for one movie with one upstream call', async () => {
    const replies = await Promise.all(Array.from({ length: 200 }, () => get('/movies/tmdb:550?level=deep')))
    expect(new Set(replies.map((reply) => reply.statusCode))).toEqual(new Set([200]))
    expect(new Set(replies.map((reply) => reply.json().level))).toEqual(new Set(['deep']))
    expect(await tmdbCalls()).toBe(1)
    expect(server.events.filter((event) => event.type === 'MovieCreated')).toHaveLength(1)
  })

  it('with wait=false answers the stored movie at once (202) and enriches behind', async () => {
    const early = await get('/movies/tmdb:550?level=medium&wait=false')
    expect(early.statusCode).toBe(202)
    expect(early.json()).toMatchObject({ id: 'tmdb:550', level: 'initial' })
    await expect.poll(async () => (await server.engine.movies.peek('tmdb:550'))?.level).toBe('medium')
    const late = await get('/movies/tmdb:550?level=medium&wait=false')
    expect(late.statusCode).toBe(200)
    expect(late.json().level).toBe('medium')
  })

  it('finds a movie by an alias once it is known (imdb id after a deep enrichment)', async () => {
    await get('/movies/tmdb:550?level=deep')
    const byImdb = await get('/movies/imdb:tt0137523?level=basic')
    expect(byImdb.statusCode).toBe(200)
    expect(byImdb.json().id).toBe('tmdb:550')
  })

  it('answers 404 for an unknown non-TMDB id and for a movie the data source does not have', async () => {
    const unknown = await get('/movies/imdb:tt9999999')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({
      statusCode: 404,
      code: 'CINELAYER_ERR_MOVIE_NOT_FOUND',
      error: 'Not Found',
      message: expect.stringMatching(/^Movie imdb:tt9999999 is not in the store/),
    })
    const missing = await get('/movies/tmdb:603')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().message).toMatch(/tmdb:603/)
  })

  it('leaves the catalog as it was after 300 random ids the data source does not know (404 each)', async () => {
    await server.close()
    // The data folder's default store (SQLite), no rate limit: every request reaches the engine.
    server = await startTestServer({ store: 'fs', server: { rateLimit: false } })
    await get('/movies/tmdb:550')
    let seed = 12345
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    const ids = new Set<number>()
    while (ids.size < 300) ids.add(1_000_000 + (random() % 50_000_000))
    for (const id of ids) {
      const reply = await get(`/movies/tmdb:${id}?level=basic`)
      expect(reply.statusCode, `tmdb:${id}`).toBe(404)
    }
    expect((await server.engine.summary()).movies).toBe(1)
    expect((await server.engine.movies.list()).results.map((movie) => movie.id)).toEqual(['tmdb:550'])
    expect(server.events.filter((event) => event.type === 'MovieCreated')).toHaveLength(1)
  })

  it('refuses malformed and path-traversal ids with 400 and the zod issues, before anything is stored', async () => {
    for (const url of [
      '/movies/tmdb:..%2F..%2Fetc%2Fpasswd',
      '/movies/..%2F..%2Fetc%2Fpasswd',
      '/movies/tmdb:550%2F..%2F..',
      '/movies/tmdb:abc',
      '/movies/netflix:1',
      '/movies/550',
      `/movies/tmdb:${'9'.repeat(90)}`,
    ]) {
      const reply = await get(url)
      expect(reply.statusCode, url).toBe(400)
      expect(reply.json(), url).toMatchObject({ code: 'FST_ERR_VALIDATION', issues: [{ path: ['params', 'id'] }] })
    }
    // Past find-my-way's parameter length the router itself refuses the URL.
    expect((await get(`/movies/tmdb:${'9'.repeat(200)}`)).statusCode).toBe(414)
    expect((await server.engine.summary()).movies).toBe(0)
  })

  it('refuses an unknown level or a bad wait flag with 400', async () => {
    const level = await get('/movies/tmdb:550?level=ultra')
    expect(level.statusCode).toBe(400)
    expect(level.json().issues).toEqual([{ path: ['querystring', 'level'], message: expect.stringContaining('basic') }])
    expect((await get('/movies/tmdb:550?wait=perhaps')).statusCode).toBe(400)
  })

  it('never sends a stack trace', async () => {
    const replies = await Promise.all(['/movies/tmdb:abc', '/movies/imdb:tt9999999', '/movies/tmdb:603'].map(get))
    for (const reply of replies) {
      expect(reply.body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/)
      expect(Object.keys(reply.json()).sort()).toEqual(expect.arrayContaining(['code', 'error', 'message', 'statusCode']))
    }
  })
})

describe('GET /movies', () => {
  beforeEach(async () => {
    await get('/movies/tmdb:550?level=medium')
    await get('/movies/tmdb:9443?level=basic')
    await server.app.inject({ method: 'POST', url: '/movies/tmdb:87421/play' })
  })

  it('pages through the catalog in the PaginatedResponse shape', async () => {
    const first = await get('/movies?pageSize=2')
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ page: 1, pageSize: 2, totalResults: 3, totalPages: 2 })
    expect(first.json().results).toHaveLength(2)
    const second = await get('/movies?pageSize=2&page=2')
    expect(second.json().results).toHaveLength(1)
    const ids = [...first.json().results, ...second.json().results].map((movie: { id: string }) => movie.id)
    expect(new Set(ids)).toEqual(new Set(['tmdb:550', 'tmdb:9443', 'tmdb:87421']))
  })

  it('filters by level and by text (case and accents folded)', async () => {
    expect((await get('/movies?level=medium')).json().results.map((movie: { id: string }) => movie.id)).toEqual(['tmdb:550'])
    expect((await get('/movies?level=initial')).json().totalResults).toBe(1)
    const text = await get('/movies?text=FIGHT')
    expect(text.json()).toMatchObject({ totalResults: 1, results: [{ id: 'tmdb:550' }] })
    expect((await get('/movies?text=fight&level=basic')).json().totalResults).toBe(0)
  })

  it('refuses out-of-range pages with 400', async () => {
    for (const query of ['page=0', 'pageSize=101', 'page=abc', 'level=ultra']) expect((await get(`/movies?${query}`)).statusCode, query).toBe(400)
  })
})

describe('PATCH /movies/:id', () => {
  const patch = (url: string, body: unknown) =>
    server.app.inject({ method: 'PATCH', url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } })

  it('edits and locks fields that enrichment then never overwrites', async () => {
    await get('/movies/tmdb:550')
    const edited = await patch('/movies/tmdb:550', { set: { title: 'Fight Club (director’s cut)', runtime: 151 } })
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({ title: 'Fight Club (director’s cut)', runtime: 151 })
    expect(edited.json().locks).toEqual(expect.arrayContaining(['title', 'runtime']))
    const deep = (await get('/movies/tmdb:550?level=deep')).json()
    expect(deep).toMatchObject({ level: 'deep', title: 'Fight Club (director’s cut)', runtime: 151 })
    const unlocked = await patch('/movies/imdb:tt0137523', { unlock: ['runtime'] })
    expect(unlocked.json().locks).not.toContain('runtime')
    expect((await patch('/movies/tmdb:550', { lockFields: ['overview'] })).json().locks).toContain('overview')
  })

  it('refuses fields that are not editable, values the schema refuses and empty or unknown bodies with 400, changing nothing', async () => {
    await get('/movies/tmdb:550')
    const before = await server.engine.movies.peek('tmdb:550')
    for (const body of [{ set: { ids: { tmdb: 1 } } }, { set: { runtime: 'long' } }, { set: { nonsense: 1 } }, {}, { set: { title: 'x' }, sneaky: true }, '{"set":']) {
      const reply = await patch('/movies/tmdb:550', body)
      expect(reply.statusCode, JSON.stringify(body)).toBe(400)
      expect(reply.body).not.toMatch(/\n\s+at /)
    }
    expect(await server.engine.movies.peek('tmdb:550')).toEqual(before)
  })

  it('answers 404 for an unknown movie, 400 for a traversal id, 413 for an oversized body', async () => {
    expect((await patch('/movies/imdb:tt9999999', { set: { title: 'x' } })).statusCode).toBe(404)
    expect((await patch('/movies/tmdb:..%2F..%2Fetc', { set: { title: 'x' } })).statusCode).toBe(400)
    expect((await patch('/movies/tmdb:550', { set: { overview: 'x'.repeat(300 * 1024) } })).statusCode).toBe(413)
  })
})

describe('POST /movies/:id/play', () => {
  it('publishes PlaybackStarted (category ui) for a known movie and counts the play', async () => {
    await get('/movies/tmdb:550')
    const reply = await server.app.inject({ method: 'POST', url: '/movies/tmdb:550/play' })
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toEqual({ published: true, movieId: 'tmdb:550' })
    const played = server.events.filter((event) => event.type === 'PlaybackStarted')
    expect(played).toMatchObject([{ category: 'ui', payload: { movieId: 'tmdb:550', source: 'http' } }])
    await server.engine.stats.flush()
    expect((await server.engine.stats.get('tmdb:550')).plays).toBe(1)
  })

  it('creates an unknown TMDB movie at the lowest level, without a provider call; 404 for other unknown ids', async () => {
    const reply = await server.app.inject({ method: 'POST', url: '/movies/tmdb:603/play' })
    expect(reply.json()).toEqual({ published: true, movieId: 'tmdb:603' })
    expect((await server.engine.movies.peek('tmdb:603'))?.level).toBe('initial')
    expect(await tmdbCalls()).toBe(0)
    expect((await server.app.inject({ method: 'POST', url: '/movies/wikidata:Q1/play' })).statusCode).toBe(404)
    expect((await server.app.inject({ method: 'POST', url: '/movies/tmdb:-1/play' })).statusCode).toBe(400)
  })
})
