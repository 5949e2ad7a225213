import { EnrichmentEngine, LevelSet, type Movie, createEventBus, createManualClock, createMovieRecord } from '@cinelayer/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, type ReplayEntry, TmdbProvider, WikipediaProvider, createTmdbEnricher, createWikipediaEnricher, defaultReplayDir } from '../src/index.js'
import { wikipediaLanguagesOf } from '../src/wikipedia-enricher.js'
import { cinelayerHandlers, defineReplayHandler } from '../src/msw/index.js'
import { memoryStores } from './memory-stores.js'
import { liveData, useMswServer } from './msw-live.js'
import { RequestLog } from './request-log.js'

const levels = new LevelSet()

/** A movie as the Wikipedia enricher sees it: after TMDB's details and external ids. */
function movieAfterTmdb(fields: Partial<Movie> & Pick<Movie, 'id' | 'ids'>): Movie {
  return { ...createMovieRecord({ id: fields.id, ids: fields.ids }, levels, Date.UTC(2026, 10, 21)), ...fields }
}

const fightClub = movieAfterTmdb({ id: 'tmdb:550', ids: { tmdb: 550, imdb: 'tt0137523', wikidata: 'Q190050' }, title: 'Fight Club', year: 1999, originalLanguage: 'en', originalTitle: 'Fight Club' })
const rockCrystal = movieAfterTmdb({ id: 'tmdb:12313', ids: { tmdb: 12313, imdb: 'tt0409732' }, title: 'Rock Crystal', year: 2004, originalLanguage: 'de', originalTitle: 'Bergkristall' })

function shipped() {
  const log = new RequestLog(new JsonReplayProvider({ dir: defaultReplayDir }))
  return { log, enricher: createWikipediaEnricher(new WikipediaProvider({ data: log })) }
}

function summaryEntry(site: string, title: string, extract: string, description = 'film'): ReplayEntry {
  return {
    request: { source: 'wikipedia', site, path: `/api/rest_v1/page/summary/${encodeURIComponent(title.replace(/ /g, '_'))}` },
    response: { status: 200, body: { type: 'standard', title, extract, description, lang: site, content_urls: { desktop: { page: `https://${site}.wikipedia.org/wiki/${title}` } } } },
  }
}

describe('createWikipediaEnricher on the shipped dataset', () => {
  it('declares the wikipedia facet, needing external ids', () => {
    expect(shipped().enricher).toMatchObject({ name: 'wikipedia', provider: 'wikipedia', provides: ['wikipedia'], needs: ['externalIds'] })
  })

  it('reads Fight Club through its Wikidata sitelinks: two calls', async () => {
    const { enricher, log } = shipped()
    const output = await enricher.enrich({ movie: fightClub, facets: ['wikipedia'], languages: ['en-US'] })
    expect(output.patch).toEqual({
      wikipedia: { title: 'Fight Club', language: 'en', summary: expect.stringMatching(/^Fight Club is a 1999 American film/), url: 'https://en.wikipedia.org/wiki/Fight_Club' },
    })
    expect(output.calls).toBe(2)
    expect(log.requests.map((request) => `${request.source}@${request.site ?? ''}`)).toEqual(['wikidata@', 'wikipedia@en'])
  })

  it('falls back from French to English when the item has no French article, still in two calls', async () => {
    const { enricher, log } = shipped()
    const output = await enricher.enrich({ movie: fightClub, facets: ['wikipedia'], languages: ['fr-FR', 'en-US'] })
    expect(output.patch).toMatchObject({ wikipedia: { language: 'en', title: 'Fight Club' } })
    expect(output.calls).toBe(2)
    expect(log.requests).toHaveLength(2)
  })

  it('searches for Rock Crystal, which has no Wikidata id: English finds nothing, the original language (de) does', async () => {
    const { enricher, log } = shipped()
    const output = await enricher.enrich({ movie: rockCrystal, facets: ['wikipedia'], languages: ['en-US'] })
    // The search also finds the mineral "Bergkristall"; the film article is the one taken.
    expect(output.patch).toMatchObject({ wikipedia: { title: 'Bergkristall (Film)', language: 'de', url: 'https://de.wikipedia.org/wiki/Bergkristall_(Film)' } })
    expect(output.calls).toBe(3)
    expect(log.requests.map((request) => [request.site, request.query?.srsearch ?? request.path])).toEqual([
      ['en', 'Rock Crystal 2004'],
      ['de', 'Bergkristall 2004'],
      ['de', '/api/rest_v1/page/summary/Bergkristall_(Film)'],
    ])
  })

  it('takes configured languages over the engine languages', async () => {
    const { log } = shipped()
    const enricher = createWikipediaEnricher(new WikipediaProvider({ data: log }), { languages: ['de'] })
    const output = await enricher.enrich({ movie: rockCrystal, facets: ['wikipedia'], languages: ['en-US'] })
    expect(output).toMatchObject({ calls: 2, patch: { wikipedia: { language: 'de' } } })
  })

  it('reduces engine languages to wiki codes, English last', () => {
    expect(wikipediaLanguagesOf(['fr-FR', 'fr-CA', 'de'])).toEqual(['fr', 'de', 'en'])
    expect(wikipediaLanguagesOf(['en-US'])).toEqual(['en'])
    expect(wikipediaLanguagesOf(['../x', 'pt_BR'])).toEqual(['pt', 'en'])
  })
})

