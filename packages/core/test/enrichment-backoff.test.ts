import { describe, expect, it } from 'vitest'
import { EnrichmentBackoffError, EnrichmentEngine, EnrichmentFailedError, defaultRetryBackoff } from '../src/index.js'
import { createHarness, imdbEnricher, tmdbEnricher, wikipediaEnricher } from './harness.js'

function failingHarness(retry?: ConstructorParameters<typeof EnrichmentEngine>[0]['retry']) {
  const tmdb = tmdbEnricher()
  const wikipedia = wikipediaEnricher()
  const h = createHarness({ enrichers: [tmdb, wikipedia, imdbEnricher()] })
  const engine = retry === undefined ? h.engine : new EnrichmentEngine({ ...h.stores, enrichers: h.enrichers, levels: h.levels, bus: h.bus, clock: h.clock, retry })
  return { ...h, engine, tmdb, wikipedia }
}

describe('retry backoff after a provider failure', () => {
  it('refuses fast, without asking the provider, until the backoff ends', async () => {
    const h = failingHarness()
    await h.addMovie(603)
    h.tmdb.failure = new Error('TMDB answered 503')
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    h.tmdb.failure = undefined
    h.clock.advance(defaultRetryBackoff.initialDelayMs - 1)
    const error = (await h.engine.ensure('tmdb:603', 'basic').catch((caught: unknown) => caught)) as EnrichmentBackoffError
    expect(error).toBeInstanceOf(EnrichmentBackoffError)
    expect(error.code).toBe('CINELAYER_ERR_ENRICHMENT_BACKOFF')
    expect(error.retryAt).toBe(Date.parse('2026-11-21T09:00:30.000Z'))
    expect(error.message).toContain('waits until 2026-11-21T09:00:30.000Z')
    expect(error.message).toContain('TMDB answered 503')
    expect(error.details).toMatchObject({ movieId: 'tmdb:603', provider: 'tmdb', failures: 1, level: 'initial' })
    expect((error.cause as Error).message).toBe('TMDB answered 503')
    expect(h.tmdb.calls).toHaveLength(1)
    expect((await h.stores.movies.get('tmdb:603'))!.errors).toHaveLength(1)
    expect(h.eventsOf('EnrichmentRequested')).toHaveLength(1)

    h.clock.advance(1)
    await expect(h.engine.ensure('tmdb:603', 'basic')).resolves.toMatchObject({ level: 'basic' })
    expect(h.tmdb.calls).toHaveLength(2)
  })

  it('grows the wait with each failure, up to its bound, and starts over after a success', async () => {
    const h = failingHarness({ initialDelayMs: 1000, factor: 10, maxDelayMs: 5000 })
    await h.addMovie(603)
    h.tmdb.failure = new Error('down')
    const waits: number[] = []
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
      const backoff = (await h.engine.ensure('tmdb:603', 'basic').catch((caught: unknown) => caught)) as EnrichmentBackoffError
      waits.push(backoff.retryAt - h.clock.now())
      h.clock.advance(backoff.retryAt - h.clock.now())
    }
    expect(waits).toEqual([1000, 5000, 5000])
    h.tmdb.failure = undefined
    await h.engine.ensure('tmdb:603', 'basic')
    h.tmdb.failure = new Error('down again')
    await expect(h.engine.ensure('tmdb:603', 'medium')).rejects.toBeInstanceOf(EnrichmentFailedError)
    const again = (await h.engine.ensure('tmdb:603', 'medium').catch((caught: unknown) => caught)) as EnrichmentBackoffError
    expect(again.retryAt - h.clock.now()).toBe(1000)
  })

  it('backs off per provider: a failing Wikipedia does not hold back what TMDB alone provides', async () => {
    const h = failingHarness()
    await h.addMovie(603)
    h.wikipedia.failure = new Error('Wikipedia answered 503')
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toBeInstanceOf(EnrichmentFailedError)
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_BACKOFF', details: { provider: 'wikipedia' } })
    await expect(h.engine.ensure('tmdb:603', 'medium')).resolves.toMatchObject({ level: 'medium' })
  })

  it('does not survive a restart: failures recorded before the engine started are kept for diagnostics, not held', async () => {
    const h = failingHarness()
    await h.addMovie(603)
    h.tmdb.failure = new Error('down')
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    h.tmdb.failure = undefined
    // A restart (a fixed key, another data mode): the same store, a new engine a moment later.
    h.clock.advance(1)
    const restarted = new EnrichmentEngine({ ...h.stores, enrichers: h.enrichers, levels: h.levels, bus: h.bus, clock: h.clock })
    await expect(restarted.ensure('tmdb:603', 'basic')).resolves.toMatchObject({ level: 'basic' })
    expect(h.tmdb.calls).toHaveLength(2)
    expect((await h.stores.movies.get('tmdb:603'))!.errors).toMatchObject([{ provider: 'tmdb', message: 'down' }])
  })

  it('holds only calls at least as large as the one that failed: after a failed jump to deep, basic is still asked for', async () => {
    const h = failingHarness()
    await h.addMovie(603)
    h.tmdb.failure = new Error('the deep answer is malformed')
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toBeInstanceOf(EnrichmentFailedError)
    h.tmdb.failure = undefined
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toBeInstanceOf(EnrichmentBackoffError)
    await expect(h.engine.ensure('tmdb:603', 'basic')).resolves.toMatchObject({ level: 'basic' })
    expect(h.tmdb.calls).toHaveLength(2)
    // The smaller call failing too holds every call from then on.
    h.tmdb.failure = new Error('down')
    await expect(h.engine.ensure('tmdb:603', 'medium')).rejects.toBeInstanceOf(EnrichmentFailedError)
    await expect(h.engine.ensure('tmdb:603', 'medium')).rejects.toBeInstanceOf(EnrichmentBackoffError)
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toBeInstanceOf(EnrichmentBackoffError)
  })

  it('retries at once with retry: false', async () => {
    const h = failingHarness(false)
    await h.addMovie(603)
    h.tmdb.failure = new Error('down')
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    expect(h.tmdb.calls).toHaveLength(2)
  })
})
