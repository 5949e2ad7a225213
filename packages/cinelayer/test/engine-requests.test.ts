import { describe, expect, it } from 'vitest'
import { DAY, EnrichmentBackoffError, EnrichmentFailedError, type ReplayEntry, defaultFacetMaxAge, defaultRetryBackoff } from '../src/index.js'
import { movieCopies, replayEngine } from './engine-harness.js'

const tenIds = Array.from({ length: 10 }, (_, index) => 7001 + index)

/** TMDB answering 503 for Chariots of Fire with credits: a failure the retry backoff holds. */
const tmdbDownForChariotsCredits: ReplayEntry = {
  request: { source: 'tmdb', path: '/3/movie/9443', query: { language: 'en-US', append_to_response: 'credits' } },
  response: { status: 503, body: { status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDb.' } },
}

describe('request economy through the engine', () => {
  it('answers 100 concurrent get(id, deep) on 10 movies with exactly 10 TMDB calls', async () => {
    const h = await replayEngine({ extra: await movieCopies(tenIds), wikipedia: false, imdb: false })
    const requests = Array.from({ length: 100 }, (_, index) => h.engine.movies.get(`tmdb:${tenIds[index % 10]}`, { level: 'deep' }))
    const movies = await Promise.all(requests)
    expect(movies.every((movie) => movie.level === 'deep')).toBe(true)
    expect(new Set(movies.map((movie) => movie.id)).size).toBe(10)
    expect(h.tmdbCalls()).toBe(10)
    expect(h.eventsOf('EnrichmentCompleted')).toHaveLength(10)
    expect(h.eventsOf('MovieCreated')).toHaveLength(10)
    // Warm: the same 100 reads cost nothing upstream.
    await Promise.all(requests.map((_, index) => h.engine.movies.get(`tmdb:${tenIds[index % 10]}`, { level: 'deep' })))
    expect(h.tmdbCalls()).toBe(10)
    await h.engine.close()
  })

  it('extends a lower run in flight for a higher level: the second call asks only what the first did not', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const [basic, deep] = await Promise.all([h.engine.movies.get('tmdb:550', { level: 'basic' }), h.engine.movies.get('tmdb:550', { level: 'deep' })])
    expect(basic.level).toBe('basic')
    expect(deep.level).toBe('deep')
    expect(h.tmdbCalls()).toBe(2)
    const [first, second] = h.eventsOf('EnrichmentRequested').map((event) => event.payload.facets)
    expect([...first!].sort()).toEqual(['details', 'poster'])
    expect(second).not.toContain('details')
    expect(second).toEqual(expect.arrayContaining(['credits', 'images', 'keywords']))
    await h.engine.close()
  })

  it('re-fetches stale facets on the next get, in the call it makes anyway', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'medium' })
    h.clock.advance(defaultFacetMaxAge.ratings! + 1)
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(h.tmdbCalls()).toBe(1)
    const refreshed = await h.engine.movies.get('tmdb:550', { level: 'medium' })
    expect(h.tmdbCalls()).toBe(2)
    expect(h.eventsOf('EnrichmentRequested').at(-1)!.payload).toMatchObject({ from: 'medium', to: 'medium', facets: ['ratings'] })
    expect(refreshed.facets.ratings!.at).toBe(new Date(h.clock.now()).toISOString())
    await h.engine.close()
  })

  it('honours maxAge from the engine options', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false, maxAge: { details: DAY } })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    h.clock.advance(2 * DAY)
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(h.tmdbCalls()).toBe(2)
    await h.engine.close()
  })
})

