import { InvalidIdError } from '@cinelayer/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  ImdbProvider,
  JsonReplayProvider,
  OmdbRefusedError,
  ProviderHttpError,
  ProviderInputError,
  ProviderResponseError,
  ReplayMissError,
  createImdbEnricher,
  defaultReplayDir,
} from '../src/index.js'
import { omdbHandlers } from '../src/msw/index.js'
import { leakedSecrets, liveData, secrets, useMswServer } from './msw-live.js'
import { RequestLog } from './request-log.js'

const omdb = 'https://www.omdbapi.com/'

/** OMDb's answer for a title, in its real shape (stringparser/omdbapi-app's recorded mock), with the given figures. */
function omdbAnswer(imdbRating: string, imdbVotes: string, imdbID = 'tt3896198') {
  return { Title: 'Guardians of the Galaxy Vol. 2', Year: '2017', imdbRating, imdbVotes, imdbID, Type: 'movie', Response: 'True' }
}

function liveImdb(logs: string[] = []) {
  const log = new RequestLog(liveData(logs))
  return { log, imdb: new ImdbProvider({ data: log }) }
}

describe('ImdbProvider over OMDb, through MSW', () => {
  const server = useMswServer(...omdbHandlers())

  it('reads the rating and votes of the shipped Fight Club answer, the key sent but never keyed', async () => {
    let sentKey: string | null = null
    server.events.on('request:start', ({ request }) => {
      sentKey = new URL(request.url).searchParams.get('apikey')
    })
    const { imdb, log } = liveImdb()
    expect(await imdb.rating('tt0137523')).toEqual({ rating: 8.8, votes: 2_400_000 })
    expect(log.requests).toEqual([{ source: 'omdb', path: '/', query: { i: 'tt0137523' } }])
    expect(sentKey).toBe(secrets.omdbKey)
    server.events.removeAllListeners()
  })

  it.each([
    ['7.7', '397,820', { rating: 7.7, votes: 397_820 }],
    ['8.8', '2,345,678', { rating: 8.8, votes: 2_345_678 }],
    ['10', '12', { rating: 10, votes: 12 }],
    ['6.1', 'N/A', { rating: 6.1, votes: 0 }],
    ['N/A', 'N/A', null],
    ['N/A', '5', null],
  ])('reads imdbRating %j and imdbVotes %j', async (rating, votes, expected) => {
    server.use(http.get(omdb, () => HttpResponse.json(omdbAnswer(rating, votes))))
    expect(await liveImdb().imdb.rating('tt3896198')).toEqual(expected)
  })

  it('answers null for an id OMDb does not know', async () => {
    const { imdb } = liveImdb()
    server.use(http.get(omdb, () => HttpResponse.json({ Response: 'False', Error: 'Incorrect IMDb ID.' }), { once: true }))
    expect(await imdb.rating('tt0000000')).toBeNull()
    server.use(http.get(omdb, () => HttpResponse.json({ Response: 'False', Error: 'Movie not found!' }), { once: true }))
    expect(await imdb.rating('tt9999999')).toBeNull()
  })

  it('turns a refusal into an OmdbRefusedError naming the request, never the key', async () => {
    server.use(http.get(omdb, () => HttpResponse.json({ Response: 'False', Error: 'Request limit reached!' })))
    const logs: string[] = []
    const error = await liveImdb(logs).imdb.rating('tt0137523').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OmdbRefusedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_OMDB_REFUSED', key: 'omdb GET /?i=tt0137523' })
    expect((error as Error).message).toContain('Request limit reached!')
    expect(leakedSecrets(error, ...logs)).toEqual([])
  })

  it('turns a 401 for a wrong key into a ProviderHttpError without the key', async () => {
    server.use(http.get(omdb, () => HttpResponse.json({ Response: 'False', Error: 'Invalid API key!' }, { status: 401 })))
    const logs: string[] = []
    const error = await liveImdb(logs).imdb.rating('tt0137523').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect(error).toMatchObject({ status: 401 })
    expect(leakedSecrets(error, ...logs)).toEqual([])
  })

  it.each([
    ['a rating that is no number', () => HttpResponse.json(omdbAnswer('eight', '1,000', 'tt0137523')), /imdbRating: "eight" is not a rating/],
    ['a rating above 10', () => HttpResponse.json(omdbAnswer('11.5', '1,000', 'tt0137523')), /imdbRating: "11.5"/],
    ['votes that are no count', () => HttpResponse.json(omdbAnswer('7.0', '1.000.000', 'tt0137523')), /imdbVotes: "1.000.000" is not a votes/],
    ['an answer without imdbRating', () => HttpResponse.json({ Title: 'Fight Club', Response: 'True' }), /imdbRating: expected string/],
    ['malformed JSON', () => HttpResponse.text('{"imdbRating":"8.8",,}', { headers: { 'content-type': 'application/json' } }), /not valid JSON/],
    ['a truncated body', () => HttpResponse.text('{"Title":"Fight Club","imdbRating":"8.', { headers: { 'content-type': 'application/json' } }), /not valid JSON/],
  ])('turns %s into a ProviderResponseError naming the request key', async (_, answer, reason) => {
    server.use(http.get(omdb, answer))
    const error = await liveImdb().imdb.rating('tt0137523').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect((error as Error).message).toContain('omdb GET /?i=tt0137523')
    expect((error as Error).message).toMatch(reason)
  })

  it('turns a 500 into a ProviderHttpError', async () => {
    server.use(http.get(omdb, () => new HttpResponse('upstream failure', { status: 500 })))
    await expect(liveImdb().imdb.rating('tt0137523')).rejects.toMatchObject({ code: 'CINELAYER_ERR_PROVIDER_HTTP', status: 500 })
  })

  it('refuses a malformed id before asking anything', async () => {
    const { imdb, log } = liveImdb()
    for (const bad of ['0137523', 'nm0000093', 'tt13', 'tt0137523&apikey=x']) await expect(imdb.rating(bad)).rejects.toBeInstanceOf(InvalidIdError)
    expect(log.requests).toEqual([])
  })
})

