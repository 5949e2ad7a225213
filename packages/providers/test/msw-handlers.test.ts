import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import type { ReplayEntry } from '../src/index.js'
import { cinelayerHandlers, defineReplayHandler, handlersFromReplay, omdbHandlers, tmdbHandlers, wikipediaHandlers } from '../src/msw/index.js'
import { useMswServer } from './msw-live.js'
import { useTempDirs } from './temp-dir.js'

const bearer = { headers: { authorization: 'Bearer any-token' } }

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, init)
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers }
}

const written = (title: string): ReplayEntry => ({
  request: { source: 'tmdb', path: '/3/movie/603', query: { language: 'en-US' } },
  response: { status: 200, body: { id: 603, title, vote_average: 8.2, vote_count: 26000 } },
})

describe('@cinelayer/providers/msw on the shipped dataset', () => {
  const server = useMswServer(...cinelayerHandlers())

  it('answers the real URLs of every source', async () => {
    expect(await json('https://api.themoviedb.org/3/movie/550?language=en-US', bearer)).toMatchObject({ status: 200, body: { id: 550, title: 'Fight Club' } })
    // append_to_response narrower than what was recorded, parameters in any order, an api_key instead of a token
    const credits = await json('https://api.themoviedb.org/3/movie/550?append_to_response=credits&api_key=k&language=en-US')
    expect(credits.body).toHaveProperty('credits')
    expect(credits.body).not.toHaveProperty('keywords')
    expect((await json('https://www.wikidata.org/w/api.php?action=wbgetentities&ids=Q190050&props=sitelinks&format=json')).body).toMatchObject({ entities: { Q190050: { id: 'Q190050' } } })
    expect((await json('https://en.wikipedia.org/api/rest_v1/page/summary/Fight_Club')).body).toMatchObject({ title: 'Fight Club', lang: 'en' })
    expect((await json('https://de.wikipedia.org/api/rest_v1/page/summary/Bergkristall_(Film)')).body).toMatchObject({ lang: 'de' })
    expect((await json('https://www.omdbapi.com/?i=tt0137523&apikey=k')).body).toMatchObject({ imdbRating: '8.8', Response: 'True' })
  })

  it('answers 401 like the real APIs to a request without credentials', async () => {
    expect(await json('https://api.themoviedb.org/3/movie/550?language=en-US')).toMatchObject({ status: 401, body: { status_code: 7 } })
    expect(await json('https://www.omdbapi.com/?i=tt0137523')).toMatchObject({ status: 401, body: { Response: 'False', Error: 'No API key provided.' } })
    server.use(...omdbHandlers({ requireCredentials: false }))
    expect((await json('https://www.omdbapi.com/?i=tt0137523')).status).toBe(200)
  })

  it('answers a miss with a 404 naming the request key, or lets it fall through', async () => {
    const miss = await json('https://api.themoviedb.org/3/movie/603?language=en-US', bearer)
    expect(miss).toMatchObject({ status: 404, body: { status_message: 'cinelayer replay: no recorded response for "tmdb GET /3/movie/603?language=en-US"' } })
    expect(miss.headers.get('x-cinelayer-replay')).toBe('miss')
    server.use(...tmdbHandlers({ onMiss: 'fall-through' }), http.get('https://api.themoviedb.org/3/movie/603', () => HttpResponse.json({ id: 603, title: 'The Matrix' })))
    expect((await json('https://api.themoviedb.org/3/movie/603?language=en-US', bearer)).body).toMatchObject({ title: 'The Matrix' })
    expect((await json('https://api.themoviedb.org/3/movie/550?language=en-US', bearer)).body).toMatchObject({ title: 'Fight Club' })
  })

  it('adds one answer with defineReplayHandler, in front of the dataset', async () => {
    server.use(defineReplayHandler(written('The Matrix')))
    expect((await json('https://api.themoviedb.org/3/movie/603?language=en-US', bearer)).body).toMatchObject({ title: 'The Matrix' })
    // Anything else still reaches the shipped answers.
    expect((await json('https://api.themoviedb.org/3/movie/550?language=en-US', bearer)).body).toMatchObject({ title: 'Fight Club' })
    expect((await json('https://api.themoviedb.org/3/movie/603?language=fr-FR', bearer)).status).toBe(404)
  })

  it('answers at the base URLs the code under test uses (a proxy, a mirror)', async () => {
    server.use(...wikipediaHandlers({ baseURLs: { wikipedia: 'http://wiki.proxy.test/{site}', wikidata: 'http://wikidata.proxy.test' } }))
    expect((await json('http://wiki.proxy.test/en/api/rest_v1/page/summary/Fight_Club')).body).toMatchObject({ title: 'Fight Club' })
    expect((await json('http://wikidata.proxy.test/w/api.php?action=wbgetentities&ids=Q190050&props=sitelinks&format=json')).status).toBe(200)
  })
})

describe('handlersFromReplay', () => {
  const tempDir = useTempDirs()
  const server = useMswServer()

  it('answers from a folder of your own entries first, the shipped dataset after', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'tmdb'), { recursive: true })
    await writeFile(join(dir, 'tmdb', 'matrix.json'), JSON.stringify(written('The Matrix (recorded by me)')))
    server.use(...handlersFromReplay(dir), ...cinelayerHandlers())
    expect((await json('https://api.themoviedb.org/3/movie/603?language=en-US', bearer)).body).toMatchObject({ title: 'The Matrix (recorded by me)' })
    expect((await json('https://api.themoviedb.org/3/movie/550?language=en-US', bearer)).body).toMatchObject({ title: 'Fight Club' })
  })

  it('answers images with their bytes and content type', async () => {
    const dir = await tempDir()
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const entry: ReplayEntry = { request: { source: 'tmdb-image', path: '/t/p/w92/logo.png', responseType: 'arrayBuffer' }, response: { status: 200, body: null, bodyBase64: bytes.toString('base64') } }
    await writeFile(join(dir, 'logo.json'), JSON.stringify(entry))
    server.use(...handlersFromReplay(dir))
    const response = await fetch('https://image.tmdb.org/t/p/w92/logo.png')
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)
  })
})
