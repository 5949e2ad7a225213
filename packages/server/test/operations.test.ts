import { DAY } from 'cinelayer'
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
const housekeeping = (payload?: unknown, headers: Record<string, string> = {}) =>
  server.app.inject({
    method: 'POST',
    url: '/housekeeping',
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } }),
  })

describe('GET /stats', () => {
  it('says what the engine holds and what it cost', async () => {
    expect((await get('/stats')).json()).toEqual({
      movies: 0,
      people: 0,
      moviesPerLevel: { initial: 0, basic: 0, medium: 0, deep: 0 },
      bytesStored: 0,
      providerCalls: {},
      levels: ['initial', 'basic', 'medium', 'deep'],
      mostUsed: [],
    })
    await get('/movies/tmdb:550?level=medium')
    await server.app.inject({ method: 'POST', url: '/movies/tmdb:9443/play' })
    const stats = (await get('/stats')).json()
    expect(stats).toMatchObject({ movies: 2, moviesPerLevel: { initial: 1, medium: 1 }, providerCalls: { tmdb: 1 } })
    expect(stats.mostUsed.map((entry: { movieId: string }) => entry.movieId).sort()).toEqual(['tmdb:550', 'tmdb:9443'])
    expect(stats.mostUsed.find((entry: { movieId: string }) => entry.movieId === 'tmdb:9443')).toMatchObject({ plays: 1, requests: 0 })
    expect((await get('/stats?top=1')).json().mostUsed).toHaveLength(1)
    expect((await get('/stats?top=101')).statusCode).toBe(400)
    expect(stats.people).toBeGreaterThan(0)
    expect(stats.bytesStored).toBeGreaterThan(1000)
  })
})

describe('POST /housekeeping', () => {
  beforeEach(async () => {
    await get('/movies/tmdb:550?level=deep')
    await server.engine.stats.flush()
    server.clock.advance(200 * DAY)
  })

  it('plans without writing when no body is sent (dry run by default)', async () => {
    const reply = await housekeeping()
    expect(reply.statusCode).toBe(200)
    const { plan, report } = reply.json()
    expect(report).toBeUndefined()
    expect(plan).toMatchObject({ examined: 1, changes: [{ movieId: 'tmdb:550', from: 'deep', to: 'basic' }] })
    expect(plan.totals.bytesFreed).toBeGreaterThan(0)
    expect((await server.engine.movies.peek('tmdb:550'))?.level).toBe('deep')
    expect(server.events.filter((event) => event.type === 'HousekeepingCompleted')).toMatchObject([{ payload: { dryRun: true, downgraded: 1 } }])
  })

  it('applies the plan with dryRun: false', async () => {
    const reply = await housekeeping({ dryRun: false })
    expect(reply.statusCode).toBe(200)
    expect(reply.json().report).toMatchObject({ downgraded: [{ movieId: 'tmdb:550', from: 'deep', to: 'basic' }], totals: { downgraded: 1 } })
    expect((await server.engine.movies.peek('tmdb:550'))?.level).toBe('basic')
  })

  it('refuses malformed JSON, unknown fields and wrong types with 400, an oversized body with 413', async () => {
    const malformed = await housekeeping('{"dryRun": tru')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY')
    expect((await housekeeping({ dryRun: 'no' })).json()).toMatchObject({ statusCode: 400, issues: [{ path: ['body', 'dryRun'] }] })
    expect((await housekeeping({ dryRun: true, everything: true })).statusCode).toBe(400)
    const huge = await housekeeping({ dryRun: true, padding: 'x'.repeat(300 * 1024) })
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })
    expect((await server.engine.movies.peek('tmdb:550'))?.level).toBe('deep')
  })
})

describe('GET /health, /docs, / and unknown routes', () => {
  it('answers health', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) })
  })

  it('serves an OpenAPI document made from the zod schemas', async () => {
    const reply = await get('/docs/json')
    expect(reply.statusCode).toBe(200)
    const document = reply.json()
    expect(document.openapi).toMatch(/^3\./)
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/events',
        '/health',
        '/housekeeping',
        '/lab/events',
        '/lab/metrics',
        '/lab/movies/{id}/timeline',
        '/movies',
        '/movies/{id}',
        '/movies/{id}/play',
        '/movies/{id}/refresh',
        '/people',
        '/people/{id}',
        '/people/{id}/movies',
        '/search',
        '/stats',
        '/webhooks/jellyfin',
        '/webhooks/plex',
        '/webhooks/recommendation',
      ].sort(),
    )
    const movieGet = document.paths['/movies/{id}'].get
    expect(movieGet.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'id', schema: expect.objectContaining({ pattern: expect.stringContaining('tmdb:') }) }),
        expect.objectContaining({ in: 'query', name: 'level', schema: expect.objectContaining({ enum: ['initial', 'basic', 'medium', 'deep'] }) }),
      ]),
    )
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Movie', 'MoviePage', 'Person', 'Error', 'Stats', 'LabEvents', 'LabMetrics', 'MovieTimeline']))
    expect((await get('/docs')).statusCode).toBeLessThan(400)
  })

  it('serves the lab page and its assets', async () => {
    const page = await get('/')
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('<script type="module" src="/lab.js">')
    expect((await get('/lab.js')).headers['content-type']).toMatch(/javascript/)
    expect((await get('/lab.css')).statusCode).toBe(200)
    // uPlot comes from the installed package, through this server: the page reaches no CDN.
    expect(page.body).not.toMatch(/https?:\/\//)
    expect((await get('/lab-plots.js')).headers['content-type']).toMatch(/javascript/)
    const uplot = await get('/vendor/uplot.js')
    expect(uplot.statusCode).toBe(200)
    expect(uplot.body).toContain('uPlot')
    expect((await get('/vendor/uplot.css')).headers['content-type']).toMatch(/css/)
  })

  it('answers 404 on unknown routes without repeating the query (a secret may be in it)', async () => {
    const reply = await get('/webhooks/plex?secret=hunter2')
    expect(reply.statusCode).toBe(404)
    expect(reply.body).not.toContain('hunter2')
  })
})
