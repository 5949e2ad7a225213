import { describe, expect, it } from 'vitest'
import {
  EnricherInvalidError,
  EnrichmentEngine,
  EnrichmentFailedError,
  InvalidIdError,
  LevelSet,
  MovieNotFoundError,
  PlanUnsatisfiableError,
  UnknownLevelError,
  createEventBus,
  createManualClock,
  defaultFacets,
  defaultLevels,
  defaultRetryBackoff,
} from '../src/index.js'
import { countingEnricher, createHarness, deferred, imdbEnricher, tmdbEnricher, wikipediaEnricher } from './harness.js'

describe('EnrichmentEngine.plan', () => {
  it('orders stages by needs: Wikipedia and IMDb run after the enricher providing externalIds', async () => {
    const h = createHarness()
    const movie = await h.addMovie(603)
    const plan = h.engine.plan(movie, 'deep')
    expect(plan.from).toBe('initial')
    expect(plan.to).toBe('deep')
    expect(plan.missing.sort()).toEqual([...h.levels.facetsFor('deep')].filter((facet) => facet !== 'identity').sort())
    expect(plan.stages).toHaveLength(2)
    expect(plan.stages[0]).toEqual([
      { enricher: 'tmdb-movie', provider: 'tmdb', facets: expect.arrayContaining(['details', 'poster', 'credits', 'externalIds', 'images', 'keywords']) },
    ])
    expect(plan.stages[0]![0]!.facets).toHaveLength(8)
    expect(plan.stages[1]!.map((step) => step.enricher).sort()).toEqual(['imdb-rating', 'wikipedia-summary'])
  })

  it('runs an enricher in the first stage when what it needs is already there', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.ensure('tmdb:603', 'medium')
    const movie = (await h.stores.movies.get('tmdb:603'))!
    const plan = h.engine.plan(movie, 'deep')
    expect(plan.stages.map((stage) => stage.map((step) => step.enricher))).toEqual([['tmdb-movie'], ['wikipedia-summary', 'imdb-rating']])
    const withIds = { ...movie, facets: { ...movie.facets, externalIds: { at: 'x', provider: 'tmdb' } } }
    expect(h.engine.plan(withIds, 'deep').stages.map((stage) => stage.map((step) => step.enricher).sort())).toEqual([
      ['imdb-rating', 'tmdb-movie', 'wikipedia-summary'],
    ])
  })

  it('pulls a needed facet of a higher level into the plan (needs are closed over)', async () => {
    const h = createHarness({
      levels: [
        { name: 'initial', facets: ['identity'] },
        { name: 'summary', facets: ['wikipedia'] },
        { name: 'deep', facets: ['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords', 'imdbRating'] },
      ],
    })
    const movie = await h.addMovie(603)
    const plan = h.engine.plan(movie, 'summary')
    expect(plan.stages).toEqual([[{ enricher: 'tmdb-movie', provider: 'tmdb', facets: ['externalIds'] }], [{ enricher: 'wikipedia-summary', provider: 'wikipedia', facets: ['wikipedia'] }]])
    const done = await h.engine.ensure('tmdb:603', 'summary')
    expect(done.level).toBe('summary')
    expect(done.facets).toHaveProperty('externalIds')
    expect(done.overview).toBeUndefined()
  })

  it('splits an enricher providing externalIds from those needing it into stages', async () => {
    const ids = countingEnricher({ name: 'tmdb-external-ids', provider: 'tmdb', provides: ['externalIds'] }, () => ({ patch: { ids: { wikidata: 'Q83495' } } }))
    const h = createHarness({ enrichers: [wikipediaEnricher(), ids] })
    const movie = await h.addMovie(603)
    const plan = h.engine.plan(movie, 'deep')
    expect(plan.stages.map((stage) => stage.map((step) => step.enricher))).toEqual([['tmdb-external-ids'], ['wikipedia-summary']])
  })

  it('throws PlanUnsatisfiableError when no enricher provides a facet, or enrichers need each other', async () => {
    const h = createHarness()
    const movie = await h.addMovie(603)
    const strict = new EnrichmentEngine({ ...h.stores, enrichers: [tmdbEnricher()], levels: new LevelSet(), bus: h.bus, clock: h.clock })
    expect(() => strict.plan(movie, 'deep')).toThrow(PlanUnsatisfiableError)
    expect(() => strict.plan(movie, 'deep')).toThrow(/No enricher provides facet "(wikipedia|imdbRating)"/)
    await expect(strict.ensure('tmdb:603', 'deep')).rejects.toMatchObject({ code: 'CINELAYER_ERR_PLAN_UNSATISFIABLE' })

    const a = countingEnricher({ name: 'a', provider: 'x', provides: ['details'], needs: ['poster'] }, () => ({ patch: {} }))
    const b = countingEnricher({ name: 'b', provider: 'y', provides: ['poster'], needs: ['details'] }, () => ({ patch: {} }))
    const cyclic = new EnrichmentEngine({ ...h.stores, enrichers: [a, b], levels: new LevelSet(defaultLevels, defaultFacets, ['details', 'poster']), bus: h.bus, clock: h.clock })
    expect(() => cyclic.plan(movie, 'basic')).toThrow('Enrichers a, b need each other')
  })

  it('throws UnknownLevelError for an unknown target', async () => {
    const h = createHarness()
    const movie = await h.addMovie(603)
    expect(() => h.engine.plan(movie, 'ultra')).toThrow(UnknownLevelError)
    await expect(h.engine.ensure('tmdb:603', 'ultra')).rejects.toBeInstanceOf(UnknownLevelError)
  })

  it('refuses two enrichers of one name', () => {
    const h = createHarness()
    const build = () => new EnrichmentEngine({ ...h.stores, enrichers: [tmdbEnricher(), tmdbEnricher()], levels: h.levels, bus: h.bus, clock: h.clock })
    expect(build).toThrow(EnricherInvalidError)
  })
})

