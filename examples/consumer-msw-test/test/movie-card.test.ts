import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cinelayerHandlers } from '@cinelayer/providers/msw'
import { type MovieEngine, createMovieEngine } from 'cinelayer'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { showMovieCard } from '../src/movie-card.js'

// The real TMDB, Wikipedia, Wikidata and OMDb URLs, answered from the dataset shipped with
// cinelayer. Anything else fails the test instead of reaching the network.
const server = setupServer(...cinelayerHandlers())
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

describe('the movie card, against the APIs mocked by @cinelayer/providers/msw', () => {
  let dataDir: string
  let engine: MovieEngine
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'consumer-msw-test-'))
    // Live data as in production; one attempt per request, so a failing API fails at once.
    engine = createMovieEngine({ dataDir, data: 'http', tmdb: { token: 'test-token' }, imdb: { apiKey: 'test-key' }, http: { retry: { attempts: 1 } }, trace: false })
  })
  afterEach(async () => {
    await engine.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('shows everything about Fight Club, in one TMDB, two Wikipedia and one OMDb request', async () => {
    const card = await showMovieCard(engine, 'tmdb:550')
    expect(card).toEqual({
      heading: 'Fight Club (1999)',
      lines: [
        'Mischief. Mayhem. Soap.',
        '139 min',
        'Directed by David Fincher',
        'IMDb 8.8/10 (2,400,000 votes)',
        'Wikipedia: Fight Club is a 1999 American film directed by David Fincher, written by Jim Uhls from Chuck Palahniuk\'s 1996 novel of the same name.',
      ],
      missing: [],
    })
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1, wikidata: 1, wikipedia: 1, omdb: 1 })
  })

  it('still shows the card when OMDb is down', async () => {
    await engine.movies.get('tmdb:550', { level: 'medium' })
    server.use(http.get('https://www.omdbapi.com/', () => HttpResponse.json({ Response: 'False', Error: 'Service unavailable' }, { status: 503 })))
    const card = await showMovieCard(engine, 'tmdb:550')
    expect(card?.heading).toBe('Fight Club (1999)')
    expect(card?.lines).toContain('Directed by David Fincher')
    expect(card?.lines.some((line) => line.startsWith('IMDb'))).toBe(false)
    expect(card?.missing).toEqual(['some details are not available right now'])
  })

  it('shows no card for a movie nobody recorded (TMDB answers 404)', async () => {
    expect(await showMovieCard(engine, 'tmdb:603')).toBeNull()
  })

  it('reads the card of a movie added with our own answer', async () => {
    server.use(
      http.get('https://api.themoviedb.org/3/movie/603', () =>
        HttpResponse.json({ id: 603, title: 'The Matrix', release_date: '1999-03-30', tagline: 'Welcome to the Real World.', runtime: 136, vote_average: 8.2, vote_count: 26000 }),
      ),
    )
    const engineWithoutDeep = createMovieEngine({ dataDir: join(dataDir, 'second'), data: 'http', tmdb: { token: 'test-token' }, http: { retry: { attempts: 1 } }, defaultLevel: 'basic' })
    const movie = await engineWithoutDeep.movies.get('tmdb:603')
    expect(movie).toMatchObject({ title: 'The Matrix', year: 1999, tagline: 'Welcome to the Real World.' })
    await engineWithoutDeep.close()
  })
})
