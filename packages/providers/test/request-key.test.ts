import { describe, expect, it } from 'vitest'
import { requestKey } from '../src/data-provider.js'

describe('requestKey', () => {
  it('writes "<source> GET <path>?<query>" with parameters sorted', () => {
    expect(requestKey({ source: 'tmdb', path: '/3/search/movie', query: { query: 'Fight Club', page: 1, language: 'en-US' } })).toBe(
      'tmdb GET /3/search/movie?language=en-US&page=1&query=Fight%20Club',
    )
  })

  it('leaves out the query mark when there is no parameter', () => {
    expect(requestKey({ source: 'tmdb', path: '/3/configuration' })).toBe('tmdb GET /3/configuration')
    expect(requestKey({ source: 'tmdb', path: '/3/configuration', query: { language: undefined } })).toBe('tmdb GET /3/configuration')
  })

  it('drops undefined parameters and writes booleans and numbers as text', () => {
    expect(requestKey({ source: 'tmdb', path: '/3/discover/movie', query: { include_adult: false, page: 2, year: undefined } })).toBe(
      'tmdb GET /3/discover/movie?include_adult=false&page=2',
    )
  })

  it('never contains a credential, whatever its case', () => {
    const key = requestKey({
      source: 'omdb',
      path: '/',
      query: { i: 'tt0137523', apikey: 'k-1', api_key: 'k-2', ACCESS_TOKEN: 'k-3', token: 'k-4', Api_Key: 'k-5' },
    })
    expect(key).toBe('omdb GET /?i=tt0137523')
    expect(key).not.toMatch(/k-\d/)
  })

  it('sorts and deduplicates the sections of append_to_response, keeping them readable', () => {
    const a = requestKey({ source: 'tmdb', path: '/3/movie/550', query: { append_to_response: 'keywords, credits,watch/providers,credits' } })
    const b = requestKey({ source: 'tmdb', path: '/3/movie/550', query: { append_to_response: 'credits,keywords,watch/providers' } })
    expect(a).toBe(b)
    expect(a).toBe('tmdb GET /3/movie/550?append_to_response=credits,keywords,watch/providers')
  })

  it('drops an empty append_to_response', () => {
    expect(requestKey({ source: 'tmdb', path: '/3/movie/550', query: { append_to_response: '', language: 'en-US' } })).toBe(
      'tmdb GET /3/movie/550?language=en-US',
    )
  })

  it('tells sources and paths apart', () => {
    expect(requestKey({ source: 'tmdb', path: '/3/movie/550' })).not.toBe(requestKey({ source: 'omdb', path: '/3/movie/550' }))
    expect(requestKey({ source: 'tmdb', path: '/3/movie/550' })).not.toBe(requestKey({ source: 'tmdb', path: '/3/movie/551' }))
  })
})
