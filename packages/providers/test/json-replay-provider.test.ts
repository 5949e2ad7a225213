import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, ProviderHttpError, ReplayDatasetError, type ReplayEntry, ReplayMissError, defaultReplayDir } from '../src/index.js'
import { datasetEntry } from './dataset.js'
import { useTempDirs } from './temp-dir.js'

const tempDir = useTempDirs()

type Body = Record<string, unknown>

function movieRequest(id: number, append?: string, language = 'en-US') {
  return { source: 'tmdb', path: `/3/movie/${id}`, query: { language, append_to_response: append } }
}

async function writeEntry(dir: string, file: string, content: unknown): Promise<string> {
  const path = join(dir, file)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

describe('JsonReplayProvider: matching', () => {
  const replay = () => new JsonReplayProvider({ dir: defaultReplayDir })

  it('answers an exact key with the whole recorded body', async () => {
    const entry = await datasetEntry('tmdb/movie/550.json')
    const body = await replay().request<Body>(movieRequest(550, 'credits,external_ids,images,keywords,translations'))
    expect(body).toEqual(entry.response.body)
  })

  it('answers a narrower append_to_response from a wider entry, without the sections not asked for', async () => {
    const body = await replay().request<Body>(movieRequest(550, 'keywords,credits'))
    expect(body.title).toBe('Fight Club')
    expect(body.credits).toMatchObject({ cast: expect.any(Array), crew: expect.any(Array) })
    expect(body.keywords).toMatchObject({ keywords: expect.any(Array) })
    expect(body).not.toHaveProperty('images')
    expect(body).not.toHaveProperty('external_ids')
  })

  it('answers a request without append from an append entry, with every section removed', async () => {
    const body = await replay().request<Body>(movieRequest(12313))
    expect(body.title).toBe('Rock Crystal')
    for (const section of ['credits', 'images', 'keywords', 'external_ids', 'videos', 'watch/providers', 'account_states']) {
      expect(body).not.toHaveProperty([section])
    }
    expect(body.belongs_to_collection).toMatchObject({ id: expect.any(Number) })
  })

  it('prefers the exact entry, then the narrowest wider one', async () => {
    const base = { source: 'tmdb', path: '/3/movie/1' }
    const entry = (append: string, marker: string): ReplayEntry => ({
      request: { ...base, query: { append_to_response: append } },
      response: { status: 200, body: { id: 1, marker, ...Object.fromEntries(append.split(',').map((section) => [section, {}])) } },
    })
    const provider = new JsonReplayProvider({ entries: [entry('credits,images,videos', 'widest'), entry('credits,images', 'narrow'), entry('credits', 'exact')] })
    await expect(provider.request({ ...base, query: { append_to_response: 'credits' } })).resolves.toEqual({ id: 1, marker: 'exact', credits: {} })
    await expect(provider.request({ ...base, query: { append_to_response: 'images' } })).resolves.toEqual({ id: 1, marker: 'narrow', images: {} })
    await expect(provider.request({ ...base, query: { append_to_response: 'videos' } })).resolves.toEqual({ id: 1, marker: 'widest', videos: {} })
  })

  it('misses when a section was never recorded, naming the request key', async () => {
    const error = await replay()
      .request(movieRequest(550, 'credits,videos'))
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ReplayMissError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_REPLAY_MISS', key: 'tmdb GET /3/movie/550?append_to_response=credits,videos&language=en-US' })
    expect((error as Error).message).toContain('tmdb GET /3/movie/550?append_to_response=credits,videos&language=en-US')
  })

  it('lists the recorded movies, with their recorded sections, in a miss', async () => {
    const error = (await replay()
      .request(movieRequest(603))
      .catch((caught: unknown) => caught)) as ReplayMissError
    expect(error).toBeInstanceOf(ReplayMissError)
    expect(error.recordedMovies.map((movie) => movie.id)).toEqual(expect.arrayContaining(['tmdb:550', 'tmdb:9443', 'tmdb:12313', 'tmdb:87421']))
    expect(error.recordedMovies.find((movie) => movie.id === 'tmdb:550')).toMatchObject({ title: 'Fight Club', year: 1999, sections: expect.arrayContaining(['credits', 'external_ids']) })
    expect(error.message).toMatch(/Recorded movies: .*tmdb:550 Fight Club \(1999\), .*tmdb:9443 Chariots of Fire/)
    expect(error.message).not.toContain(' is recorded with')
    const narrow = (await replay()
      .request(movieRequest(9443, 'credits'))
      .catch((caught: unknown) => caught)) as ReplayMissError
    expect(narrow.message).toContain('. tmdb:9443 Chariots of Fire is recorded with its details only. Recorded movies: ')
    const riddick = (await replay()
      .request(movieRequest(87421, 'external_ids'))
      .catch((caught: unknown) => caught)) as ReplayMissError
    expect(riddick.message).toMatch(/tmdb:87421 Riddick \(2013\) is recorded with append_to_response=alternative_titles,.*credits.* only/)
    expect(error.details).toMatchObject({ recordedMovies: expect.arrayContaining(['tmdb:550']) })
    await expect(replay().recordedMovies()).resolves.toEqual(error.recordedMovies)
  })

  it('misses when another parameter differs', async () => {
    await expect(replay().request(movieRequest(550, 'credits', 'fr-FR'))).rejects.toBeInstanceOf(ReplayMissError)
    await expect(replay().request({ source: 'wikipedia', path: '/3/movie/550', query: { language: 'en-US' } })).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('keeps credentials out of the key: they neither prevent a match nor appear in a miss', async () => {
    const provider = replay()
    const hit = await provider.request<Body>({ source: 'tmdb', path: '/3/movie/9443', query: { language: 'en-US', api_key: 'a1b2c3d4e5f6' } })
    expect(hit.title).toBe('Chariots of Fire')
    const error = (await provider
      .request({ source: 'tmdb', path: '/3/movie/9443', query: { language: 'en-US', append_to_response: 'credits', access_token: 'a1b2c3d4e5f6' } })
      .catch((caught: unknown) => caught)) as ReplayMissError
    expect(error).toBeInstanceOf(ReplayMissError)
    expect(error.message).not.toContain('a1b2c3d4e5f6')
    expect(error.key).not.toContain('access_token')
  })

  it('answers a recorded error status with a ProviderHttpError carrying the status', async () => {
    const provider = new JsonReplayProvider({
      entries: [
        {
          request: { source: 'tmdb', path: '/3/movie/2' },
          response: { status: 401, body: { success: false, status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.' } },
        },
      ],
    })
    const error = await provider.request({ source: 'tmdb', path: '/3/movie/2' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderHttpError)
    expect(error).toMatchObject({ status: 401, key: 'tmdb GET /3/movie/2' })
    expect((error as Error).message).toContain('HTTP 401')
  })

  it('counts answers per source and not misses', async () => {
    const provider = replay()
    await provider.request(movieRequest(550, 'credits'))
    await provider.request({ source: 'tmdb', path: '/3/configuration' })
    await provider.request(movieRequest(550, 'videos')).catch(() => undefined)
    expect(provider.counters).toEqual({ tmdb: 2 })
  })
})

describe('JsonReplayProvider: loading', () => {
  it('reads nothing until the first request, then reads once', async () => {
    const dir = await tempDir()
    const provider = new JsonReplayProvider({ dir: join(dir, 'later') })
    const fightClub = await datasetEntry('tmdb/movie/550.json')
    await writeEntry(dir, 'later/tmdb/fight-club.json', fightClub)
    await expect(provider.request(fightClub.request)).resolves.toMatchObject({ id: 550 })
    // Files added after the first request are not seen: the folder was read once.
    await writeEntry(dir, 'later/tmdb/chariots.json', await datasetEntry('tmdb/movie/9443.json'))
    await expect(provider.request(movieRequest(9443))).rejects.toBeInstanceOf(ReplayMissError)
  })

  it('reads entries at any depth and ignores files that are not JSON', async () => {
    const dir = await tempDir()
    await writeEntry(dir, 'tmdb/deep/er/chariots.json', await datasetEntry('tmdb/movie/9443.json'))
    await writeEntry(dir, 'README.md', '# not an entry')
    await expect(new JsonReplayProvider({ dir }).request(movieRequest(9443))).resolves.toMatchObject({ id: 9443 })
  })

  it('names the folder when it cannot be read', async () => {
    const dir = join(await tempDir(), 'missing')
    const error = await new JsonReplayProvider({ dir }).request(movieRequest(550)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ReplayDatasetError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_REPLAY_DATASET_INVALID', file: dir })
    expect((error as Error).message).toContain(dir)
  })

  it('names a file that is not JSON', async () => {
    const dir = await tempDir()
    await writeEntry(dir, 'tmdb/ok.json', await datasetEntry('tmdb/movie/9443.json'))
    const broken = await writeEntry(dir, 'tmdb/broken.json', '{ "request": ')
    const error = await new JsonReplayProvider({ dir }).request(movieRequest(9443)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ReplayDatasetError)
    expect((error as Error).message).toContain(broken)
    expect((error as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('names a file and the field that does not fit the entry format', async () => {
    const dir = await tempDir()
    const file = await writeEntry(dir, 'tmdb/no-status.json', { request: { source: 'tmdb', path: '/3/movie/1' }, response: { body: {} } })
    const error = await new JsonReplayProvider({ dir }).request(movieRequest(1)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ReplayDatasetError)
    expect((error as Error).message).toContain(file)
    expect((error as Error).message).toContain('response.status')
  })

  it('names both files when two entries answer the same request', async () => {
    const dir = await tempDir()
    const chariots = await datasetEntry('tmdb/movie/9443.json')
    const first = await writeEntry(dir, 'a.json', chariots)
    const twin = await writeEntry(dir, 'b.json', { ...chariots, request: { ...chariots.request, query: { ...chariots.request.query, api_key: 'x' } } })
    const error = (await new JsonReplayProvider({ dir }).request(movieRequest(9443)).catch((caught: unknown) => caught)) as ReplayDatasetError
    expect(error.code).toBe('CINELAYER_ERR_REPLAY_DATASET_INVALID')
    expect(error.message).toContain(first)
    expect(error.message).toContain(twin)
  })

  it('names the index of an invalid in-memory entry', async () => {
    const good = await datasetEntry('tmdb/movie/9443.json')
    const provider = new JsonReplayProvider({ entries: [good, { request: { source: 'tmdb', path: 'no-slash' } } as unknown as ReplayEntry] })
    await expect(provider.request(good.request)).rejects.toThrow(/entries\[1\].*request\.path/)
  })

  it('reads a folder fixed after a failed load', async () => {
    const dir = await tempDir()
    const broken = await writeEntry(dir, 'entry.json', 'not json')
    const provider = new JsonReplayProvider({ dir })
    await expect(provider.request(movieRequest(9443))).rejects.toBeInstanceOf(ReplayDatasetError)
    await writeFile(broken, JSON.stringify(await datasetEntry('tmdb/movie/9443.json')))
    await expect(provider.request(movieRequest(9443))).resolves.toMatchObject({ title: 'Chariots of Fire' })
  })
})
