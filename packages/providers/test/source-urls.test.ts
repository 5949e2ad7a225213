import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, ProviderInputError, ReplayDatasetError, ReplayMissError, defaultSourceBaseURLs, requestURL } from '../src/index.js'
import { baseURLOf } from '../src/source-urls.js'
import { requestKey } from '../src/data-provider.js'

describe('sites of a source', () => {
  it('are part of the request key, and only when given', () => {
    expect(requestKey({ source: 'wikipedia', site: 'fr', path: '/api/rest_v1/page/summary/Fight_Club' })).toBe('wikipedia@fr GET /api/rest_v1/page/summary/Fight_Club')
    expect(requestKey({ source: 'tmdb', path: '/3/movie/550', responseType: 'json' })).toBe('tmdb GET /3/movie/550')
  })

  it('fill {site} in the base URL of their source', () => {
    expect(defaultSourceBaseURLs.wikipedia).toBe('https://{site}.wikipedia.org')
    expect(baseURLOf({ source: 'wikipedia', site: 'de' })).toBe('https://de.wikipedia.org')
    expect(baseURLOf({ source: 'wikipedia', site: 'fr' }, { wikipedia: 'http://127.0.0.1:8080/wiki/{site}/' })).toBe('http://127.0.0.1:8080/wiki/fr')
    expect(baseURLOf({ source: 'tmdb' })).toBe('https://api.themoviedb.org')
  })

  it('never let a site or a source change the host beyond the template', () => {
    for (const site of ['evil.example/x', 'fr.evil', 'FR', '', 'fr#', 'a'.repeat(40)]) {
      expect(() => baseURLOf({ source: 'wikipedia', site })).toThrow(ProviderInputError)
    }
    expect(() => baseURLOf({ source: 'wikipedia' })).toThrow(/needs one/)
    expect(() => baseURLOf({ source: 'netflix' })).toThrow(/no base URL/)
    expect(() => baseURLOf({ source: 'toString' })).toThrow(/no base URL/)
  })

  it('build the URL of a request without its credentials', () => {
    const url = requestURL({ source: 'omdb', path: '/', query: { i: 'tt0137523', apikey: 'secret-key' } })
    expect(url).toBe('https://www.omdbapi.com/?i=tt0137523')
    expect(requestURL({ source: 'wikipedia', site: 'de', path: '/api/rest_v1/page/summary/Bergkristall_(Film)' })).toBe('https://de.wikipedia.org/api/rest_v1/page/summary/Bergkristall_(Film)')
  })

  it('key replay entries too: a French request is not answered by the English entry', async () => {
    const english = { request: { source: 'wikipedia', site: 'en', path: '/api/rest_v1/page/summary/Fight_Club' }, response: { status: 200, body: { title: 'Fight Club' } } }
    const replay = new JsonReplayProvider({ entries: [english] })
    await expect(replay.request(english.request)).resolves.toEqual({ title: 'Fight Club' })
    await expect(replay.request({ ...english.request, site: 'fr' })).rejects.toBeInstanceOf(ReplayMissError)
    const { site: _, ...siteless } = english.request
    await expect(replay.request(siteless)).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('are checked in replay entries', async () => {
    const bad = { request: { source: 'wikipedia', site: 'en.evil.example', path: '/x' }, response: { status: 200, body: {} } }
    await expect(new JsonReplayProvider({ entries: [bad] }).request({ source: 'wikipedia', site: 'en', path: '/x' })).rejects.toThrow(ReplayDatasetError)
  })
})
