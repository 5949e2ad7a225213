import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cinelayerHandlers } from '@cinelayer/providers/msw'
import { HttpDataProvider, defaultReplayDir } from 'cinelayer'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, secret, startTestServer } from './helpers.js'

// Every source over real HTTP requests, answered by MSW from the recorded dataset; tests bend one answer.
const token = 'tmdb-hostile-token-5c2e9a'
const omdbKey = 'omdb-hostile-key-8d1f'
const upstream = setupServer(...cinelayerHandlers())
beforeAll(() => upstream.listen({ onUnhandledRequest: 'error' }))
afterEach(() => upstream.resetHandlers())
afterAll(() => upstream.close())

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

function live(): HttpDataProvider {
  const unlimited = { requestsPerSecond: Number.POSITIVE_INFINITY }
  return new HttpDataProvider({ tmdb: { token, ...unlimited }, omdb: { apiKey: omdbKey, ...unlimited }, wikipedia: unlimited, wikidata: unlimited, retry: { attempts: 1, rateLimitRetries: 0 } })
}

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({ data: live(), ...options })
  servers.push(server)
  return server
}

async function fightClub(): Promise<Record<string, unknown>> {
  return (JSON.parse(await readFile(join(defaultReplayDir, 'tmdb/movie/550.json'), 'utf8')) as { response: { body: Record<string, unknown> } }).response.body
}

const webhook = `/webhooks/plex?secret=${secret}`

describe('hostile bodies', () => {
  it('answers a multipart body without a boundary, or cut short, 400 with a code', async () => {
    const { app, logs } = await serve()
    const cases = [
      { 'content-type': 'multipart/form-data', payload: 'payload=1' },
      { 'content-type': 'multipart/form-data; boundary=', payload: '--\r\n' },
      { 'content-type': 'multipart/form-data; boundary=XX', payload: '--XX\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{"event":"media.play"' },
      { 'content-type': 'multipart/form-data; boundary=XX', payload: '--XX\r\nContent-Disposition: form-data; name="payload"\r\n' },
      { 'content-type': 'multipart/form-data; boundary=XX', payload: '' },
    ]
    for (const { payload, ...headers } of cases) {
      const reply = await app.inject({ method: 'POST', url: webhook, headers, payload })
      expect(reply.statusCode, `${headers['content-type']} ${JSON.stringify(payload)}`).toBe(400)
      expect(reply.json().code).toMatch(/^(CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID|FST_\w+)$/)
    }
    expect(logs.filter((line) => line.includes('"level":50'))).toEqual([])
  })

  it('answers a Content-Length that does not match the body with a coded 400, over a real socket too', async () => {
    const { app } = await serve()
    const injected = await app.inject({ method: 'POST', url: '/housekeeping', headers: { 'content-type': 'application/json', 'content-length': '100' }, payload: '{"dryRun":true}' })
    expect(injected.statusCode).toBe(400)
    expect(injected.json().code).toBe('FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }))
    const raw = (request: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(address.port), '127.0.0.1')
        let answer = ''
        socket.on('data', (chunk) => (answer += chunk.toString()))
        socket.on('close', () => resolve(answer))
        socket.on('error', () => resolve(answer))
        // The body is sent whole, then the sender stops writing: the server must not wait for the rest.
        socket.end(request)
      })
    for (const request of [
      'POST /housekeeping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"dryRun":true}',
      'POST /housekeeping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\nContent-Length: 16\r\n\r\n{"dryRun":true}',
      'POST /housekeeping HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    ]) {
      const answer = await raw(request)
      expect(answer, request).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string; statusCode: number }
      expect(body, request).toMatchObject({ statusCode: 400, code: 'HTTP_REQUEST_MALFORMED' })
    }
  })
})

