import { InvalidIdError } from '@cinelayer/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  JsonReplayProvider,
  ProviderHttpError,
  ProviderInputError,
  ProviderResponseError,
  ReplayDatasetError,
  type ReplayEntry,
  ReplayMissError,
  TmdbProvider,
  defaultReplayDir,
} from '../src/index.js'
import { tmdbHandlers } from '../src/msw/index.js'
import { datasetEntry } from './dataset.js'
import { leakedSecrets, liveData, useMswServer } from './msw-live.js'
import { RequestLog } from './request-log.js'

function shippedTmdb() {
  const log = new RequestLog(new JsonReplayProvider({ dir: defaultReplayDir }))
  return { log, tmdb: new TmdbProvider({ data: log }) }
}

const poster = '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg'
// A real JPEG starts with FF D8 FF; the rest only has to come back byte for byte.
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])

async function imageEntries(): Promise<ReplayEntry[]> {
  const configuration = await datasetEntry('tmdb/configuration.json')
  const image: ReplayEntry = {
    request: { source: 'tmdb-image', path: `/t/p/w500${poster}`, responseType: 'arrayBuffer' },
    response: { status: 200, body: null, bodyBase64: Buffer.from(jpeg).toString('base64') },
  }
  return [configuration, image]
}

describe('TmdbProvider: find, changes, trending, discover (shipped dataset)', () => {
  it('finds a movie by its IMDb id with /3/find and external_source=imdb_id', async () => {
    const { tmdb, log } = shippedTmdb()
    const found = await tmdb.find('tt0137523')
    expect(log.requests).toEqual([{ source: 'tmdb', path: '/3/find/tt0137523', query: { external_source: 'imdb_id', language: 'en-US' } }])
    expect(found.movie_results.map((movie) => [movie.id, movie.title])).toEqual([[550, 'Fight Club']])
    await expect(tmdb.find('nm0000093')).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('refuses an id that is not an IMDb id before asking anything', async () => {
    const { tmdb, log } = shippedTmdb()
    for (const bad of ['0137523', 'tt123', 'tt0137523/../../3/movie', 'Q190050']) await expect(tmdb.find(bad)).rejects.toBeInstanceOf(InvalidIdError)
    expect(log.requests).toEqual([])
  })

  it('lists changed movies, with the window sent as start_date and end_date', async () => {
    const { tmdb, log } = shippedTmdb()
    const page = await tmdb.changes()
    expect(log.requests[0]).toEqual({ source: 'tmdb', path: '/3/movie/changes', query: { start_date: undefined, end_date: undefined, page: 1 } })
    expect(page.results).toHaveLength(100)
    expect(page.total_results).toBe(6140)
    await expect(tmdb.changes({ startDate: new Date('2026-11-14T23:00:00Z'), endDate: '2026-11-21' })).rejects.toThrow(/start_date=2026-11-14/)
  })

  it('refuses a changes window TMDB would refuse', async () => {
    const { tmdb, log } = shippedTmdb()
    await expect(tmdb.changes({ startDate: '2026-11-01', endDate: '2026-11-20' })).rejects.toThrow(/at most 14 days/)
    await expect(tmdb.changes({ startDate: '2026-11-20', endDate: '2026-11-19' })).rejects.toThrow(/ends before it starts/)
    await expect(tmdb.changes({ startDate: '2026-13-01' })).rejects.toBeInstanceOf(ProviderInputError)
    await expect(tmdb.changes({ endDate: new Date(Number.NaN) })).rejects.toBeInstanceOf(ProviderInputError)
    await expect(tmdb.changes({ page: 501 })).rejects.toBeInstanceOf(ProviderInputError)
    expect(log.requests).toEqual([])
  })

  it('asks for trending by day or week and discover with its filters', async () => {
    const day = (await datasetEntry('tmdb/trending/movie-week.json')).response.body
    const log = new RequestLog(
      new JsonReplayProvider({
        entries: [
          { request: { source: 'tmdb', path: '/3/trending/movie/day', query: { language: 'en-US', page: 2 } }, response: { status: 200, body: day } },
          { request: { source: 'tmdb', path: '/3/discover/movie', query: { language: 'en-US', page: 1, sort_by: 'popularity.desc', with_genres: 18 } }, response: { status: 200, body: day } },
        ],
      }),
    )
    const tmdb = new TmdbProvider({ data: log })
    expect((await tmdb.trending('day', { page: 2 })).results.length).toBeGreaterThan(0)
    expect((await tmdb.discover({ with_genres: 18, sort_by: 'popularity.desc' })).results.length).toBeGreaterThan(0)
    expect(log.requests.map((request) => request.path)).toEqual(['/3/trending/movie/day', '/3/discover/movie'])
  })
})

describe('TmdbProvider: configuration and images', () => {
  it('asks for the configuration once and builds image URLs from it', async () => {
    const { tmdb, log } = shippedTmdb()
    expect(await tmdb.imageUrl(poster, 'w500')).toBe(`https://image.tmdb.org/t/p/w500${poster}`)
    expect(await tmdb.imageUrl(poster)).toBe(`https://image.tmdb.org/t/p/original${poster}`)
    await tmdb.configuration()
    expect(log.requests.map((request) => request.path)).toEqual(['/3/configuration'])
  })

  it('refuses sizes TMDB does not serve and paths that leave the image folder', async () => {
    const { tmdb } = shippedTmdb()
    await expect(tmdb.imageUrl(poster, 'w501')).rejects.toThrow(/w92, w154/)
    for (const path of ['/../3/movie/550.jpg', 'pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg', '/a/b.jpg', '/x.exe']) {
      await expect(tmdb.imageUrl(path, 'w500')).rejects.toBeInstanceOf(ProviderInputError)
    }
  })

  it('downloads an image as bytes through the data provider, replayed from base64', async () => {
    const log = new RequestLog(new JsonReplayProvider({ entries: await imageEntries() }))
    const tmdb = new TmdbProvider({ data: log })
    expect(await tmdb.downloadImage(poster, 'w500')).toEqual(jpeg)
    expect(log.requests.at(-1)).toEqual({ source: 'tmdb-image', path: `/t/p/w500${poster}`, responseType: 'arrayBuffer' })
    await expect(tmdb.downloadImage(poster, 'w342')).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('names the entry when a binary request is answered by an entry without bytes', async () => {
    const [configuration, image] = await imageEntries()
    const tmdb = new TmdbProvider({ data: new JsonReplayProvider({ entries: [configuration!, { ...image!, response: { status: 200, body: {} } }] }) })
    await expect(tmdb.downloadImage(poster, 'w500')).rejects.toThrow(ReplayDatasetError)
    await expect(tmdb.downloadImage(poster, 'w500')).rejects.toThrow(/entries\[1\].*bodyBase64/)
  })
})

describe('TmdbProvider over HTTP, through MSW', () => {
  const server = useMswServer(...tmdbHandlers())

  it('downloads image bytes from image.tmdb.org', async () => {
    server.use(...tmdbHandlers({ entries: await imageEntries() }))
    const tmdb = new TmdbProvider({ data: liveData() })
    expect(await tmdb.downloadImage(poster, 'w500')).toEqual(jpeg)
  })

  it('answers find and the 1999 search from the recorded answers at the real URLs', async () => {
    const data = liveData()
    const tmdb = new TmdbProvider({ data })
    expect((await tmdb.find('tt0137523')).movie_results[0]?.id).toBe(550)
    expect((await tmdb.searchMovies('Fight Club', { year: 1999 })).results.map((movie) => movie.id)).toEqual([550])
    expect(data.counters).toEqual({ tmdb: 2 })
  })

  it.each([
    ['malformed JSON', () => HttpResponse.text('{"movie_results": [{"id": 550,, }', { headers: { 'content-type': 'application/json' } }), /not valid JSON/],
    ['a truncated body', () => HttpResponse.text('{"movie_results":[{"id":550,"title":"Fight Cl', { headers: { 'content-type': 'application/json' } }), /not valid JSON/],
    ['a body of the wrong shape', () => HttpResponse.json({ movie_results: [{ id: '550', title: 'Fight Club' }] }), /movie_results\.0\.id: expected number/],
  ])('turns %s into a ProviderResponseError naming the request, never the token', async (_, answer, reason) => {
    server.use(http.get('https://api.themoviedb.org/3/find/:id', answer))
    const logs: string[] = []
    const error = await new TmdbProvider({ data: liveData(logs) }).find('tt0137523').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect((error as ProviderResponseError).key).toBe('tmdb GET /3/find/tt0137523?external_source=imdb_id&language=en-US')
    expect((error as Error).message).toMatch(reason)
    expect(leakedSecrets(error, ...logs)).toEqual([])
  })

  it('turns a 500 into a ProviderHttpError with the status', async () => {
    server.use(http.get('https://api.themoviedb.org/3/movie/changes', () => HttpResponse.json({ status_code: 11, status_message: 'Internal error' }, { status: 500 })))
    const error = await new TmdbProvider({ data: liveData() }).changes().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect(error).toMatchObject({ status: 500, key: 'tmdb GET /3/movie/changes?page=1' })
  })
})
