import {
  type AnyCinelayerEvent,
  EnrichmentEngine,
  LevelSet,
  type Movie,
  createEventBus,
  createManualClock,
  createMovieRecord,
  defaultFacets,
  defaultLevels,
} from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, TmdbIdMissingError, TmdbProvider, createTmdbEnricher, defaultReplayDir } from '../src/index.js'
import { memoryStores } from './memory-stores.js'
import { RequestLog } from './request-log.js'

function setup() {
  const replay = new JsonReplayProvider({ dir: defaultReplayDir })
  const log = new RequestLog(replay)
  const enricher = createTmdbEnricher(new TmdbProvider({ data: log }))
  return { replay, log, enricher }
}

const levels = new LevelSet()

function movieAtInitial(tmdb?: number): Movie {
  return createMovieRecord({ id: tmdb ? `tmdb:${tmdb}` : 'local:0123456789abcdef', ids: tmdb ? { tmdb } : {} }, levels, Date.UTC(2026, 10, 21))
}

function appendOf(log: RequestLog): string[] {
  return log.requests.map((request) => String(request.query?.append_to_response ?? ''))
}

describe('createTmdbEnricher', () => {
  it('declares what it provides', () => {
    const { enricher } = setup()
    expect(enricher).toMatchObject({ name: 'tmdb-movie', provider: 'tmdb' })
    expect([...enricher.provides]).toEqual(['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords'])
  })

  it('fills basic facets with one call and no append', async () => {
    const { enricher, log, replay } = setup()
    const output = await enricher.enrich({ movie: movieAtInitial(550), facets: ['details', 'poster'], languages: ['en-US'] })
    expect(replay.counters).toEqual({ tmdb: 1 })
    expect(log.requests[0]?.query).toEqual({ language: 'en-US', append_to_response: undefined })
    expect(Object.keys(output.patch).sort()).toEqual(['ids', 'originalLanguage', 'originalTitle', 'overview', 'poster', 'productionCountries', 'releaseDate', 'runtime', 'status', 'tagline', 'title', 'year'])
    // The identity comes with the first answer: the IMDb id of the details, not only at deep.
    expect(output.patch.ids).toEqual({ tmdb: 550, imdb: 'tt0137523' })
    expect(output.people).toBeUndefined()
    expect(output.relations).toBeUndefined()
    expect(output.calls).toBe(1)
  })

  it('appends only credits for the medium facets, and names the people', async () => {
    const { enricher, log, replay } = setup()
    const output = await enricher.enrich({ movie: movieAtInitial(550), facets: ['credits', 'genres', 'ratings'], languages: ['en-US'] })
    expect(replay.counters).toEqual({ tmdb: 1 })
    expect(appendOf(log)).toEqual(['credits'])
    expect(Object.keys(output.patch).sort()).toEqual(['cast', 'crew', 'genres', 'tmdbRating'])
    expect(output.people?.length).toBeGreaterThan(200)
    expect(output.relations?.[0]).toMatchObject({ movieId: 'tmdb:550', movieTitle: 'Fight Club', movieYear: 1999 })
  })

  it('appends exactly the sections of the deep facets', async () => {
    const { enricher, log, replay } = setup()
    const output = await enricher.enrich({ movie: movieAtInitial(12313), facets: ['externalIds', 'images', 'keywords'], languages: ['en-US'] })
    expect(replay.counters).toEqual({ tmdb: 1 })
    expect(appendOf(log)).toEqual(['external_ids,images,keywords'])
    expect(Object.keys(output.patch).sort()).toEqual(['externalIds', 'ids', 'images', 'keywords'])
  })

  it('asks for every section in one call for a jump from initial to deep', async () => {
    const { enricher, log, replay } = setup()
    const facets = ['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords']
    await enricher.enrich({ movie: movieAtInitial(550), facets, languages: ['en-US'] })
    expect(replay.counters).toEqual({ tmdb: 1 })
    expect(appendOf(log)).toEqual(['credits,external_ids,images,keywords'])
  })

  it('asks in the first language of the engine', async () => {
    const { enricher, log } = setup()
    await expect(enricher.enrich({ movie: movieAtInitial(550), facets: ['details'], languages: ['de-DE', 'en-US'] })).rejects.toThrow(/language=de-DE/)
    expect(log.requests[0]?.query?.language).toBe('de-DE')
  })

  it('refuses a movie without a TMDB id, asking nothing', async () => {
    const { enricher, log } = setup()
    const error = await enricher.enrich({ movie: movieAtInitial(), facets: ['details'], languages: ['en-US'] }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TmdbIdMissingError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_TMDB_ID_MISSING' })
    expect((error as Error).message).toContain('local:0123456789abcdef')
    expect(log.requests).toEqual([])
  })
})

describe('createTmdbEnricher in the enrichment engine', () => {
  function engineWith(enricher: ReturnType<typeof setup>['enricher']) {
    const clock = createManualClock(Date.UTC(2026, 10, 21))
    const bus = createEventBus({ clock })
    const events: AnyCinelayerEvent[] = []
    bus.onAny((event) => void events.push(event))
    const stores = memoryStores()
    // Wikipedia and IMDb facets have no enricher here: the level set leaves them out of "deep".
    const levelSet = new LevelSet(defaultLevels, defaultFacets, ['identity', ...enricher.provides])
    const engine = new EnrichmentEngine({ ...stores, enrichers: [enricher], levels: levelSet, bus, clock })
    return { engine, stores, events, levelSet }
  }

  it('takes Fight Club from initial to deep with one TMDB call', async () => {
    const { enricher, replay } = setup()
    const { engine, stores, events, levelSet } = engineWith(enricher)
    await stores.movies.put(createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 } }, levelSet, Date.UTC(2026, 10, 21)))
    const movie = await engine.ensure('tmdb:550', 'deep')
    expect(movie).toMatchObject({ level: 'deep', title: 'Fight Club', ids: { tmdb: 550, imdb: 'tt0137523', wikidata: 'Q190050' } })
    expect(replay.counters).toEqual({ tmdb: 1 })
    expect(events.find((event) => event.type === 'EnrichmentCompleted')?.payload).toMatchObject({ calls: { tmdb: 1 } })
    expect(await stores.people.get('tmdb:287')).toMatchObject({ name: 'Brad Pitt', level: 'initial' })
    expect(await stores.relations.forMovie('tmdb:550')).toHaveLength(250)
    expect(await stores.movies.resolve('wikidata:Q190050')).toBe('tmdb:550')
  })

  it('leaves Riddick at medium when its deep sections were never recorded', async () => {
    const { enricher, replay } = setup()
    const { engine, stores, levelSet } = engineWith(enricher)
    await stores.movies.put(createMovieRecord({ id: 'tmdb:87421', ids: { tmdb: 87421 } }, levelSet, Date.UTC(2026, 10, 21)))
    await expect(engine.ensure('tmdb:87421', 'medium')).resolves.toMatchObject({ level: 'medium' })
    await expect(engine.ensure('tmdb:87421', 'deep')).rejects.toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_FAILED' })
    const stored = await stores.movies.get('tmdb:87421')
    expect(stored).toMatchObject({ level: 'medium', errors: [{ code: 'CINELAYER_ERR_REPLAY_MISS', provider: 'tmdb' }] })
    expect(stored).not.toHaveProperty('images')
    expect(replay.counters).toEqual({ tmdb: 1 })
  })
})