describe('failure and backoff through the engine', () => {
  it('records the error, then refuses fast until the backoff ends, without asking TMDB', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false, extra: [tmdbDownForChariotsCredits] })
    // Chariots of Fire's credits are answered 503 (a replay miss would not be held by the backoff).
    await h.engine.movies.get('tmdb:9443', { level: 'basic' })
    await expect(h.engine.movies.get('tmdb:9443', { level: 'medium' })).rejects.toBeInstanceOf(EnrichmentFailedError)
    const calls = h.tmdbCalls()
    const refused = (await h.engine.movies.get('tmdb:9443', { level: 'medium' }).catch((error: unknown) => error)) as EnrichmentBackoffError
    expect(refused).toBeInstanceOf(EnrichmentBackoffError)
    expect(refused.retryAt).toBe(h.clock.now() + defaultRetryBackoff.initialDelayMs)
    expect(refused.message).toContain(new Date(refused.retryAt).toISOString())
    expect(h.tmdbCalls()).toBe(calls)
    // What is there is still served.
    await expect(h.engine.movies.get('tmdb:9443', { level: 'basic' })).resolves.toMatchObject({ level: 'basic' })
    const stored = (await h.engine.movies.peek('tmdb:9443'))!
    expect(stored.errors).toHaveLength(1)
    expect(stored.errors[0]).toMatchObject({ provider: 'tmdb', facets: expect.arrayContaining(['credits']), code: 'CINELAYER_ERR_PROVIDER_HTTP' })

    h.clock.advance(defaultRetryBackoff.initialDelayMs)
    await expect(h.engine.movies.get('tmdb:9443', { level: 'medium' })).rejects.toBeInstanceOf(EnrichmentFailedError)
    const second = (await h.engine.movies.get('tmdb:9443', { level: 'medium' }).catch((error: unknown) => error)) as EnrichmentBackoffError
    expect(second.retryAt - h.clock.now()).toBe(2 * defaultRetryBackoff.initialDelayMs)
    await h.engine.close()
  })

  it('refuses a malformed retry or maxAge option when the engine is created', async () => {
    await expect(replayEngine({ retry: { factor: 0.5 } })).rejects.toMatchObject({ code: 'CINELAYER_ERR_OPTIONS_INVALID' })
    await expect(replayEngine({ maxAge: { details: -1 } })).rejects.toMatchObject({ code: 'CINELAYER_ERR_OPTIONS_INVALID' })
  })
})

describe('a request and the run it starts', () => {
  it('share a correlation id when the request waits; a background run and a joined request keep their own', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    const [asked] = h.eventsOf('MovieRequested')
    const [run] = h.eventsOf('EnrichmentRequested')
    expect(asked!.correlationId).toMatch(/^get-tmdb:550-/)
    expect(run!.correlationId).toBe(asked!.correlationId)
    expect(h.eventsOf('EnrichmentCompleted')[0]!.correlationId).toBe(asked!.correlationId)

    // Answered from the store: no run carries the second request's id.
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    const second = h.eventsOf('MovieRequested')[1]!
    expect(second.correlationId).not.toBe(asked!.correlationId)
    expect(h.eventsOf('EnrichmentRequested')).toHaveLength(1)

    // Nobody waits: the run has a correlation id of its own, and the request none.
    await h.engine.movies.get('tmdb:550', { level: 'medium', wait: false })
    await h.engine.movies.settled()
    const background = h.eventsOf('EnrichmentRequested')[1]!
    expect(h.eventsOf('MovieRequested')[2]!.correlationId).toBeUndefined()
    expect(background.correlationId).toMatch(/^enrich-tmdb:550-/)
    await h.engine.close()
  })
})

describe('background mode: get(id, { level, wait: false })', () => {
  it('answers at once with the record as it is, then enriches and says so on the bus', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const completed = new Promise((resolve) => h.engine.bus.once('EnrichmentCompleted', resolve))
    const now = await h.engine.movies.get('tmdb:550', { level: 'deep', wait: false })
    expect(now.level).toBe('initial')
    await completed
    await h.engine.movies.settled()
    expect((await h.engine.movies.peek('tmdb:550'))!.level).toBe('deep')
    // Already deep: answered from the store, nothing more happens.
    expect((await h.engine.movies.get('tmdb:550', { level: 'deep', wait: false })).level).toBe('deep')
    await h.engine.movies.settled()
    expect(h.eventsOf('EnrichmentRequested')).toHaveLength(1)
    await h.engine.close()
  })

  it('turns a failure, and then a backoff, into EnrichmentFailed events: never an unhandled rejection', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false, extra: [tmdbDownForChariotsCredits] })
    const unhandled: unknown[] = []
    const listener = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', listener)
    try {
      await h.engine.movies.get('tmdb:9443', { level: 'basic' })
      expect((await h.engine.movies.get('tmdb:9443', { level: 'medium', wait: false })).level).toBe('basic')
      await h.engine.movies.settled()
      expect((await h.engine.movies.get('tmdb:9443', { level: 'medium', wait: false })).level).toBe('basic')
      await h.engine.movies.settled()
      await new Promise((resolve) => setImmediate(resolve))
      expect(h.eventsOf('EnrichmentFailed').map((event) => event.payload.code)).toEqual(['CINELAYER_ERR_PROVIDER_HTTP', 'CINELAYER_ERR_ENRICHMENT_BACKOFF'])
      expect(h.eventsOf('EnrichmentFailed')[1]!.payload).toMatchObject({ movieId: 'tmdb:9443', level: 'basic', target: 'medium', provider: 'tmdb' })
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', listener)
    }
    await h.engine.close()
  })

  it('lets close() wait for background enrichments', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'medium', wait: false })
    await h.engine.close()
    expect(h.eventsOf('EnrichmentCompleted')).toHaveLength(1)
  })
})
