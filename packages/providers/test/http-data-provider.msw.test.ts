import { HttpResponse, delay, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpDataProvider, type HttpDataProviderOptions, ProviderHttpError, ProviderNetworkError, ProviderOptionsError, ProviderResponseError, ProviderTimeoutError, TmdbProvider } from '../src/index.js'
import { normalizeMovie } from '../src/tmdb-normalizers.js'
import { cinelayerHandlers } from '../src/msw/index.js'
import { type FakeTimers, createFakeTimers } from '../src/testing/index.js'
import { dataProviderContract } from './data-provider-contract.js'
import { datasetEntry } from './dataset.js'
import { onFakeTime } from './fake-time.js'
import { secrets, useSecretAudit } from './secret-audit.js'

const audit = useSecretAudit()
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const MOVIE_URL = 'https://api.themoviedb.org/3/movie/550'

function provider(timers: FakeTimers, options: HttpDataProviderOptions = {}) {
  return new HttpDataProvider({
    ...options,
    timers,
    logger: audit.logger,
    retry: { random: () => 0, ...options.retry },
    tmdb: { token: secrets.tmdbToken, ...options.tmdb },
    omdb: { apiKey: secrets.omdbApiKey, ...options.omdb },
  })
}

const idle = (data: HttpDataProvider) => () => Object.values(data.traffic).every((traffic) => traffic.inFlight === 0)
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => audit.error(error))

/** Answers `answers` in turn to the movie URL (the last one again when they run out), counting calls. */
function sequence(...answers: Array<() => Response | Promise<Response>>) {
  const seen = { calls: 0 }
  server.use(
    http.get(MOVIE_URL, () => {
      const answer = answers[Math.min(seen.calls, answers.length - 1)]!
      seen.calls += 1
      return answer()
    }),
  )
  return seen
}

dataProviderContract('HttpDataProvider (MSW, recorded fixtures)', (entries) => {
  server.use(...cinelayerHandlers({ entries }))
  return new HttpDataProvider({ tmdb: { token: secrets.tmdbToken }, logger: audit.logger })
})

