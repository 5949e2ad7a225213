import { describe, expect, it } from 'vitest'
import { CinelayerError, EnrichmentFailedError, MAX_RECORDED_ERRORS, MovieNotFoundError, RecordInvalidError, defaultRetryBackoff } from '../src/index.js'
import { countingEnricher, createHarness, deferred, imdbEnricher, tmdbEnricher, untilCalled, wikipediaEnricher } from './harness.js'

describe('EnrichmentEngine writes', () => {
  it('never overwrites a locked field, and respects a lock set while providers answer', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603, { title: 'My Matrix', locks: ['title'] })
    const gate = deferred()
    tmdb.gate = gate.promise
    const run = h.engine.ensure('tmdb:603', 'basic')
    await untilCalled(tmdb)
    // The user edits and locks the overview while TMDB is still answering.
    const current = (await h.stores.movies.get('tmdb:603'))!
    await h.stores.movies.put({ ...current, overview: 'My own words', locks: [...current.locks, 'overview'] })
    gate.resolve()
    const movie = await run
    expect(movie.title).toBe('My Matrix')
    expect(movie.overview).toBe('My own words')
    expect(movie.tagline).toBe('Tagline 603')
    expect(movie.locks).toEqual(['title', 'overview'])
    expect(movie.level).toBe('basic')
    expect(await h.stores.movies.get('tmdb:603')).toEqual(movie)
  })

  it('drops a run whose movie was removed while providers answered, rather than resurrecting it', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb, wikipediaEnricher(), imdbEnricher()] })
    await h.addMovie(603)
    const gate = deferred()
    tmdb.gate = gate.promise
    const run = h.engine.ensure('tmdb:603', 'medium')
    await untilCalled(tmdb)
    await h.stores.movies.remove('tmdb:603')
    gate.resolve()
    await expect(run).rejects.toBeInstanceOf(MovieNotFoundError)
    expect(await h.stores.movies.get('tmdb:603')).toBeNull()
    expect(await h.stores.people.ids()).toEqual([])
  })

  it('keeps only the fields of the facets asked for', async () => {
    const greedy = countingEnricher({ name: 'greedy', provider: 'tmdb', provides: ['details', 'poster', 'credits'] }, () => ({
      patch: { overview: 'o', poster: null, cast: [{ personId: 'tmdb:1', name: 'X' }], title: 'Retitled', nonsense: 1 } as never,
    }))
    const h = createHarness({ enrichers: [greedy] })
    await h.addMovie(603)
    const movie = await h.engine.ensure('tmdb:603', 'basic')
    expect(movie.overview).toBe('o')
    expect(movie.title).toBe('Retitled')
    expect(movie).not.toHaveProperty('cast')
    expect(movie).not.toHaveProperty('nonsense')
  })

  it('writes people once and relations both ways', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.addMovie(604)
    await h.stores.people.put({ schemaVersion: 1, id: 'tmdb:9339', ids: { tmdb: 9339 }, name: 'Lana Wachowski', level: 'basic', createdAt: 'x', updatedAt: 'x', biography: 'b' })
    await h.engine.ensure('tmdb:603', 'medium')
    await h.engine.ensure('tmdb:604', 'medium')
    expect(h.eventsOf('PersonCreated').map((event) => event.payload)).toEqual([{ personId: 'tmdb:6384', name: 'Keanu Reeves', via: 'tmdb:603' }])
    expect(await h.stores.people.get('tmdb:6384')).toMatchObject({ name: 'Keanu Reeves', level: 'initial', createdAt: '2026-11-21T09:00:00.000Z' })
    expect((await h.stores.people.get('tmdb:9339'))!.biography).toBe('b')
    expect((await h.stores.relations.forMovie('tmdb:603')).map((relation) => relation.personId).sort()).toEqual(['tmdb:6384', 'tmdb:9339'])
    expect((await h.stores.relations.forPerson('tmdb:6384')).map((relation) => relation.movieId).sort()).toEqual(['tmdb:603', 'tmdb:604'])
  })

  it('writes imdb and wikidata aliases, once', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.ensure('tmdb:603', 'deep')
    expect(await h.stores.movies.resolve('imdb:tt0133093')).toBe('tmdb:603')
    expect(await h.stores.movies.resolve('wikidata:Q83495')).toBe('tmdb:603')
    expect(h.eventsOf('MovieAliased').map((event) => event.payload)).toEqual([
      { from: 'imdb:tt0133093', to: 'tmdb:603' },
      { from: 'wikidata:Q83495', to: 'tmdb:603' },
    ])
  })
})

