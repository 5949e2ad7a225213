import { describe, expect, it } from 'vitest'
import { type TmdbMovie, TmdbProvider, type TmdbTranslation, createTmdbEnricher, withTranslationFallback } from '../src/index.js'
import { defineReplayHandler, tmdbHandlers } from '../src/msw/index.js'
import { datasetEntry } from './dataset.js'
import { liveData, useMswServer } from './msw-live.js'
import { RequestLog } from './request-log.js'

// Fight Club as recorded, translations included (46 languages, some of them blank, as TMDB has them).
const recorded = (await datasetEntry('tmdb/movie/550.json')).response.body as TmdbMovie
const translations = recorded.translations!.translations
const data = (language: string, region: string): NonNullable<TmdbTranslation['data']> =>
  translations.find((translation) => translation.iso_639_1 === language && translation.iso_3166_1 === region)!.data!

const initialFightClub = { schemaVersion: 1, id: 'tmdb:550', ids: { tmdb: 550 }, level: 'initial', facets: {}, locks: [], errors: [], createdAt: '', updatedAt: '' }

/** What TMDB answers in a language it has no text for: the fields blank, the rest as usual. */
const blank: TmdbMovie = { ...recorded, title: '', overview: '', tagline: '' }
/** What TMDB answers in fr-CA, whose recorded translation has an overview but a blank title and tagline. */
const inFrCa: TmdbMovie = { ...blank, overview: data('fr', 'CA').overview }

describe('withTranslationFallback on the recorded Fight Club translations', () => {
  it('fills blank fields from the next language: fr-CA has no title or tagline, fr-FR has both', () => {
    expect(data('fr', 'CA')).toMatchObject({ title: '', tagline: '' })
    const movie = withTranslationFallback(inFrCa, ['fr-CA', 'fr-FR'])
    expect(movie.tagline).toBe('Le chaos. Confusion. Savon.')
    expect(movie.title).toBe('Fight Club')
    expect(movie.overview).toBe(data('fr', 'CA').overview)
    // The answer is the first language's own text: only the next languages are consulted.
    expect(withTranslationFallback(blank, ['fr-CA', 'fr-FR']).overview).toBe(data('fr', 'FR').overview)
  })

  it('never replaces a field that has content', () => {
    const movie = withTranslationFallback({ ...inFrCa, tagline: 'Ma propre accroche' }, ['fr-CA', 'fr-FR'])
    expect(movie.tagline).toBe('Ma propre accroche')
  })

  it('prefers the exact region, then the same language elsewhere', () => {
    expect(withTranslationFallback(blank, ['xx-XX', 'es-MX']).tagline).toBe(data('es', 'MX').tagline)
    expect(withTranslationFallback(blank, ['xx-XX', 'es']).tagline).toBe(data('es', 'ES').tagline)
  })

  it('ends with the original language, and the original title for the title', () => {
    // nl-NL is blank everywhere; the original language (en) has a tagline but, as on TMDB, a blank title.
    expect(data('en', 'US').title).toBe('')
    const movie = withTranslationFallback(blank, ['nl-NL', 'no-NO'])
    expect(movie.tagline).toBe('Mischief. Mayhem. Soap.')
    expect(movie.title).toBe(recorded.original_title)
  })

  it('falls back to the original title alone when there is no translations section', () => {
    const { translations: _, ...bare } = blank
    expect(withTranslationFallback(bare, ['fr-CA', 'fr-FR'])).toMatchObject({ title: 'Fight Club', overview: '', tagline: '' })
  })
})

describe('the TMDB enricher with fallback languages, through MSW', () => {
  const server = useMswServer(...tmdbHandlers())

  it('asks in the first language with translations appended: one call, blank fields filled', async () => {
    server.use(
      defineReplayHandler({
        request: { source: 'tmdb', path: '/3/movie/550', query: { language: 'fr-CA', append_to_response: 'translations' } },
        response: { status: 200, body: inFrCa },
      }),
    )
    const http = liveData()
    const log = new RequestLog(http)
    const enricher = createTmdbEnricher(new TmdbProvider({ data: log }))
    const output = await enricher.enrich({ movie: initialFightClub, facets: ['details', 'poster'], languages: ['fr-CA', 'fr-FR'] })
    expect(output.patch).toMatchObject({ title: 'Fight Club', tagline: 'Le chaos. Confusion. Savon.', overview: data('fr', 'CA').overview })
    expect(log.requests.map((request) => request.query)).toEqual([{ language: 'fr-CA', append_to_response: 'translations' }])
    expect(output.calls).toBe(1)
    expect(http.counters).toEqual({ tmdb: 1 })
  })

  it('appends no translations without fallback languages (the shipped en-US answer serves it)', async () => {
    const log = new RequestLog(liveData())
    const enricher = createTmdbEnricher(new TmdbProvider({ data: log }))
    const output = await enricher.enrich({ movie: initialFightClub, facets: ['details'], languages: ['en-US'] })
    expect(output.patch).toMatchObject({ title: 'Fight Club', tagline: 'Mischief. Mayhem. Soap.' })
    expect(log.requests.map((request) => request.query)).toEqual([{ language: 'en-US', append_to_response: undefined }])
  })
})