describe('EnrichmentEngine.ensure', () => {
  it('coalesces initial → deep into one call per enricher and writes one deep record', async () => {
    const tmdb = tmdbEnricher()
    const wikipedia = wikipediaEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipedia] })
    await h.addMovie(603)
    h.clock.advance(1000)
    const movie = await h.engine.ensure('tmdb:603', 'deep')
    expect(tmdb.calls).toHaveLength(1)
    expect(wikipedia.calls).toHaveLength(1)
    expect(h.engine.runs).toBe(1)
    expect(movie.level).toBe('deep')
    expect(movie).toMatchObject({ overview: 'Overview of 603', keywords: ['simulation'], ids: { tmdb: 603, imdb: 'tt0133093', wikidata: 'Q83495' } })
    expect(movie.wikipedia!.summary).toBe('Summary of Q83495')
    expect(movie.facets.details).toEqual({ at: '2026-11-21T09:00:01.000Z', provider: 'tmdb' })
    expect(movie.facets.wikipedia!.provider).toBe('wikipedia')
    expect(movie.updatedAt).toBe('2026-11-21T09:00:01.000Z')
    expect(await h.stores.movies.get('tmdb:603')).toEqual(movie)
    // Wikipedia saw what TMDB brought in the same run.
    expect(wikipedia.calls[0]!.movie.ids.wikidata).toBe('Q83495')
    expect(tmdb.calls[0]!.languages).toEqual(['en-US'])
  })

  it('publishes EnrichmentRequested then EnrichmentCompleted under one correlation id', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.ensure('tmdb:603', 'deep')
    const [requested] = h.eventsOf('EnrichmentRequested')
    const [completed] = h.eventsOf('EnrichmentCompleted')
    expect(requested!.payload).toMatchObject({ movieId: 'tmdb:603', from: 'initial', to: 'deep', providers: ['tmdb', 'wikipedia', 'imdb'] })
    expect(completed!.payload).toEqual({
      movieId: 'tmdb:603',
      from: 'initial',
      to: 'deep',
      facets: requested!.payload.facets,
      calls: { tmdb: 1, wikipedia: 2, imdb: 1 },
      durationMs: 0,
    })
    expect(completed!.correlationId).toBe(requested!.correlationId)
    expect(h.events.indexOf(requested!)).toBeLessThan(h.events.indexOf(completed!))
  })

  it('does nothing when the movie is already at the level', async () => {
    const h = createHarness()
    await h.addMovie(603)
    const deep = await h.engine.ensure('tmdb:603', 'deep')
    const calls = h.enrichers.map((enricher) => (enricher as ReturnType<typeof tmdbEnricher>).calls.length)
    h.clock.advance(1000)
    for (const level of ['initial', 'basic', 'medium', 'deep']) expect(await h.engine.ensure('tmdb:603', level)).toEqual(deep)
    expect(h.enrichers.map((enricher) => (enricher as ReturnType<typeof tmdbEnricher>).calls.length)).toEqual(calls)
    expect(h.engine.runs).toBe(1)
    expect(h.eventsOf('EnrichmentRequested')).toHaveLength(1)
  })

  it('asks each level jump only for the facets it lacks', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603)
    expect((await h.engine.ensure('tmdb:603', 'basic')).level).toBe('basic')
    expect((await h.engine.ensure('tmdb:603', 'medium')).level).toBe('medium')
    expect(tmdb.calls.map((call) => [...call.facets].sort())).toEqual([
      ['details', 'poster'],
      ['credits', 'genres', 'ratings'],
    ])
    expect(tmdb.calls[1]!.movie.overview).toBe('Overview of 603')
  })

  it('moves the level up only when every facet of it is there', async () => {
    const details = countingEnricher({ name: 'details', provider: 'tmdb', provides: ['details'] }, () => ({ patch: { overview: 'o' } }))
    const poster = countingEnricher({ name: 'poster', provider: 'images', provides: ['poster'] }, () => ({ patch: { poster: { path: '/p.jpg' } } }))
    const credits = countingEnricher({ name: 'credits', provider: 'tmdb', provides: ['credits'] }, () => ({ patch: { cast: [] } }))
    const h = createHarness({ enrichers: [details, poster, credits] })
    // A record that has details but not yet a poster is still "initial".
    await h.addMovie(603, { overview: 'kept', facets: { identity: { at: 'x', provider: 'cinelayer' }, details: { at: 'x', provider: 'tmdb' } } })
    expect(h.engine.plan((await h.stores.movies.get('tmdb:603'))!, 'basic').missing).toEqual(['poster'])
    poster.failure = new Error('image server down')
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    expect((await h.stores.movies.get('tmdb:603'))!.level).toBe('initial')
    poster.failure = undefined
    h.clock.advance(defaultRetryBackoff.initialDelayMs)
    const movie = await h.engine.ensure('tmdb:603', 'basic')
    expect(movie.level).toBe('basic')
    expect(movie.overview).toBe('kept')
    expect(details.calls).toHaveLength(0)
  })

  it('shares runs: 100 concurrent ensure on 10 movies make 10 runs, one provider call each', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    for (let n = 1; n <= 10; n++) await h.addMovie(n)
    const gate = deferred()
    tmdb.gate = gate.promise
    const requests = Array.from({ length: 100 }, (_, index) => h.engine.ensure(`tmdb:${(index % 10) + 1}`, 'deep'))
    gate.resolve()
    const movies = await Promise.all(requests)
    expect(h.engine.runs).toBe(10)
    expect(tmdb.calls).toHaveLength(10)
    expect(h.eventsOf('EnrichmentCompleted')).toHaveLength(10)
    expect(movies.every((movie) => movie.level === 'deep')).toBe(true)
    expect(new Set(tmdb.calls.map((call) => call.movie.id)).size).toBe(10)
  })

  it('extends a lower run in flight when a higher level is asked for', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603)
    const gate = deferred()
    tmdb.gate = gate.promise
    const basic = h.engine.ensure('tmdb:603', 'basic')
    const deep = h.engine.ensure('tmdb:603', 'deep')
    const basicAgain = h.engine.ensure('tmdb:603', 'initial')
    const deepAgain = h.engine.ensure('tmdb:603', 'deep')
    tmdb.gate = undefined
    gate.resolve()
    expect((await basic).level).toBe('basic')
    expect((await basicAgain).level).toBe('basic')
    expect((await deep).level).toBe('deep')
    expect(await deepAgain).toEqual(await deep)
    expect(h.engine.runs).toBe(2)
    expect(tmdb.calls.map((call) => [...call.facets].sort())).toEqual([
      ['details', 'poster'],
      ['credits', 'externalIds', 'genres', 'images', 'keywords', 'ratings'],
    ])
  })

  it('follows an alias to the canonical movie', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.ensure('tmdb:603', 'deep')
    expect((await h.engine.ensure('imdb:tt0133093', 'deep')).id).toBe('tmdb:603')
    expect(h.engine.runs).toBe(1)
  })

  it('rejects malformed ids before touching a store, and unknown movies with MovieNotFoundError', async () => {
    const h = createHarness()
    await expect(h.engine.ensure('tmdb:../../x', 'basic')).rejects.toBeInstanceOf(InvalidIdError)
    await expect(h.engine.ensure('tmdb:404', 'basic')).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(h.engine.ensure('imdb:tt0000404', 'basic')).rejects.toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
  })
})

describe('EnrichmentEngine.providableFacets', () => {
  it('reports the providable facets', () => {
    const engine = new EnrichmentEngine({
      movies: null as never,
      enrichers: [tmdbEnricher(), wikipediaEnricher()],
      levels: new LevelSet(),
      bus: createEventBus(),
      clock: createManualClock(),
    })
    expect(engine.providableFacets.sort()).toEqual(['credits', 'details', 'externalIds', 'genres', 'images', 'keywords', 'poster', 'ratings', 'wikipedia'])
    expect(engine.runs).toBe(0)
  })
})