describe('hostile upstreams', () => {
  it('answers 502 with a code when TMDB answers another movie, or malformed data', async () => {
    const { app } = await serve()
    const other = await fightClub()
    upstream.use(http.get('https://api.themoviedb.org/3/movie/9443', () => HttpResponse.json(other)))
    const wrongMovie = await app.inject({ method: 'GET', url: '/movies/tmdb:9443' })
    expect(wrongMovie.statusCode).toBe(502)
    expect(wrongMovie.json()).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_RESPONSE_INVALID', message: expect.stringContaining('it is about movie 550, not 9443') })
    upstream.use(http.get('https://api.themoviedb.org/3/movie/12313', () => HttpResponse.json([1, 2, 3])))
    expect((await app.inject({ method: 'GET', url: '/movies/tmdb:12313' })).json()).toMatchObject({ statusCode: 502, code: 'CINELAYER_ERR_PROVIDER_RESPONSE_INVALID' })
  })

  it('answers an OMDb refusal 502 with its code, never 500', async () => {
    const { app, logs } = await serve()
    upstream.use(http.get('https://www.omdbapi.com/', () => HttpResponse.json({ Response: 'False', Error: 'Request limit reached!' })))
    const refused = await app.inject({ method: 'GET', url: '/movies/tmdb:550?level=deep' })
    expect(refused.statusCode).toBe(502)
    expect(refused.json()).toMatchObject({ code: 'CINELAYER_ERR_OMDB_REFUSED', error: 'Bad Gateway' })
    expect(logs.filter((line) => line.includes('"level":50'))).toEqual([])
  })

  it('still answers level=basic after a failed deep request, without waiting for the backoff', async () => {
    const { app, engine } = await serve()
    // TMDB fails the large call of a jump to deep, and answers the call basic needs.
    upstream.use(
      http.get('https://api.themoviedb.org/3/movie/550', ({ request }) =>
        new URL(request.url).searchParams.get('append_to_response')?.includes('keywords') ? HttpResponse.json({ status_message: 'Internal error' }, { status: 500 }) : undefined,
      ),
    )
    expect((await app.inject({ method: 'GET', url: '/movies/tmdb:550?level=deep' })).statusCode).toBe(503)
    const basic = await app.inject({ method: 'GET', url: '/movies/tmdb:550?level=basic' })
    expect(basic.statusCode).toBe(200)
    expect(basic.json()).toMatchObject({ level: 'basic', title: 'Fight Club' })
    expect((await engine.movies.peek('tmdb:550'))?.errors).toHaveLength(1)
  })

  it('does not carry a backoff over a restart (a fixed key, a new configuration)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cinelayer-http-restart-'))
    try {
      const first = await startTestServer({ data: live(), store: 'fs', dataDir })
      upstream.use(http.get('https://api.themoviedb.org/3/movie/550', () => HttpResponse.json({ status_message: 'Invalid API key' }, { status: 401 })))
      expect((await first.app.inject({ method: 'GET', url: '/movies/tmdb:550' })).statusCode).toBe(502)
      expect((await first.app.inject({ method: 'GET', url: '/movies/tmdb:550' })).json().code).toBe('CINELAYER_ERR_ENRICHMENT_BACKOFF')
      await first.close()
      upstream.resetHandlers()
      // A moment later, well within the 30 s the first process would have waited.
      const restarted = await serve({ store: 'fs', dataDir, at: new Date('2026-11-21T12:00:05Z') })
      const again = await restarted.app.inject({ method: 'GET', url: '/movies/tmdb:550' })
      expect(again.statusCode).toBe(200)
      // The first process never stored the movie (no provider had confirmed it): its failure went with it.
      expect(again.json().errors).toHaveLength(0)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

describe('the rate limit', () => {
  it('answers 429 with Retry-After and a code past the limit on routes that may reach a provider, and only there', async () => {
    const { app } = await serve({ data: 'replay', server: { rateLimit: { max: 3, timeWindowMs: 60_000 } } })
    for (let request = 0; request < 3; request++) expect((await app.inject({ method: 'GET', url: '/movies/tmdb:550' })).statusCode).toBe(200)
    const limited = await app.inject({ method: 'GET', url: '/movies/tmdb:550' })
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toMatch(/^\d+$/)
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', error: 'Too Many Requests', message: expect.stringContaining('at most 3 per 60 s') })
    // Reads of the store and the changes are not limited.
    for (let request = 0; request < 5; request++) expect((await app.inject({ method: 'GET', url: '/movies' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'PATCH', url: '/movies/tmdb:550', payload: { set: { title: 'x' } } })).statusCode).toBe(200)
  })

  it('can be turned off', async () => {
    const { app } = await serve({ data: 'replay', server: { rateLimit: false } })
    for (let request = 0; request < 5; request++) expect((await app.inject({ method: 'GET', url: '/search?q=Fight%20Club' })).statusCode).toBe(200)
  })
})
