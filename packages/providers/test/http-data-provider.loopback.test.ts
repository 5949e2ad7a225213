import { afterEach, describe, expect, it } from 'vitest'
import {
  HttpDataProvider,
  type HttpDataProviderOptions,
  ImdbProvider,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderResponseError,
  ProviderTimeoutError,
  RequestAbortedError,
  TmdbProvider,
  WikipediaProvider,
} from '../src/index.js'
import { type FakeServer, type FakeTimers, createFakeTimers, fakeMovie, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '../src/testing/index.js'
import { onFakeTime } from './fake-time.js'
import { secrets, useSecretAudit } from './secret-audit.js'

const audit = useSecretAudit()
const servers: FakeServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function tmdbServer(timers: FakeTimers, options: Parameters<typeof startFakeTmdbServer>[0] = {}) {
  const server = await startFakeTmdbServer({ timers, auth: { token: secrets.tmdbToken, apiKey: secrets.tmdbApiKey }, ...options })
  servers.push(server)
  return server
}

function provider(timers: FakeTimers, server: FakeServer, options: HttpDataProviderOptions = {}) {
  return new HttpDataProvider({
    ...options,
    timers,
    logger: audit.logger,
    // A fixed jitter: backoff delays are then known (half of each doubling step).
    retry: { random: () => 0, ...options.retry },
    tmdb: { token: secrets.tmdbToken, baseURL: server.url, ...options.tmdb },
  })
}

const idle = (data: HttpDataProvider) => () => Object.values(data.traffic).every((traffic) => traffic.inFlight === 0)
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => audit.error(error))

