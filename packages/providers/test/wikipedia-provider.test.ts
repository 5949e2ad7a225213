import { InvalidIdError } from '@cinelayer/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  JsonReplayProvider,
  ProviderHttpError,
  ProviderInputError,
  ProviderResponseError,
  ReplayMissError,
  WikipediaProvider,
  defaultReplayDir,
} from '../src/index.js'
import { wikipediaHandlers } from '../src/msw/index.js'
import { leakedSecrets, liveData, useMswServer } from './msw-live.js'
import { RequestLog } from './request-log.js'

const wikidataApi = 'https://www.wikidata.org/w/api.php'

function liveWikipedia(logs: string[] = []) {
  const log = new RequestLog(liveData(logs))
  return { log, wikipedia: new WikipediaProvider({ data: log }) }
}

describe('WikipediaProvider over HTTP, through MSW on the shipped answers', () => {
  const server = useMswServer(...wikipediaHandlers())

  it('reads the article titles of a Wikidata item from its sitelinks', async () => {
    const { wikipedia, log } = liveWikipedia()
    expect(await wikipedia.sitelinks('Q190050')).toEqual({ en: 'Fight Club' })
    expect(log.requests).toEqual([{ source: 'wikidata', path: '/w/api.php', query: { action: 'wbgetentities', ids: 'Q190050', props: 'sitelinks', format: 'json' } }])
  })

  it('keeps Wikipedia sitelinks only, by language', async () => {
    const sitelinks = { enwiki: { title: 'Solaris (1972 film)' }, frwiki: { title: 'Solaris (film, 1972)' }, enwikiquote: { title: 'Solaris' }, commonswiki: { title: 'Category:Solaris' }, be_x_oldwiki: { title: 'Салярыс' } }
    server.use(http.get(wikidataApi, () => HttpResponse.json({ entities: { Q1: { type: 'item', id: 'Q1', sitelinks } }, success: 1 })))
    expect(await liveWikipedia().wikipedia.sitelinks('Q1')).toEqual({ en: 'Solaris (1972 film)', fr: 'Solaris (film, 1972)', 'be-x-old': 'Салярыс' })
  })

  it('answers null for an item Wikidata does not know, and follows a merged item', async () => {
    const { wikipedia } = liveWikipedia()
    server.use(http.get(wikidataApi, () => HttpResponse.json({ entities: { Q2: { id: 'Q2', missing: '' } }, success: 1 }), { once: true }))
    expect(await wikipedia.sitelinks('Q2')).toBeNull()
    server.use(http.get(wikidataApi, () => HttpResponse.json({ error: { code: 'no-such-entity', info: 'Could not find an entity with the ID "Q3".' } }), { once: true }))
    expect(await wikipedia.sitelinks('Q3')).toBeNull()
    server.use(http.get(wikidataApi, () => HttpResponse.json({ entities: { Q5: { id: 'Q5', sitelinks: { dewiki: { title: 'Bergkristall (Film)' } } } } }), { once: true }))
    expect(await wikipedia.sitelinks('Q4')).toEqual({ de: 'Bergkristall (Film)' })
  })

  it('turns any other Wikidata error into a ProviderResponseError naming the request', async () => {
    server.use(http.get(wikidataApi, () => HttpResponse.json({ error: { code: 'maxlag', info: 'Waiting for a database server' } })))
    const error = await liveWikipedia().wikipedia.sitelinks('Q190050').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect((error as Error).message).toContain('wikidata GET /w/api.php?action=wbgetentities&format=json&ids=Q190050&props=sitelinks')
    expect((error as Error).message).toContain('maxlag')
  })

  it('reads a REST page summary on the wiki of the language asked', async () => {
    const { wikipedia, log } = liveWikipedia()
    const article = await wikipedia.summary('en', 'Fight Club')
    expect(article).toMatchObject({ title: 'Fight Club', language: 'en', url: 'https://en.wikipedia.org/wiki/Fight_Club', description: '1999 film by David Fincher' })
    expect(article?.summary).toMatch(/^Fight Club is a 1999 American film directed by David Fincher/)
    expect(log.requests[0]).toEqual({ source: 'wikipedia', site: 'en', path: '/api/rest_v1/page/summary/Fight_Club' })
    expect((await wikipedia.summary('de', 'Bergkristall (Film)'))?.summary).toMatch(/^Bergkristall ist ein deutscher Spielfilm/)
  })

  it('escapes titles for the path, slashes included', async () => {
    let seen = ''
    server.use(http.get('https://en.wikipedia.org/api/rest_v1/page/summary/*', ({ request }) => {
      seen = new URL(request.url).pathname
      return HttpResponse.json({ type: 'standard', title: 'AC/DC: Let There Be Rock', extract: 'A 1980 concert film.' })
    }))
    await liveWikipedia().wikipedia.summary('en', 'AC/DC: Let There Be Rock')
    expect(seen).toBe('/api/rest_v1/page/summary/AC%2FDC%3A_Let_There_Be_Rock')
  })

  it('answers null for a missing article (404) and for a disambiguation page', async () => {
    const { wikipedia } = liveWikipedia()
    // The shipped answers hold no French article on Fight Club: the handlers answer 404.
    expect(await wikipedia.summary('fr', 'Fight Club')).toBeNull()
    server.use(http.get('https://en.wikipedia.org/api/rest_v1/page/summary/Solaris', () => HttpResponse.json({ type: 'disambiguation', title: 'Solaris', extract: 'Solaris may refer to:' })))
    expect(await wikipedia.summary('en', 'Solaris')).toBeNull()
  })

  it('searches a wiki and answers the titles found, best first', async () => {
    const { wikipedia, log } = liveWikipedia()
    expect(await wikipedia.search('de', 'Bergkristall 2004')).toEqual(['Bergkristall (Film)', 'Bergkristall'])
    expect(await wikipedia.search('en', 'Rock Crystal 2004')).toEqual([])
    expect(log.requests[0]).toEqual({ source: 'wikipedia', site: 'de', path: '/w/api.php', query: { action: 'query', list: 'search', srsearch: 'Bergkristall 2004', srlimit: 5, format: 'json' } })
  })

  it('refuses a language that is no wiki code, an empty title and a blank search, before asking anything', async () => {
    const { wikipedia, log } = liveWikipedia()
    for (const language of ['en.evil.example', 'EN', '', 'fr/..', 'en wiki']) await expect(wikipedia.summary(language, 'Fight Club')).rejects.toBeInstanceOf(ProviderInputError)
    for (const title of ['', '  ', '..']) await expect(wikipedia.summary('en', title)).rejects.toBeInstanceOf(ProviderInputError)
    await expect(wikipedia.search('en', '   ')).rejects.toBeInstanceOf(ProviderInputError)
    await expect(wikipedia.search('en', 'Fight Club', { limit: 0 })).rejects.toBeInstanceOf(ProviderInputError)
    await expect(wikipedia.sitelinks('Q0')).rejects.toBeInstanceOf(InvalidIdError)
    expect(log.requests).toEqual([])
  })

  it.each([
    ['malformed JSON', () => HttpResponse.text('{"title": "Fight Club", "extract": ', { headers: { 'content-type': 'application/json' } }), ProviderResponseError, /not valid JSON/],
    ['a truncated body', () => HttpResponse.text('{"type":"standard","title":"Fight Club","extract":"Fight Club is a 19', { headers: { 'content-type': 'application/json' } }), ProviderResponseError, /not valid JSON/],
    ['a summary without an extract', () => HttpResponse.json({ type: 'standard', title: 'Fight Club' }), ProviderResponseError, /extract: expected string/],
    ['a 500', () => HttpResponse.json({ title: 'Internal error' }, { status: 500 }), ProviderHttpError, /HTTP 500/],
  ])('turns %s into a typed error naming the request key', async (_, answer, type, reason) => {
    server.use(http.get('https://en.wikipedia.org/api/rest_v1/page/summary/Fight_Club', answer))
    const logs: string[] = []
    const error = await liveWikipedia(logs).wikipedia.summary('en', 'Fight Club').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toContain('wikipedia@en GET /api/rest_v1/page/summary/Fight_Club')
    expect((error as Error).message).toMatch(reason)
    expect(leakedSecrets(error, ...logs)).toEqual([])
  })
})

describe('WikipediaProvider on replay data', () => {
  it('is a replay miss, naming the wiki, for an article nobody recorded', async () => {
    const wikipedia = new WikipediaProvider({ data: new JsonReplayProvider({ dir: defaultReplayDir }) })
    const error = await wikipedia.summary('fr', 'Fight Club').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ReplayMissError)
    expect((error as ReplayMissError).key).toBe('wikipedia@fr GET /api/rest_v1/page/summary/Fight_Club')
  })
})
