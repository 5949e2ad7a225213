import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import {
  HybridProvider,
  ImdbProvider,
  JsonReplayProvider,
  OmdbRefusedError,
  ProviderResponseError,
  RecordingTooLargeError,
  TmdbProvider,
  defaultReplayDir,
} from '../src/index.js'
import { liveData, useMswServer } from './msw-live.js'
import { useTempDirs } from './temp-dir.js'

const tempDir = useTempDirs()
const upstream = useMswServer()

/** The recorded Fight Club answer, as TMDB sent it: the body the handlers below bend. */
async function recordedFightClub(): Promise<Record<string, unknown>> {
  const entry = JSON.parse(await readFile(join(defaultReplayDir, 'tmdb/movie/550.json'), 'utf8')) as { response: { body: Record<string, unknown> } }
  return entry.response.body
}

async function recordedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/** A hybrid provider with nothing recorded yet: every request goes live, to MSW. */
async function hybrid(options: { maxBodyBytes?: number } = {}) {
  const recordDir = await tempDir()
  const data = new HybridProvider({ replay: new JsonReplayProvider({ entries: [] }), live: liveData(), recordDir, ...options })
  return { data, recordDir, tmdb: new TmdbProvider({ data }) }
}

describe('hybrid recording keeps only answers worth replaying', () => {
  it('does not record a body of the wrong shape, and asks again once the upstream is healthy', async () => {
    const fightClub = await recordedFightClub()
    let healthy = false
    upstream.use(http.get('https://api.themoviedb.org/3/movie/550', () => HttpResponse.json(healthy ? { ...fightClub, id: 550 } : { id: 550, title: 42 })))
    const { data, recordDir, tmdb } = await hybrid()
    await expect(tmdb.movie(550)).rejects.toBeInstanceOf(ProviderResponseError)
    expect(await recordedFiles(recordDir)).toEqual([])
    expect(data.skippedRecordings).toMatchObject([{ key: expect.stringContaining('/3/movie/550'), reason: expect.stringContaining('malformed') }])
    healthy = true
    await expect(tmdb.movie(550)).resolves.toMatchObject({ id: 550, title: 'Fight Club' })
    expect(await recordedFiles(recordDir)).toHaveLength(1)
    expect(data.liveCounters).toEqual({ tmdb: 2 })
  })

  it("refuses another movie's data: not recorded, and the reader gets a coded error", async () => {
    const fightClub = await recordedFightClub()
    upstream.use(http.get('https://api.themoviedb.org/3/movie/603', () => HttpResponse.json(fightClub)))
    const { data, recordDir, tmdb } = await hybrid()
    const error = await tmdb.movie(603).catch((caught: unknown) => caught as ProviderResponseError)
    expect(error).toBeInstanceOf(ProviderResponseError)
    expect(error.message).toContain('it is about movie 550, not 603')
    expect(await recordedFiles(recordDir)).toEqual([])
    // Asked again: live again (nothing kept for the session either).
    await expect(tmdb.movie(603)).rejects.toBeInstanceOf(ProviderResponseError)
    expect(data.liveCounters).toEqual({ tmdb: 2 })
  })

  it("does not record OMDb's refusal of the key (an answer of the moment), nor its answer about another title", async () => {
    upstream.use(
      http.get('https://www.omdbapi.com/', ({ request }) => {
        const id = new URL(request.url).searchParams.get('i')
        if (id === 'tt0137523') return HttpResponse.json({ Response: 'False', Error: 'Request limit reached!' })
        return HttpResponse.json({ Response: 'True', imdbID: 'tt0000001', imdbRating: '7.1', imdbVotes: '1,234' })
      }),
    )
    const { data, recordDir } = await hybrid()
    const imdb = new ImdbProvider({ data })
    await expect(imdb.rating('tt0137523')).rejects.toBeInstanceOf(OmdbRefusedError)
    await expect(imdb.rating('tt0133093')).rejects.toThrow(/not tt0133093/)
    expect(await recordedFiles(recordDir)).toEqual([])
    expect(data.skippedRecordings.map((skip) => skip.reason)).toEqual(['OMDb refused: Request limit reached!', 'it is about "tt0000001", not tt0133093'])
  })

  it('refuses a body past maxBodyBytes with a typed error, recording nothing', async () => {
    const fightClub = await recordedFightClub()
    const padded = { ...fightClub, overview: 'x'.repeat(64 * 1024) }
    upstream.use(http.get('https://api.themoviedb.org/3/movie/550', () => HttpResponse.json(padded)))
    const { recordDir, tmdb } = await hybrid({ maxBodyBytes: 32 * 1024 })
    const error = await tmdb.movie(550).catch((caught: unknown) => caught as RecordingTooLargeError)
    expect(error).toBeInstanceOf(RecordingTooLargeError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_RECORDING_TOO_LARGE', limit: 32 * 1024 })
    expect(error.bytes).toBeGreaterThan(64 * 1024)
    expect(error.message).toMatch(/maxBodyBytes/)
    expect(await recordedFiles(recordDir)).toEqual([])
  })

  it('records an answer that passes, for the movie asked for', async () => {
    upstream.use(http.get('https://api.themoviedb.org/3/movie/550', async () => HttpResponse.json(await recordedFightClub())))
    const { recordDir, tmdb } = await hybrid()
    await tmdb.movie(550)
    expect(await recordedFiles(recordDir)).toHaveLength(1)
  })
})

describe('the checks of recorded answers', () => {
  it('accept every answer of the shipped replay dataset (they agree with the readers)', async () => {
    const { answerProblem } = await import('../src/answer-checks.js')
    const files = (await readdir(defaultReplayDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    expect(files.length).toBeGreaterThan(20)
    const problems: string[] = []
    for (const file of files) {
      const entry = JSON.parse(await readFile(join(file.parentPath, file.name), 'utf8')) as { request: { source: string; path: string }; response: { status: number; body: unknown } }
      if (entry.response.status !== 200) continue
      const problem = answerProblem(entry.request, entry.response.body)
      if (problem) problems.push(`${file.name}: ${problem}`)
    }
    expect(problems).toEqual([])
  })
})
