import { InvalidIdError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import {
  JsonReplayProvider,
  ProviderInputError,
  ProviderResponseError,
  type ReplayEntry,
  ReplayMissError,
  RequestAbortedError,
  TmdbProvider,
  defaultReplayDir,
} from '../src/index.js'
import { datasetBody } from './dataset.js'
import { RequestLog } from './request-log.js'

function shippedTmdb(language?: string) {
  const log = new RequestLog(new JsonReplayProvider({ dir: defaultReplayDir }))
  return { log, tmdb: new TmdbProvider({ data: log, ...(language ? { language } : {}) }) }
}

function tmdbAnswering(entries: ReplayEntry[]) {
  return new TmdbProvider({ data: new JsonReplayProvider({ entries }) })
}

describe('TmdbProvider requests', () => {
  it('asks for a movie in its language, with the sections to append', async () => {
    const { tmdb, log } = shippedTmdb()
    const movie = await tmdb.movie(550, { append: ['credits', 'images'] })
    expect(log.requests).toEqual([{ source: 'tmdb', path: '/3/movie/550', query: { language: 'en-US', append_to_response: 'credits,images' } }])
    expect(movie).toMatchObject({ id: 550, title: 'Fight Club', credits: expect.any(Object), images: expect.any(Object) })
    expect(movie).not.toHaveProperty('keywords')
  })

  it('asks for a person with movie credits and external ids by default', async () => {
    const { tmdb, log } = shippedTmdb()
    const person = await tmdb.person(287)
    expect(log.requests[0]?.query).toEqual({ language: 'en-US', append_to_response: 'movie_credits,external_ids' })
    expect(person.movie_credits?.cast[0]?.title).toBe('Fight Club')
  })

  it('asks in another language when told, which the English dataset does not hold', async () => {
    const { tmdb } = shippedTmdb('fr-FR')
    await expect(tmdb.movie(9443)).rejects.toThrow(/language=fr-FR/)
  })

  it('serves only what was recorded for a details-only movie', async () => {
    const { tmdb } = shippedTmdb()
    await expect(tmdb.movie(9443)).resolves.toMatchObject({ title: 'Chariots of Fire' })
    await expect(tmdb.movie(9443, { append: ['credits'] })).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('searches movies, sending the year as primary_release_year', async () => {
    const { tmdb, log } = shippedTmdb()
    const all = await tmdb.searchMovies('  Fight Club ')
    expect(log.requests[0]?.query).toEqual({ language: 'en-US', page: 1, query: 'Fight Club', primary_release_year: undefined })
    expect(all.results).toHaveLength(20)
    const of1999 = await tmdb.searchMovies('Fight Club', { year: 1999 })
    expect(log.requests[1]?.query).toEqual({ language: 'en-US', page: 1, query: 'Fight Club', primary_release_year: 1999 })
    expect(of1999.results.map((movie) => movie.id)).toEqual([550])
    await expect(tmdb.searchMovies('Fight Club', { year: 2014 })).rejects.toThrow(/primary_release_year=2014/)
    await expect(tmdb.searchMovies('Fight Club', { year: 99 })).rejects.toBeInstanceOf(ProviderInputError)
    expect((await tmdb.searchMovies('Disney')).results[0]?.title).toBe('Andor: A Disney+ Day Special Look')
  })

  it('lists trending and discovered movies, and the configuration', async () => {
    const { tmdb, log } = shippedTmdb()
    expect((await tmdb.trending()).results[0]).toMatchObject({ id: 934433, title: 'Scream VI' })
    expect((await tmdb.discover()).results).toHaveLength(20)
    expect((await tmdb.configuration()).images.secure_base_url).toBe('https://image.tmdb.org/t/p/')
    expect(log.requests.map((request) => request.path)).toEqual(['/3/trending/movie/week', '/3/discover/movie', '/3/configuration'])
    await expect(tmdb.trending('day')).rejects.toBeInstanceOf(ReplayMissError)
    await expect(tmdb.discover({ sort_by: 'vote_average.desc' })).rejects.toThrow(/sort_by=vote_average.desc/)
  })

  it('refuses bad arguments before asking anything', async () => {
    const { tmdb, log } = shippedTmdb()
    await expect(tmdb.movie(0)).rejects.toBeInstanceOf(InvalidIdError)
    await expect(tmdb.person(1.5)).rejects.toBeInstanceOf(InvalidIdError)
    await expect(tmdb.searchMovies('   ')).rejects.toBeInstanceOf(ProviderInputError)
    await expect(tmdb.searchMovies('Fight Club', { page: 0 })).rejects.toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_INPUT_INVALID' })
    await expect(tmdb.trending('month' as 'day')).rejects.toBeInstanceOf(ProviderInputError)
    expect(log.requests).toEqual([])
  })

  it('passes the abort signal on', async () => {
    const { tmdb } = shippedTmdb()
    const controller = new AbortController()
    controller.abort()
    await expect(tmdb.movie(550, { signal: controller.signal })).rejects.toBeInstanceOf(RequestAbortedError)
  })
})

describe('TmdbProvider validation at the boundary', () => {
  it('turns a malformed movie into a ProviderResponseError naming the request key and the field', async () => {
    const chariots = await datasetBody('tmdb/movie/9443.json')
    const tmdb = tmdbAnswering([{ request: { source: 'tmdb', path: '/3/movie/9443', query: { language: 'en-US' } }, response: { status: 200, body: { ...chariots, id: '9443' } } }])
    const error = (await tmdb.movie(9443).catch((caught: unknown) => caught)) as ProviderResponseError
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect(error.code).toBe('CINELAYER_ERR_PROVIDER_RESPONSE_INVALID')
    expect(error.key).toBe('tmdb GET /3/movie/9443?language=en-US')
    expect(error.message).toContain('tmdb GET /3/movie/9443?language=en-US')
    expect(error.message).toContain('id: expected number')
    expect(error.cause).toBeInstanceOf(ZodError)
  })

  it('refuses a credit without a name', async () => {
    const fightClub = await datasetBody<{ credits: { cast: Array<Record<string, unknown>> } }>('tmdb/movie/550.json')
    fightClub.credits.cast[3] = { ...fightClub.credits.cast[3], name: null }
    const tmdb = tmdbAnswering([
      { request: { source: 'tmdb', path: '/3/movie/550', query: { language: 'en-US', append_to_response: 'credits' } }, response: { status: 200, body: fightClub } },
    ])
    await expect(tmdb.movie(550, { append: ['credits'] })).rejects.toThrow(/credits\.cast\.3\.name/)
  })

  it('refuses an answer missing a section it was asked to append', async () => {
    const chariots = await datasetBody('tmdb/movie/9443.json')
    const tmdb = tmdbAnswering([
      { request: { source: 'tmdb', path: '/3/movie/9443', query: { language: 'en-US', append_to_response: 'credits' } }, response: { status: 200, body: chariots } },
    ])
    await expect(tmdb.movie(9443, { append: ['credits'] })).rejects.toThrow(ProviderResponseError)
  })

  it('keeps fields it does not read', async () => {
    const { tmdb } = shippedTmdb()
    const movie = await tmdb.movie(550)
    expect(movie.budget).toBe(63000000)
    expect(movie.production_companies).toEqual(expect.any(Array))
  })

  it('refuses a list whose results lack a title', async () => {
    const page = await datasetBody<{ results: Array<Record<string, unknown>> }>('tmdb/trending/movie-week.json')
    delete page.results[0]!.title
    const tmdb = tmdbAnswering([{ request: { source: 'tmdb', path: '/3/trending/movie/week', query: { language: 'en-US', page: 1 } }, response: { status: 200, body: page } }])
    await expect(tmdb.trending()).rejects.toThrow(/results\.0\.title/)
  })
})