describe('HttpDataProvider on loopback (fake servers, fake time)', () => {
  it('sends the v4 token as a bearer header and reads a movie with its appended sections', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    const tmdb = new TmdbProvider({ data: provider(timers, server) })
    const movie = await tmdb.movie(603, { append: ['credits', 'external_ids', 'images', 'keywords'] })
    expect(movie).toMatchObject({ id: 603, title: fakeMovie(603).title, external_ids: { imdb_id: 'tt0000603', wikidata_id: 'Q5000603' } })
    expect(movie.credits?.cast.length).toBeGreaterThan(0)
    expect(server.counters).toEqual({ movie: 1 })
  })

  it('takes a TMDB base URL as TMDB documents it (…/3, with or without a slash) like the bare origin', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    for (const baseURL of [`${server.url}/3`, `${server.url}/3/`, server.url]) {
      const tmdb = new TmdbProvider({ data: provider(timers, server, { tmdb: { token: secrets.tmdbToken, baseURL } }) })
      await expect(tmdb.movie(603)).resolves.toMatchObject({ id: 603 })
    }
    expect(server.counters).toEqual({ movie: 3 })
  })

  it('sends a v3 api key as the api_key parameter when no token is given', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    const data = provider(timers, server, { tmdb: { token: undefined, apiKey: secrets.tmdbApiKey } })
    await expect(data.request({ source: 'tmdb', path: '/3/configuration' })).resolves.toMatchObject({ images: { secure_base_url: 'https://image.tmdb.org/t/p/' } })
  })

  it('turns a refused credential into a 401 ProviderHttpError naming neither the token nor the key', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    const data = provider(timers, server, { tmdb: { token: `${secrets.tmdbToken}-revoked` } })
    const error = await failure(data.request({ source: 'tmdb', path: '/3/movie/550', query: { api_key: `${secrets.tmdbApiKey}-old` } }))
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect(error).toMatchObject({ status: 401, attempts: 1, statusMessage: 'Invalid API key: You must be granted a valid key.', key: 'tmdb GET /3/movie/550' })
  })

  it('keeps under the rate limit: no 429 from a server enforcing the same rate', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { rateLimit: { requestsPerSecond: 10 } })
    const data = provider(timers, server, { tmdb: { requestsPerSecond: 10, concurrency: 4 } })
    const start = timers.clock.now()
    const all = Promise.all(Array.from({ length: 40 }, (_, index) => data.request({ source: 'tmdb', path: `/3/movie/${index + 1}` })))
    await onFakeTime(timers, all, idle(data))
    expect(server.throttled).toBe(0)
    expect(server.counters.movie).toBe(40)
    // A burst of 3 (a quarter second's worth) at start, then one every 100 ms: the 40th leaves at 3.7 s.
    expect(timers.clock.now() - start).toBeGreaterThanOrEqual(3700)
    expect(timers.clock.now() - start).toBeLessThan(3800)
  })

  it('spaces requests evenly with a burst of 1', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    const data = provider(timers, server, { tmdb: { requestsPerSecond: 4, burst: 1 } })
    const arrivals: number[] = []
    const all = Promise.all([1, 2, 3, 4, 5].map((id) => data.request({ source: 'tmdb', path: `/3/movie/${id}` }).then(() => arrivals.push(timers.clock.now()))))
    const start = timers.clock.now()
    await onFakeTime(timers, all, idle(data))
    expect(arrivals.map((at) => at - start)).toEqual([0, 250, 500, 750, 1000])
  })

  it('retries a 429 after its Retry-After and succeeds, pausing the whole source', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { rateLimit: { requestsPerSecond: 1, burst: 1 } })
    const data = provider(timers, server, { tmdb: { requestsPerSecond: Number.POSITIVE_INFINITY } })
    const start = timers.clock.now()
    const all = Promise.all([1, 2, 3].map((id) => data.request({ source: 'tmdb', path: `/3/movie/${id}` })))
    const bodies = await onFakeTime(timers, all, idle(data))
    expect(bodies.map((body) => (body as { id: number }).id)).toEqual([1, 2, 3])
    expect(server.throttled).toBeGreaterThanOrEqual(2)
    expect(data.traffic.tmdb).toMatchObject({ answered: 3, failed: 0, throttledFailed: 0 })
    expect(data.traffic.tmdb!.throttled).toBe(server.throttled)
    expect(timers.clock.now() - start).toBeGreaterThanOrEqual(2000)
  })

  it('gives up on a 429 whose Retry-After is beyond the cap, and says so in traffic', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { rateLimit: { requestsPerSecond: 0.001, burst: 1 } })
    const data = provider(timers, server, { retry: { maxRetryAfterMs: 60_000 } })
    await data.request({ source: 'tmdb', path: '/3/movie/1' })
    const error = await failure(onFakeTime(timers, data.request({ source: 'tmdb', path: '/3/movie/2' }), idle(data)))
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_HTTP', status: 429, attempts: 1 })
    expect(data.traffic.tmdb).toMatchObject({ throttled: 1, throttledFailed: 1, retried: 0 })
  })

  it('retries 500s with exponential backoff and succeeds', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { failFirst: 2 } })
    const data = provider(timers, server, { retry: { baseDelayMs: 200 } })
    const start = timers.clock.now()
    const body = await onFakeTime(timers, data.request<{ id: number }>({ source: 'tmdb', path: '/3/movie/550' }), idle(data))
    expect(body.id).toBe(550)
    expect(server.total).toBe(3)
    // Equal jitter at random() = 0: half of 200, then half of 400.
    expect(timers.clock.now() - start).toBe(100 + 200)
    expect(data.traffic.tmdb).toMatchObject({ sent: 3, retried: 2, answered: 1, failed: 0 })
  })

  it('fails with the last status and the attempt count when 500s outlast the attempts', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { failFirst: 10, failStatus: 503 } })
    const data = provider(timers, server, { retry: { attempts: 4 } })
    const error = await failure(onFakeTime(timers, data.request({ source: 'tmdb', path: '/3/movie/550' }), idle(data)))
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect(error).toMatchObject({ status: 503, attempts: 4 })
    expect(server.total).toBe(4)
  })

  it('cuts a slow answer off at the timeout (on fake time)', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { delayMs: 5000 } })
    const data = provider(timers, server, { timeoutMs: 1000, retry: { attempts: 1 } })
    const pending = failure(data.request({ source: 'tmdb', path: '/3/movie/550' }))
    await timers.waitForSleeps(2) // the server's delay and the client's timeout
    await timers.advance(1000)
    const error = await pending
    expect(error).toBeInstanceOf(ProviderTimeoutError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_TIMEOUT', timeoutMs: 1000, attempts: 1 })
  })

  it('waits for a slow answer that comes within the timeout', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { delayMs: 800 } })
    const data = provider(timers, server, { timeoutMs: 1000 })
    const pending = data.request<{ id: number }>({ source: 'tmdb', path: '/3/movie/550' })
    await timers.waitForSleeps(2)
    await timers.advance(800)
    await expect(pending).resolves.toMatchObject({ id: 550 })
    expect(timers.pending).toBe(0) // the timeout was cancelled, not left to fire
  })

  it('turns a truncated JSON body into a ProviderResponseError without retrying', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { malformedFirst: 1 } })
    const data = provider(timers, server)
    const error = await failure(data.request({ source: 'tmdb', path: '/3/movie/550' }))
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect((error as Error).message).toMatch(/tmdb GET \/3\/movie\/550.*not valid JSON/)
    expect(server.total).toBe(1)
  })

  it('aborts a request on the wire and one waiting for a token', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { delayMs: 10_000 } })
    const data = provider(timers, server, { tmdb: { requestsPerSecond: 1, concurrency: 4 } })
    const controller = new AbortController()
    const onWire = failure(data.request({ source: 'tmdb', path: '/3/movie/1' }, { signal: controller.signal }))
    const waiting = failure(data.request({ source: 'tmdb', path: '/3/movie/2' }, { signal: controller.signal }))
    await timers.waitForSleeps(3) // server delay, client timeout, rate-limit wait
    controller.abort(new Error('the user left the page'))
    for (const error of await Promise.all([onWire, waiting])) {
      expect(error).toBeInstanceOf(RequestAbortedError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_ABORTED' })
    }
    expect(server.total).toBe(1)
    expect(data.traffic.tmdb).toMatchObject({ inFlight: 0, queued: 0 })
  })

  it('holds at most `concurrency` requests on the wire and queues the rest', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers, { faults: { delayMs: 1000 } })
    const data = provider(timers, server, { tmdb: { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 2 } })
    const all = Promise.all([1, 2, 3, 4, 5].map((id) => data.request({ source: 'tmdb', path: `/3/movie/${id}` })))
    await timers.waitForSleeps(4) // two server delays, two client timeouts
    expect(data.traffic.tmdb).toMatchObject({ inFlight: 2, queued: 3 })
    expect(server.total).toBe(2)
    // Each second two answers come back and the next queued requests go out (2, then 1).
    for (const sleeps of [4, 2, 0]) {
      await timers.advance(1000)
      await timers.waitForSleeps(sleeps)
    }
    await expect(all).resolves.toHaveLength(5)
    expect(server.total).toBe(5)
  })

  it('reports an unreachable source as a ProviderNetworkError after its attempts', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    await server.close()
    const data = provider(timers, server, { omdb: { apiKey: secrets.omdbApiKey, baseURL: server.url } })
    const error = await failure(onFakeTime(timers, data.request({ source: 'omdb', path: '/', query: { i: 'tt0137523' } }), idle(data)))
    expect(error).toBeInstanceOf(ProviderNetworkError)
    expect(error).toMatchObject({ attempts: 3, key: 'omdb GET /?i=tt0137523' })
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED')
  })

  it('reads Wikidata sitelinks and a French Wikipedia summary from {site} base URLs', async () => {
    const timers = createFakeTimers()
    const wiki = await startFakeWikipediaServer({ timers })
    servers.push(wiki)
    const data = new HttpDataProvider({ timers, logger: audit.logger, wikipedia: { baseURL: wiki.wikipediaBaseURL }, wikidata: { baseURL: wiki.wikidataBaseURL } })
    const wikipedia = new WikipediaProvider({ data })
    const titles = await wikipedia.sitelinks('Q5000603')
    const movie = fakeMovie(603)
    expect(titles).toEqual({ en: `${movie.title} (${movie.year} film)`, fr: `${movie.title} (film, ${movie.year})` })
    const article = await wikipedia.summary('fr', titles!.fr!)
    expect(article).toMatchObject({ title: titles!.fr, language: 'fr' })
    expect(wiki.counters).toEqual({ wbgetentities: 1, summary: 1 })
  })

  it('sends the OMDb key as apikey and reads a rating', async () => {
    const timers = createFakeTimers()
    const omdb = await startFakeOmdbServer({ timers, apiKey: secrets.omdbApiKey })
    servers.push(omdb)
    const data = new HttpDataProvider({ timers, logger: audit.logger, omdb: { apiKey: secrets.omdbApiKey, baseURL: omdb.url } })
    const movie = fakeMovie(550)
    const rating = await new ImdbProvider({ data }).rating('tt0000550')
    expect(rating).toEqual(movie.rated ? { rating: movie.rating, votes: movie.votes } : null)
  })

  it('reads binary answers as an ArrayBuffer', async () => {
    const timers = createFakeTimers()
    const server = await tmdbServer(timers)
    const data = provider(timers, server, { sources: { 'tmdb-image': { baseURL: server.url } } })
    const bytes = await data.request<ArrayBuffer>({ source: 'tmdb-image', path: '/t/p/w92/abc.jpg', responseType: 'arrayBuffer' })
    expect(bytes).toBeInstanceOf(ArrayBuffer)
    expect([...new Uint8Array(bytes).slice(1, 4)].map((code) => String.fromCharCode(code)).join('')).toBe('PNG')
  })
})
