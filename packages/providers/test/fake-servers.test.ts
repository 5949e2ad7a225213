import { afterEach, describe, expect, it } from 'vitest'
import { HttpDataProvider, TmdbProvider, WikipediaProvider } from '../src/index.js'
import { normalizeMovie } from '../src/tmdb-normalizers.js'
import {
  type FakeServer,
  createFakeTimers,
  fakeArticleTitle,
  fakeMovie,
  fakePersonName,
  startFakeOmdbServer,
  startFakeTmdbServer,
  startFakeWikipediaServer,
} from '../src/testing/index.js'

const servers: FakeServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function started<T extends FakeServer>(server: Promise<T>): Promise<T> {
  const running = await server
  servers.push(running)
  return running
}

async function get(url: string, init?: RequestInit) {
  const response = await fetch(url, init)
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> }
}

function unlimited(tmdbURL: string) {
  return new HttpDataProvider({ tmdb: { baseURL: tmdbURL, requestsPerSecond: Number.POSITIVE_INFINITY } })
}

describe('startFakeTmdbServer', () => {
  it('answers every endpoint for any id in the shape TmdbProvider validates', async () => {
    const server = await started(startFakeTmdbServer())
    const tmdb = new TmdbProvider({ data: unlimited(server.url) })
    const movie = await tmdb.movie(424242, { append: ['credits', 'external_ids', 'images', 'keywords', 'release_dates', 'videos', 'translations'] })
    const normalized = normalizeMovie(movie, ['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords'])
    expect(normalized.patch).toMatchObject({ title: fakeMovie(424242).title, year: fakeMovie(424242).year, ids: { imdb: 'tt0424242', wikidata: 'Q5424242' } })
    expect(normalized.people.map((person) => person.name)).toContain(fakePersonName(movie.credits!.cast[0]!.id))
    await tmdb.person(17)
    await tmdb.searchMovies('Night Train', { year: 1988 })
    await tmdb.trending('day')
    await tmdb.discover({ sort_by: 'popularity.desc' })
    await tmdb.configuration()
    const found = await tmdb.find('tt0424242')
    expect(found.movie_results[0]).toMatchObject({ id: 424242 })
    const changes = await tmdb.changes({ startDate: '2026-11-01', endDate: '2026-11-02' })
    expect(changes.results).toHaveLength(100)
    expect(server.counters).toEqual({ movie: 1, person: 1, search: 1, trending: 1, discover: 1, configuration: 1, find: 1, changes: 1 })
  })

  it('is deterministic per seed, and answers the sections one by one as a naive client asks', async () => {
    const first = await started(startFakeTmdbServer({ seed: 7 }))
    const second = await started(startFakeTmdbServer({ seed: 7 }))
    const other = await started(startFakeTmdbServer({ seed: 8 }))
    const path = '/3/movie/77?append_to_response=credits,images'
    const [a, b, c] = await Promise.all([first, second, other].map((server) => get(`${server.url}${path}`)))
    expect(a!.body).toEqual(b!.body)
    expect(a!.body).not.toEqual(c!.body)
    const credits = await get(`${first.url}/3/movie/77/credits`)
    expect(credits.body).toEqual({ id: 77, ...(a!.body.credits as object) })
    expect(first.counters).toEqual({ movie: 1, 'movie/credits': 1 })
  })

  it('leaves an empty overview in a language without translation, as TMDB does', async () => {
    const server = await started(startFakeTmdbServer())
    const french = await get(`${server.url}/3/movie/5?language=fr-FR`)
    expect(french.body).toMatchObject({ overview: '', tagline: '' })
    expect(String(french.body.title)).toContain(fakeMovie(5).title)
  })

  it('enforces its rate limit with 429 and Retry-After in whole seconds, on injected time', async () => {
    const timers = createFakeTimers()
    const server = await started(startFakeTmdbServer({ timers, rateLimit: { requestsPerSecond: 2, burst: 2 } }))
    const statuses = []
    for (let index = 0; index < 3; index += 1) statuses.push(await get(`${server.url}/3/movie/1`))
    expect(statuses.map((answer) => answer.status)).toEqual([200, 200, 429])
    expect(statuses[2]!.headers.get('retry-after')).toBe('1')
    expect(statuses[2]!.body).toMatchObject({ status_code: 25 })
    await timers.advance(500)
    expect((await get(`${server.url}/3/movie/1`)).status).toBe(200)
    expect(server.throttled).toBe(1)
    expect(server.counters.movie).toBe(4)
  })

  it('injects faults on matching paths only, and can be reset', async () => {
    const server = await started(startFakeTmdbServer({ faults: { failFirst: 1, failStatus: 503, match: /\/3\/person\// } }))
    expect((await get(`${server.url}/3/movie/1`)).status).toBe(200)
    expect((await get(`${server.url}/3/person/1`)).status).toBe(503)
    expect((await get(`${server.url}/3/person/1`)).status).toBe(200)
    server.setFaults({ malformedFirst: 1 })
    await expect(fetch(`${server.url}/3/movie/1`).then((response) => response.json())).rejects.toThrow(SyntaxError)
    expect((await get(`${server.url}/3/movie/bogus`)).status).toBe(404)
    server.resetCounters()
    expect(server.total).toBe(0)
  })

  it('insists on credentials when told to', async () => {
    const server = await started(startFakeTmdbServer({ auth: { token: 'right-token' } }))
    expect((await get(`${server.url}/3/movie/1`)).status).toBe(401)
    expect((await get(`${server.url}/3/movie/1`, { headers: { authorization: 'Bearer right-token' } })).status).toBe(200)
  })
})

describe('startFakeWikipediaServer and startFakeOmdbServer', () => {
  it('follow a fake movie from its Wikidata item to a summary that names the item back', async () => {
    const wiki = await started(startFakeWikipediaServer({ languages: ['en'] }))
    const data = new HttpDataProvider({ wikipedia: { baseURL: wiki.wikipediaBaseURL }, wikidata: { baseURL: wiki.wikidataBaseURL } })
    const wikipedia = new WikipediaProvider({ data })
    const movie = fakeMovie(550)
    expect(await wikipedia.sitelinks(movie.wikidataId)).toEqual({ en: fakeArticleTitle(movie, 'en') })
    expect(await wikipedia.sitelinks('Q42')).toBeNull()
    const summary = await get(`${wiki.url}/en/api/rest_v1/page/summary/${encodeURIComponent(fakeArticleTitle(movie, 'en').replace(/ /g, '_'))}`)
    expect(summary.body).toMatchObject({ title: fakeArticleTitle(movie, 'en'), lang: 'en', wikibase_item: movie.wikidataId, content_urls: { desktop: { page: expect.stringContaining('en.wikipedia.org/wiki/') } } })
    expect(await wikipedia.search('en', 'Night Train')).toEqual(['Night Train (film)', 'Night Train (novel)', 'Night Train'])
    expect(wiki.counters).toEqual({ wbgetentities: 2, summary: 1, search: 1 })
  })

  it('answers OMDb ratings in OMDb’s shape, N/A included', async () => {
    const omdb = await started(startFakeOmdbServer())
    const unrated = Array.from({ length: 200 }, (_, index) => index + 1).find((id) => !fakeMovie(id).rated)!
    const rated = await get(`${omdb.url}/?i=tt0000550`)
    expect(rated.body).toMatchObject({ Response: 'True', imdbID: 'tt0000550', imdbRating: fakeMovie(550).rating.toFixed(1), imdbVotes: fakeMovie(550).votes.toLocaleString('en-US') })
    expect((await get(`${omdb.url}/?i=tt${String(unrated).padStart(7, '0')}`)).body).toMatchObject({ imdbRating: 'N/A', imdbVotes: 'N/A' })
    expect((await get(`${omdb.url}/?i=nonsense`)).body).toEqual({ Response: 'False', Error: 'Incorrect IMDb ID.' })
    expect(omdb.counters).toEqual({ title: 3 })
  })
})
