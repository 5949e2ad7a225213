import { describe, expect, it } from 'vitest'
import { DAY, EnrichmentEngine, defaultFacetMaxAge, staleFacets } from '../src/index.js'
import { createHarness, imdbEnricher, tmdbEnricher, wikipediaEnricher } from './harness.js'

describe('facet freshness', () => {
  it('re-fetches the facets a level needs once they are older than their max age', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603)
    const first = await h.engine.ensure('tmdb:603', 'basic')
    h.clock.advance(defaultFacetMaxAge.details! - 1)
    expect(await h.engine.ensure('tmdb:603', 'basic')).toEqual(first)
    expect(tmdb.calls).toHaveLength(1)

    h.clock.advance(2)
    const refreshed = await h.engine.ensure('tmdb:603', 'basic')
    expect(tmdb.calls).toHaveLength(2)
    expect([...tmdb.calls[1]!.facets].sort()).toEqual(['details', 'poster'])
    expect(refreshed.level).toBe('basic')
    expect(refreshed.facets.details!.at).toBe(new Date(h.clock.now()).toISOString())
    expect(h.eventsOf('EnrichmentRequested').at(-1)!.payload).toMatchObject({ from: 'basic', to: 'basic', facets: ['details', 'poster'] })
  })

  it('lets stale facets of an enricher that is asked anyway ride along in the same call', async () => {
    const tmdb = tmdbEnricher()
    const wikipedia = wikipediaEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipedia, imdbEnricher()] })
    const engine = new EnrichmentEngine({ ...h.stores, enrichers: h.enrichers, levels: h.levels, bus: h.bus, clock: h.clock, maxAge: { ratings: DAY, keywords: DAY } })
    await h.addMovie(603)
    await engine.ensure('tmdb:603', 'deep')
    h.clock.advance(2 * DAY)
    // Nothing basic needs is stale: no call at all.
    await engine.ensure('tmdb:603', 'basic')
    expect(tmdb.calls).toHaveLength(1)
    // Medium needs fresh ratings; the stale keywords come in the same TMDB call, Wikipedia is not asked.
    await engine.ensure('tmdb:603', 'medium')
    expect(tmdb.calls).toHaveLength(2)
    expect([...tmdb.calls[1]!.facets].sort()).toEqual(['keywords', 'ratings'])
    expect(wikipedia.calls).toHaveLength(1)
    const plan = engine.plan((await h.stores.movies.get('tmdb:603'))!, 'deep')
    expect(plan).toMatchObject({ missing: [], stale: [], stages: [] })
  })

  it('keeps the stale data when a refresh fails: the error is recorded and published, the movie returned', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603)
    const basic = await h.engine.ensure('tmdb:603', 'basic')
    h.clock.advance(defaultFacetMaxAge.details! + 1)
    tmdb.failure = new Error('TMDB answered 503')
    const served = await h.engine.ensure('tmdb:603', 'basic')
    expect(served).toMatchObject({ level: 'basic', overview: basic.overview, facets: basic.facets })
    expect(served.errors).toHaveLength(1)
    expect(h.eventsOf('EnrichmentFailed')).toHaveLength(1)
    // Still in backoff: the stale record is served without asking TMDB again.
    await expect(h.engine.ensure('tmdb:603', 'basic')).resolves.toMatchObject({ level: 'basic' })
    expect(tmdb.calls).toHaveLength(2)
  })

  it('reads freshness from the stamps: unknown facets and unreadable times are never stale', () => {
    const h = createHarness()
    const movie = {
      ...h.stores.clock && { schemaVersion: 1 },
      facets: { details: { at: '2026-01-01T00:00:00.000Z', provider: 'tmdb' }, trailers: { at: '2000-01-01T00:00:00.000Z', provider: 'x' }, poster: { at: 'x', provider: 'tmdb' } },
    } as never
    const now = Date.parse('2026-11-21T00:00:00Z')
    expect(staleFacets(movie, ['details', 'trailers', 'poster', 'credits'], defaultFacetMaxAge, now)).toEqual(['details'])
    expect(staleFacets(movie, ['details'], { details: Number.POSITIVE_INFINITY }, now)).toEqual([])
  })
})
