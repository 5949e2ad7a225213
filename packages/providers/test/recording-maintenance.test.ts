import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, ProviderInputError, ReplayMissError, defaultReplayDir, pruneRecordings, removeRecordings } from '../src/index.js'
import { useTempDirs } from './temp-dir.js'

const tempDir = useTempDirs()

async function write(dir: string, file: string, content: unknown): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true })
  await writeFile(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content))
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}

/** A recordings folder as older versions left it: good answers beside bad ones. */
async function recordingsFolder(): Promise<string> {
  const dir = await tempDir()
  const fightClub = JSON.parse(await readFile(join(defaultReplayDir, 'tmdb/movie/550.json'), 'utf8')) as { request: object; response: { body: object } }
  const meta = { origin: 'recorded', sources: ['live'], license: 'TMDB API Terms of Use' }
  await write(dir, 'tmdb/3-movie-550--good.json', { ...fightClub, meta })
  await write(dir, 'tmdb/3-movie-603--other-movie.json', { request: { source: 'tmdb', path: '/3/movie/603' }, response: { status: 200, body: fightClub.response.body }, meta })
  await write(dir, 'tmdb/3-movie-604--shape.json', { request: { source: 'tmdb', path: '/3/movie/604' }, response: { status: 200, body: { id: 604, title: 7 } }, meta })
  await write(dir, 'omdb/root--refusal.json', { request: { source: 'omdb', path: '/', query: { i: 'tt0137523' } }, response: { status: 200, body: { Response: 'False', Error: 'Invalid API key!' } }, meta })
  await write(dir, 'omdb/root--not-found.json', { request: { source: 'omdb', path: '/', query: { i: 'tt0000000' } }, response: { status: 200, body: { Response: 'False', Error: 'Incorrect IMDb ID.' } }, meta })
  await write(dir, 'tmdb/3-movie-605--outage.json', { request: { source: 'tmdb', path: '/3/movie/605' }, response: { status: 503, body: { status_message: 'down' } }, meta })
  await write(dir, 'tmdb/3-movie-606--gone.json', { request: { source: 'tmdb', path: '/3/movie/606' }, response: { status: 404, body: { status_message: 'Not found' } }, meta })
  await write(dir, 'tmdb/3-movie-607--big.json', { request: { source: 'tmdb', path: '/3/movie/607' }, response: { status: 200, body: { ...fightClub.response.body, id: 607, overview: 'x'.repeat(300_000) } }, meta })
  await write(dir, 'tmdb/3-movie-608--cut.json', '{"request":{"source":"tmdb","path":"/3/mo')
  await write(dir, 'tmdb/3-movie-609--abc.json.4f1e.tmp', '{"request":')
  return dir
}

describe('pruneRecordings', () => {
  it('lists, in a dry run, every recording that should never have been kept, and deletes nothing', async () => {
    const dir = await recordingsFolder()
    const before = await filesOf(dir)
    const report = await pruneRecordings(dir, { dryRun: true, maxBodyBytes: 200_000 })
    expect(report).toMatchObject({ examined: 10, dryRun: true })
    expect(Object.fromEntries(report.removed.map(({ file, reason }) => [file, reason]))).toEqual({
      'omdb/root--refusal.json': 'OMDb refused: Invalid API key!',
      'tmdb/3-movie-603--other-movie.json': 'it is about movie 550, not 603',
      'tmdb/3-movie-604--shape.json': expect.stringMatching(/^the body is malformed: title/),
      'tmdb/3-movie-605--outage.json': 'status 503 is a refusal or an outage, not an answer',
      'tmdb/3-movie-607--big.json': expect.stringMatching(/bytes, over 200000$/),
      'tmdb/3-movie-608--cut.json': expect.stringMatching(/^unreadable/),
      'tmdb/3-movie-609--abc.json.4f1e.tmp': 'a half-written temporary file',
    })
    expect(await filesOf(dir)).toEqual(before)
  })

  it('deletes them, leaving a folder that replays the good answers and misses the rest', async () => {
    const dir = await recordingsFolder()
    const report = await pruneRecordings(dir, { maxBodyBytes: 200_000 })
    expect(report.removed).toHaveLength(7)
    expect(await filesOf(dir)).toEqual(['omdb/root--not-found.json', 'tmdb/3-movie-550--good.json', 'tmdb/3-movie-606--gone.json'])
    const replay = new JsonReplayProvider({ dir })
    await expect(replay.request({ source: 'tmdb', path: '/3/movie/603' })).rejects.toBeInstanceOf(ReplayMissError)
    expect(await pruneRecordings(dir)).toMatchObject({ examined: 3, removed: [] })
  })

  it('answers an empty report for a folder that does not exist', async () => {
    expect(await pruneRecordings(join(await tempDir(), 'none'))).toMatchObject({ examined: 0, removed: [] })
  })
})

describe('removeRecordings', () => {
  it('removes what a movie id or a file names, nothing else', async () => {
    const dir = await recordingsFolder()
    const report = await removeRecordings(dir, ['tmdb:550', 'omdb/root--refusal.json'])
    expect(report.removed.map(({ file }) => file).sort()).toEqual(['omdb/root--refusal.json', 'tmdb/3-movie-550--good.json'])
    expect(report.removed.find(({ file }) => file.includes('550'))?.key).toContain('tmdb GET /3/movie/550')
    expect(await filesOf(dir)).toHaveLength(8)
    expect((await removeRecordings(dir, ['imdb:tt0000000'], { dryRun: true })).removed).toMatchObject([{ file: 'omdb/root--not-found.json' }])
    expect(await filesOf(dir)).toHaveLength(8)
  })

  it('refuses a path outside the folder, or a target that is neither an id nor a file', async () => {
    const dir = await recordingsFolder()
    await expect(removeRecordings(dir, ['../../etc/passwd'])).rejects.toBeInstanceOf(ProviderInputError)
    await expect(removeRecordings(dir, ['/etc/passwd'])).rejects.toBeInstanceOf(ProviderInputError)
    expect(await filesOf(dir)).toHaveLength(10)
  })
})