describe('EnrichmentEngine failures', () => {
  it('leaves the record at its level with its fields, records the error, publishes and throws', async () => {
    const wikipedia = wikipediaEnricher()
    const h = createHarness({ enrichers: [tmdbEnricher(), wikipedia, imdbEnricher()] })
    await h.addMovie(603)
    const medium = await h.engine.ensure('tmdb:603', 'medium')
    h.clock.advance(60_000)
    const cause = new Error('Wikipedia answered 503')
    wikipedia.failure = cause
    const error = await h.engine.ensure('tmdb:603', 'deep').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EnrichmentFailedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_FAILED', cause, details: { movieId: 'tmdb:603', target: 'deep', level: 'medium', enricher: 'wikipedia-summary' } })
    expect((error as Error).message).toContain('stays at "medium"')

    const stored = (await h.stores.movies.get('tmdb:603'))!
    const { errors, ...rest } = stored
    const { errors: before, ...restBefore } = medium
    expect(rest).toEqual(restBefore)
    expect(before).toEqual([])
    expect(errors).toEqual([{ at: '2026-11-21T09:01:00.000Z', provider: 'wikipedia', facets: ['wikipedia'], code: 'CINELAYER_ERR_ENRICHMENT_FAILED', message: 'Wikipedia answered 503' }])
    // Nothing of the run is kept: not TMDB's deep facets, not the aliases they would bring.
    expect(stored.keywords).toBeUndefined()
    expect(stored.ids.imdb).toBeUndefined()
    expect(await h.stores.movies.resolve('imdb:tt0133093')).toBeNull()

    const [failed] = h.eventsOf('EnrichmentFailed')
    expect(failed!.payload).toEqual({
      movieId: 'tmdb:603',
      level: 'medium',
      target: 'deep',
      provider: 'wikipedia',
      facets: ['wikipedia'],
      code: 'CINELAYER_ERR_ENRICHMENT_FAILED',
      message: 'Wikipedia answered 503',
    })
    expect(h.eventsOf('EnrichmentCompleted')).toHaveLength(1)

    wikipedia.failure = undefined
    // The provider failed: it is left alone for the backoff, then asked again.
    h.clock.advance(defaultRetryBackoff.initialDelayMs)
    const deep = await h.engine.ensure('tmdb:603', 'deep')
    expect(deep.level).toBe('deep')
    expect(deep.errors).toHaveLength(1)
  })

  it('writes no people or relations when a later stage fails', async () => {
    const imdb = imdbEnricher()
    const h = createHarness({ enrichers: [tmdbEnricher(), wikipediaEnricher(), imdb] })
    await h.addMovie(603)
    imdb.failure = new Error('OMDb down')
    await expect(h.engine.ensure('tmdb:603', 'deep')).rejects.toBeInstanceOf(EnrichmentFailedError)
    expect(await h.stores.people.ids()).toEqual([])
    expect(await h.stores.relations.forMovie('tmdb:603')).toEqual([])
    expect((await h.stores.movies.get('tmdb:603'))!.level).toBe('initial')
  })

  it('keeps the code of a coded provider error and the last errors only', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb] })
    await h.addMovie(603)
    tmdb.failure = new CinelayerError('CINELAYER_ERR_PROVIDER_HTTP', 'TMDB answered 429')
    for (let attempt = 0; attempt < MAX_RECORDED_ERRORS + 2; attempt++) {
      h.clock.advance(defaultRetryBackoff.maxDelayMs)
      await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_FAILED' })
    }
    const { errors } = (await h.stores.movies.get('tmdb:603'))!
    expect(errors).toHaveLength(MAX_RECORDED_ERRORS)
    expect(errors.every((error) => error.code === 'CINELAYER_ERR_PROVIDER_HTTP')).toBe(true)
    expect(errors[0]!.at).toBe('2026-11-21T12:00:00.000Z')
  })

  it('treats a synchronous throw and a non-Error rejection as a failed step', async () => {
    const sync = { name: 'sync', provider: 'x', provides: ['details', 'poster'], enrich: () => { throw new Error('sync boom') } }
    const h = createHarness({ enrichers: [sync as never] })
    await h.addMovie(603)
    await expect(h.engine.ensure('tmdb:603', 'basic')).rejects.toThrow('sync boom')
    expect(h.eventsOf('EnrichmentFailed')).toHaveLength(1)

    const text = countingEnricher({ name: 'text', provider: 'x', provides: ['details', 'poster'] }, () => ({ patch: {} }))
    text.failure = 'plain failure'
    const h2 = createHarness({ enrichers: [text] })
    await h2.addMovie(603)
    await expect(h2.engine.ensure('tmdb:603', 'basic')).rejects.toBeInstanceOf(EnrichmentFailedError)
    expect((await h2.stores.movies.get('tmdb:603'))!.errors[0]!.message).toBe('plain failure')
  })

  it.each([
    ['no output', () => undefined],
    ['a patch that breaks the schema', () => ({ patch: { runtime: 'long' } })],
    ['an invalid imdb id', () => ({ patch: { ids: { imdb: '../../etc' } } })],
    ['a person of a malformed id', () => ({ patch: {}, people: [{ id: 'tmdb:../1', name: 'X' }] })],
    ['a person without a name', () => ({ patch: {}, people: [{ id: 'tmdb:1' }] })],
    ['a relation to another movie', () => ({ patch: {}, relations: [{ personId: 'tmdb:1', movieId: 'tmdb:999', role: 'cast' }] })],
  ])('fails the step, writing nothing, on %s', async (_, answer) => {
    const bad = countingEnricher({ name: 'bad', provider: 'tmdb', provides: ['details', 'poster'] }, answer as never)
    const h = createHarness({ enrichers: [bad] })
    const before = await h.addMovie(603)
    const error = await h.engine.ensure('tmdb:603', 'basic').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EnrichmentFailedError)
    expect((error as Error).cause).toBeInstanceOf(CinelayerError)
    expect(['CINELAYER_ERR_RECORD_INVALID', 'CINELAYER_ERR_ID_INVALID']).toContain(((error as Error).cause as CinelayerError).code)
    const after = (await h.stores.movies.get('tmdb:603'))!
    expect({ ...after, errors: [] }).toEqual(before)
    expect(after.errors).toHaveLength(1)
    expect(await h.stores.people.ids()).toEqual([])
    expect(await h.stores.relations.forMovie('tmdb:603')).toEqual([])
  })

  it('names the record problem with a RecordInvalidError cause', async () => {
    const bad = countingEnricher({ name: 'bad', provider: 'tmdb', provides: ['details', 'poster'] }, () => ({ patch: { runtime: 'long' as never } }))
    const h = createHarness({ enrichers: [bad] })
    await h.addMovie(603)
    const error = (await h.engine.ensure('tmdb:603', 'basic').catch((caught: unknown) => caught)) as EnrichmentFailedError
    expect(error.cause).toBeInstanceOf(RecordInvalidError)
    expect(error.message).toContain('movie record tmdb:603 does not match its schema')
  })
})