describe('ImdbProvider on replay data', () => {
  it('answers the shipped ratings and misses the rest', async () => {
    const imdb = new ImdbProvider({ data: new JsonReplayProvider({ dir: defaultReplayDir }) })
    expect(await imdb.rating('tt0409732')).toEqual({ rating: 6, votes: 310 })
    await expect(imdb.rating('tt1411250')).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('needs a data provider or a dataset', () => {
    expect(() => new ImdbProvider({})).toThrow(ProviderInputError)
  })
})

describe('createImdbEnricher', () => {
  const movie = (ids: Record<string, unknown>) => ({ schemaVersion: 1, id: 'tmdb:550', ids, level: 'medium', facets: {}, locks: [], errors: [], createdAt: '', updatedAt: '' })

  it('declares imdbRating, needing external ids, and costs one OMDb call', async () => {
    const data = new JsonReplayProvider({ dir: defaultReplayDir })
    const enricher = createImdbEnricher(new ImdbProvider({ data }))
    expect(enricher).toMatchObject({ name: 'imdb', provider: 'imdb', provides: ['imdbRating'], needs: ['externalIds'] })
    expect(await enricher.enrich({ movie: movie({ tmdb: 550, imdb: 'tt0137523' }), facets: ['imdbRating'], languages: ['en-US'] })).toEqual({
      patch: { imdbRating: { rating: 8.8, votes: 2_400_000 } },
      calls: 1,
    })
    expect(data.counters).toEqual({ omdb: 1 })
  })

  it('fills nothing, asking nothing, for a movie without an IMDb id', async () => {
    const data = new JsonReplayProvider({ dir: defaultReplayDir })
    const output = await createImdbEnricher(new ImdbProvider({ data })).enrich({ movie: movie({ tmdb: 550 }), facets: ['imdbRating'], languages: ['en-US'] })
    expect(output).toEqual({ patch: {}, calls: 0 })
    expect(data.counters).toEqual({})
  })
})