describe('HttpDataProvider through MSW (recorded fixtures)', () => {
  it('reads the recorded Fight Club answer and normalizes it, with the token as a bearer header', async () => {
    const fightClub = await datasetEntry('tmdb/movie/550.json')
    const authorizations: Array<string | null> = []
    server.use(
      http.get(MOVIE_URL, ({ request }) => {
        authorizations.push(request.headers.get('authorization'))
        return HttpResponse.json(fightClub.response.body as Record<string, unknown>)
      }),
    )
    const tmdb = new TmdbProvider({ data: provider(createFakeTimers()) })
    const movie = await tmdb.movie(550, { append: ['credits', 'external_ids', 'images', 'keywords'] })
    expect(normalizeMovie(movie, ['details', 'externalIds']).patch).toMatchObject({ title: 'Fight Club', year: 1999, ids: { imdb: 'tt0137523', wikidata: 'Q190050' } })
    expect(authorizations).toEqual([`Bearer ${secrets.tmdbToken}`])
  })

  it('honours a Retry-After given as an HTTP date, then succeeds', async () => {
    const timers = createFakeTimers()
    const retryAt = new Date(timers.clock.now() + 3000).toUTCString()
    const seen = sequence(
      () => HttpResponse.json({ status_code: 25, status_message: 'Your request count (41) is over the allowed limit of 40.' }, { status: 429, headers: { 'retry-after': retryAt } }),
      () => HttpResponse.json({ id: 550, title: 'Fight Club' }),
    )
    const data = provider(timers)
    const start = timers.clock.now()
    await expect(onFakeTime(timers, data.request({ source: 'tmdb', path: '/3/movie/550' }), idle(data))).resolves.toEqual({ id: 550, title: 'Fight Club' })
    expect(seen.calls).toBe(2)
    expect(timers.clock.now() - start).toBeGreaterThanOrEqual(3000)
    expect(data.traffic.tmdb).toMatchObject({ throttled: 1, retried: 1, throttledFailed: 0 })
  })

  it('retries a 500 and a 502, then succeeds', async () => {
    const timers = createFakeTimers()
    const seen = sequence(
      () => HttpResponse.json({ status_message: 'Internal error' }, { status: 500 }),
      () => new HttpResponse('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      () => HttpResponse.json({ id: 550, title: 'Fight Club' }),
    )
    const data = provider(timers)
    await expect(onFakeTime(timers, data.request({ source: 'tmdb', path: '/3/movie/550' }), idle(data))).resolves.toMatchObject({ id: 550 })
    expect(seen.calls).toBe(3)
  })

  it('does not retry a 404 and names the source’s message', async () => {
    sequence(() => HttpResponse.json({ success: false, status_code: 34, status_message: 'The resource you requested could not be found.' }, { status: 404 }))
    const error = await failure(provider(createFakeTimers()).request({ source: 'tmdb', path: '/3/movie/550', query: { api_key: secrets.tmdbApiKey } }))
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect((error as Error).message).toBe('"tmdb GET /3/movie/550" was answered with HTTP 404 (The resource you requested could not be found.)')
  })

  it('times out an answer that never comes', async () => {
    const timers = createFakeTimers()
    sequence(async () => {
      await delay('infinite')
      return HttpResponse.json({})
    })
    const data = provider(timers, { timeoutMs: 2000, retry: { attempts: 2 } })
    const pending = failure(data.request({ source: 'tmdb', path: '/3/movie/550' }))
    await timers.waitForSleeps(1)
    await timers.advance(2000) // first attempt cut off, backoff starts
    await timers.advanceToNext() // backoff over, second attempt starts
    await timers.waitForSleeps(1)
    await timers.advance(2000)
    const error = await pending
    expect(error).toBeInstanceOf(ProviderTimeoutError)
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 2000 })
  })

  it('turns malformed JSON into a typed error', async () => {
    sequence(() => new HttpResponse('{"id": 550, "title": "Fight', { status: 200, headers: { 'content-type': 'application/json' } }))
    const error = await failure(new TmdbProvider({ data: provider(createFakeTimers()) }).movie(550))
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_RESPONSE_INVALID' })
  })

  it('turns a network error into a ProviderNetworkError after retrying', async () => {
    const timers = createFakeTimers()
    const seen = sequence(() => HttpResponse.error())
    const data = provider(timers)
    const error = await failure(onFakeTime(timers, data.request({ source: 'tmdb', path: '/3/movie/550' }), idle(data)))
    expect(error).toBeInstanceOf(ProviderNetworkError)
    expect(seen.calls).toBe(3)
  })

  it('sends the OMDb key as apikey and never shows it', async () => {
    const keys: Array<string | null> = []
    server.use(
      http.get('https://www.omdbapi.com/', ({ request }) => {
        keys.push(new URL(request.url).searchParams.get('apikey'))
        return HttpResponse.json({ Response: 'False', Error: 'Invalid API key!' }, { status: 401 })
      }),
    )
    const error = await failure(provider(createFakeTimers()).request({ source: 'omdb', path: '/', query: { i: 'tt0137523' } }))
    expect(keys).toEqual([secrets.omdbApiKey])
    expect(error).toMatchObject({ status: 401, statusMessage: 'Invalid API key!', key: 'omdb GET /?i=tt0137523' })
  })

  it('refuses a source it knows no base URL for, and bad options', () => {
    expect(() => new HttpDataProvider({ tmdb: { requestsPerSecond: 0 } })).toThrow(ProviderOptionsError)
    expect(() => new HttpDataProvider({ sources: { mirror: {} } })).toThrow(/mirror\.baseURL/)
    expect(() => new HttpDataProvider({ timeoutMs: -1 })).toThrow(ProviderOptionsError)
    expect(() => new HttpDataProvider({ retry: { attempts: 0 } })).toThrow(/retry\.attempts/)
    return expect(new HttpDataProvider().request({ source: 'imdb-dataset', path: '/' })).rejects.toThrow(ProviderOptionsError)
  })
})
