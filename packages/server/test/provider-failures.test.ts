import { tmdbHandlers } from '@cinelayer/providers/msw'
import { HttpDataProvider } from 'cinelayer'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from './helpers.js'

// TMDB over real HTTP requests, answered by MSW from the recorded replay dataset; single tests
// override one answer to make the provider fail.
const token = 'tmdb-test-token-never-logged-9c1e'
const upstream = setupServer(...tmdbHandlers())
beforeAll(() => upstream.listen({ onUnhandledRequest: 'error' }))
afterEach(() => upstream.resetHandlers())
afterAll(() => upstream.close())

let server: TestServer
beforeEach(async () => {
  const data = new HttpDataProvider({ tmdb: { token, requestsPerSecond: Infinity }, retry: { attempts: 1, rateLimitRetries: 0 } })
  server = await startTestServer({ data })
})
afterEach(async () => {
  await server.close()
})

const get = (url: string) => server.app.inject({ method: 'GET', url })
const failWith = (response: () => Response) => upstream.use(http.get('https://api.themoviedb.org/3/movie/:id', response))

describe('provider failures', () => {
  it('serves a movie through live HTTP when TMDB answers', async () => {
    const reply = await get('/movies/tmdb:550?level=medium')
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toMatchObject({ title: 'Fight Club', level: 'medium' })
    expect((await server.engine.summary()).providerCalls).toEqual({ tmdb: 1 })
  })

  it('answers 503 with Retry-After when TMDB is down, then while the engine backs off, and 200 once it answers again', async () => {
    failWith(() => HttpResponse.json({ status_message: 'Service unavailable' }, { status: 503 }))
    const down = await get('/movies/tmdb:550')
    expect(down.statusCode).toBe(503)
    expect(down.headers['retry-after']).toBe('30')
    expect(down.json()).toMatchObject({ statusCode: 503, code: 'CINELAYER_ERR_PROVIDER_HTTP', error: 'Service Unavailable' })
    expect(down.json().message).toMatch(/tmdb:550/)
    // Nothing is stored for a movie no provider has confirmed yet; its failure backs off all the same.
    expect(await server.engine.movies.peek('tmdb:550')).toBeNull()
    upstream.resetHandlers()
    server.clock.advance(10_000)
    const backingOff = await get('/movies/tmdb:550')
    expect(backingOff.statusCode).toBe(503)
    expect(backingOff.json().code).toBe('CINELAYER_ERR_ENRICHMENT_BACKOFF')
    expect(backingOff.headers['retry-after']).toBe('20')
    server.clock.advance(20_000)
    expect((await get('/movies/tmdb:550')).statusCode).toBe(200)
  })

  it('counts on the lab plots a 429 that a retry got past: no failure, a throttled call', async () => {
    await server.close()
    server = await startTestServer({ data: new HttpDataProvider({ tmdb: { token, requestsPerSecond: Infinity }, retry: { attempts: 1, rateLimitRetries: 2 } }) })
    let throttledOnce = false
    upstream.use(
      http.get('https://api.themoviedb.org/3/movie/:id', () => {
        if (throttledOnce) return undefined
        throttledOnce = true
        return HttpResponse.json({ status_message: 'Slow down' }, { status: 429, headers: { 'retry-after': '0' } })
      }),
    )
    expect((await get('/movies/tmdb:550?level=basic')).statusCode).toBe(200)
    expect(server.events.filter((event) => event.type === 'EnrichmentFailed')).toEqual([])
    expect((await server.engine.summary()).providerTraffic.tmdb).toMatchObject({ throttled: 1, retried: 1, failed: 0 })
    const metrics = (await get('/lab/metrics')).json() as { providers: Record<string, { calls: number[]; throttled: number[]; failed: number[] }> }
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
    expect(sum(metrics.providers.tmdb!.throttled)).toBeGreaterThan(0)
    expect(sum(metrics.providers.tmdb!.failed)).toBe(0)
  })

  it('answers 503 when TMDB throttles past what the client waits for, and when it cannot be reached', async () => {
    failWith(() => HttpResponse.json({ status_message: 'Slow down' }, { status: 429, headers: { 'retry-after': '3600' } }))
    expect((await get('/movies/tmdb:550')).statusCode).toBe(503)
    failWith(() => HttpResponse.error())
    const unreachable = await get('/movies/tmdb:9443')
    expect(unreachable.statusCode).toBe(503)
    expect(unreachable.json().code).toBe('CINELAYER_ERR_PROVIDER_NETWORK')
  })

  it('answers 404 when TMDB does not know the movie, 502 when its answer is unreadable', async () => {
    failWith(() => HttpResponse.json({ status_code: 34, status_message: 'The resource you requested could not be found.' }, { status: 404 }))
    expect((await get('/movies/tmdb:550')).statusCode).toBe(404)
    failWith(() => HttpResponse.json({ id: 'not a movie' }))
    const garbled = await get('/movies/tmdb:9443')
    expect(garbled.statusCode).toBe(502)
    expect(garbled.json().code).toBe('CINELAYER_ERR_PROVIDER_RESPONSE_INVALID')
  })

  it('keeps the token out of every answer and every log line', async () => {
    failWith(() => HttpResponse.json({ status_message: 'Invalid API key' }, { status: 503 }))
    const replies = [await get('/movies/tmdb:550'), await get('/search?q=Fight%20Club'), await get('/people/tmdb:287')]
    for (const reply of replies) expect(reply.body).not.toContain(token)
    expect(server.logs.length).toBeGreaterThan(0)
    expect(server.logs.join('\n')).not.toContain(token)
  })
})