describe('createWikipediaEnricher on written answers', () => {
  function enricherOn(entries: ReplayEntry[]) {
    const data = new JsonReplayProvider({ entries })
    return { data, enricher: createWikipediaEnricher(new WikipediaProvider({ data })) }
  }

  const solaris = movieAfterTmdb({ id: 'tmdb:593', ids: { tmdb: 593, wikidata: 'Q1130345' }, title: 'Solaris', year: 1972, originalLanguage: 'ru', originalTitle: 'Солярис' })

  it('prefers the first language that has an article', async () => {
    const sitelinks: ReplayEntry = {
      request: { source: 'wikidata', path: '/w/api.php', query: { action: 'wbgetentities', ids: 'Q1130345', props: 'sitelinks', format: 'json' } },
      response: { status: 200, body: { entities: { Q1130345: { id: 'Q1130345', sitelinks: { enwiki: { title: 'Solaris (1972 film)' }, frwiki: { title: 'Solaris (film, 1972)' }, ruwiki: { title: 'Солярис (фильм, 1972)' } } } } } },
    }
    const { enricher } = enricherOn([sitelinks, summaryEntry('fr', 'Solaris (film, 1972)', 'Solaris est un film soviétique de 1972.')])
    const output = await enricher.enrich({ movie: solaris, facets: ['wikipedia'], languages: ['fr-FR'] })
    expect(output).toMatchObject({ calls: 2, patch: { wikipedia: { language: 'fr', title: 'Solaris (film, 1972)' } } })
  })

  it('fills the facet with nothing when the item has no article in any language tried', async () => {
    const sitelinks: ReplayEntry = {
      request: { source: 'wikidata', path: '/w/api.php', query: { action: 'wbgetentities', ids: 'Q1130345', props: 'sitelinks', format: 'json' } },
      response: { status: 200, body: { entities: { Q1130345: { id: 'Q1130345', sitelinks: { jawiki: { title: '惑星ソラリス' } } } } } },
    }
    const { enricher, data } = enricherOn([sitelinks])
    expect(await enricher.enrich({ movie: solaris, facets: ['wikipedia'], languages: ['fr-FR'] })).toEqual({ patch: {}, calls: 1 })
    expect(data.counters).toEqual({ wikidata: 1 })
  })

  it('never takes a searched article of the same name that is not the film', async () => {
    const quartz = movieAfterTmdb({ id: 'tmdb:1', ids: { tmdb: 1 }, title: 'Rock Crystal', year: 2004, originalLanguage: 'en' })
    const search: ReplayEntry = {
      request: { source: 'wikipedia', site: 'en', path: '/w/api.php', query: { action: 'query', list: 'search', srsearch: 'Rock Crystal 2004', srlimit: 5, format: 'json' } },
      response: { status: 200, body: { query: { search: [{ title: 'Rock Crystal (band)' }, { title: 'Rock crystal' }] } } },
    }
    const mineral = summaryEntry('en', 'Rock crystal', 'Rock crystal is a clear, colourless variety of quartz.', 'variety of quartz')
    const { enricher } = enricherOn([search, mineral])
    expect(await enricher.enrich({ movie: quartz, facets: ['wikipedia'], languages: ['en-US'] })).toEqual({ patch: {}, calls: 2 })
  })
})

describe('the Wikipedia enricher in an enrichment run, over HTTP through MSW', () => {
  const server = useMswServer(...cinelayerHandlers())

  function engine() {
    const data = liveData()
    const stores = memoryStores()
    const enrichers = [createTmdbEnricher(new TmdbProvider({ data })), createWikipediaEnricher(new WikipediaProvider({ data }))]
    const levelSet = new LevelSet(undefined, undefined, ['identity', ...enrichers.flatMap((enricher) => enricher.provides)])
    const run = new EnrichmentEngine({ ...stores, enrichers, levels: levelSet, bus: createEventBus(), clock: createManualClock() })
    return { data, stores, run, levelSet }
  }

  it('takes Fight Club to deep with one TMDB call and two Wikipedia calls', async () => {
    const { data, stores, run, levelSet } = engine()
    await stores.movies.put(createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 } }, levelSet, 0))
    const movie = await run.ensure('tmdb:550', 'deep')
    expect(movie).toMatchObject({ level: 'deep', wikipedia: { title: 'Fight Club', language: 'en' } })
    expect(data.counters).toEqual({ tmdb: 1, wikidata: 1, wikipedia: 1 })
  })

  it('leaves the movie where it was, with the error recorded, when the summary fails', async () => {
    server.use(http.get('https://en.wikipedia.org/api/rest_v1/page/summary/Fight_Club', () => HttpResponse.json({ title: 'Internal error' }, { status: 500 })))
    const { stores, run, levelSet } = engine()
    await stores.movies.put(createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 } }, levelSet, 0))
    await run.ensure('tmdb:550', 'medium')
    await expect(run.ensure('tmdb:550', 'deep')).rejects.toMatchObject({ code: 'CINELAYER_ERR_ENRICHMENT_FAILED' })
    const stored = await stores.movies.get('tmdb:550')
    expect(stored).toMatchObject({ level: 'medium', errors: [{ provider: 'wikipedia', code: 'CINELAYER_ERR_PROVIDER_HTTP' }] })
    // Nothing of the failed run is kept, not even what TMDB answered in it.
    for (const field of ['wikipedia', 'images', 'keywords', 'externalIds']) expect(stored).not.toHaveProperty(field)
  })

  it('answers a written summary added for one test with defineReplayHandler', async () => {
    server.use(defineReplayHandler(summaryEntry('en', 'Fight Club', 'Written for this test.')))
    const { stores, run, levelSet } = engine()
    await stores.movies.put(createMovieRecord({ id: 'tmdb:550', ids: { tmdb: 550 } }, levelSet, 0))
    expect((await run.ensure('tmdb:550', 'deep')).wikipedia?.summary).toBe('Written for this test.')
  })
})
