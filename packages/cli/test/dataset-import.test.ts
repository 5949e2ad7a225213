import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AnyCinelayerEvent } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace, replayDir } from './cli-harness.js'

interface Report {
  source: string
  retry: boolean
  total: number
  ok: number
  skipped: number
  failed: number
  items: Array<{ id: string; line?: number; status: string; movieId?: string; level?: string; code?: string; reason?: string }>
}

let work: Workspace
beforeEach(async () => {
  work = await createWorkspace()
  await mkdir(join(work.dir, 'videos'))
  await writeFile(join(work.dir, 'videos', 'Fight.Club.1999.1080p.mkv'), 'video bytes')
})
afterEach(async () => {
  await work.cleanup()
})

const text = [
  '# movies to add',
  '9443',
  'Fight Club (1999)',
  '',
  'Fight Club\t1975',
  'tt9999999',
  'tmdb:abc',
  'videos/Fight.Club.1999.1080p.mkv',
  'videos/Gone.mkv',
  '9443',
].join('\n')

describe('cinelayer import <dataset>', () => {
  it('imports ids, titles and files of a text file with a progress bar, continuing past failures, and reports each item', async () => {
    await writeFile(join(work.dir, 'movies.txt'), text)
    const result = await work.run(['import', 'movies.txt', '--level', 'basic', '--progress'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/import \[[█░]+\] \d+\/5 \|/)
    expect(result.stderr).toMatch(/CINELAYER_ERR_CLI_ITEMS_FAILED: import: 4 of 7 items failed/)
    // Failures and a summary by default: no line per movie.
    expect(result.stdout).not.toMatch(/^ok /m)
    expect(result.stdout).toMatch(/^Failed \(4\):$/m)
    expect(result.stdout).toMatch(/^ {2}Fight Club \(1975\): CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN: /m)
    expect(result.stdout).toMatch(/^ {2}tmdb:abc: CINELAYER_ERR_ID_INVALID: line 7: /m)
    expect(result.stdout).toMatch(/^ {2}videos\/Gone\.mkv: CINELAYER_ERR_CLI_DATASET_INVALID: line 9: no such file: /m)
    expect(result.stdout).toMatch(/^7 items: 3 added, 0 already there, 4 failed\nRetry the failures with: cinelayer import .*movies\.txt --retry-failed$/m)
    const listed = await work.json<{ results: Array<{ id: string; level: string; filePath?: string }> }>(['ls'])
    expect(listed.body.results.map(({ id, level }) => [id, level])).toEqual([
      ['tmdb:550', 'basic'],
      ['tmdb:9443', 'basic'],
    ])
    expect(listed.body.results[0]!.filePath).toBe(join(work.dir, 'videos', 'Fight.Club.1999.1080p.mkv'))
    // The CLI asked, in its own category.
    const asked = await work.json<AnyCinelayerEvent[]>(['events', '--type', 'BulkImportRequested'])
    expect(asked.body).toEqual([expect.objectContaining({ category: 'cli', payload: expect.objectContaining({ ids: ['tmdb:9443', 'imdb:tt9999999'], level: 'basic' }) })])
  })

  it('reports every item in the order of the file with --json, and --retry-failed takes only the failures of the last run', async () => {
    await writeFile(join(work.dir, 'movies.txt'), text)
    const first = await work.json<Report>(['import', 'movies.txt'])
    expect(first.code).toBe(1)
    expect(first.body).toMatchObject({ source: join(work.dir, 'movies.txt'), retry: false, total: 7, ok: 3, failed: 4 })
    expect(first.body.items.map(({ id, line, status }) => [id, line, status])).toEqual([
      ['tmdb:9443', 2, 'ok'],
      ['Fight Club (1999)', 3, 'ok'],
      ['Fight Club (1975)', 5, 'failed'],
      ['imdb:tt9999999', 6, 'failed'],
      ['tmdb:abc', 7, 'failed'],
      [join(work.dir, 'videos', 'Fight.Club.1999.1080p.mkv'), 8, 'ok'],
      ['videos/Gone.mkv', 9, 'failed'],
    ])
    // Ids alone stay at the lowest level; titles and files reach the default level.
    expect(first.body.items[0]).toMatchObject({ movieId: 'tmdb:9443', level: 'initial' })
    expect(first.body.items[1]).toMatchObject({ movieId: 'tmdb:550', level: 'basic' })
    const retried = await work.json<Report>(['import', 'movies.txt', '--retry-failed', '--verbose'])
    // Lines that could not be read need the file fixed: only what the engine failed is retried.
    expect(retried.body).toMatchObject({ retry: true, total: 2, failed: 2 })
    expect(retried.body.items.map((item) => item.id)).toEqual(['Fight Club (1975)', 'imdb:tt9999999'])
    const text2 = await work.run(['import', 'movies.txt', '--retry-failed', '--verbose'])
    expect(text2.stdout).toMatch(/^2 items retried: 0 added, 0 already there, 2 failed$/m)
    // Another dataset has no history of its own.
    await writeFile(join(work.dir, 'other.txt'), '550\n')
    expect(await work.run(['import', 'other.txt', '--retry-failed'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_DATASET_INVALID: Dataset .*other\.txt: no import of it is kept/) })
  })

  it('reads JSON and JSON lines, and says clearly why a file is no dataset', async () => {
    await writeFile(join(work.dir, 'movies.json'), JSON.stringify([550, { tmdb: 9443 }, { title: 'Fight Club', year: 1999 }, { file: 'videos/Fight.Club.1999.1080p.mkv' }, { imdb: 'tt9999999' }, { rating: 5 }]))
    // One at a time: the title lands on the movie the first id created.
    const json = await work.json<Report>(['import', 'movies.json', '--concurrency', '1'])
    expect(json.body.items.map(({ id, status }) => [id, status])).toEqual([
      ['tmdb:550', 'ok'],
      ['tmdb:9443', 'ok'],
      ['Fight Club (1999)', 'skipped'],
      [join(work.dir, 'videos', 'Fight.Club.1999.1080p.mkv'), 'ok'],
      ['imdb:tt9999999', 'failed'],
      ['{"rating":5}', 'failed'],
    ])
    await writeFile(join(work.dir, 'movies.jsonl'), '"tmdb:550"\n{"title": "Fight Club"}\n{not json\n{"file": "../../../../etc/passwd"}\n{"title": "' + 'x'.repeat(300) + '"}\n')
    const jsonl = await work.json<Report>(['import', 'movies.jsonl'])
    expect(jsonl.body.items.map(({ status, line }) => [line, status])).toEqual([
      [1, 'skipped'],
      [2, 'skipped'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'failed'],
    ])
    // Hostile entries fail alone: no file that is not a video becomes a movie, no overlong title is searched.
    expect(jsonl.body.items[3]).toMatchObject({ code: 'CINELAYER_ERR_CLI_DATASET_INVALID', reason: expect.stringMatching(/^line 4: not a video file \(no extension\): /) })
    expect(jsonl.body.items[4]).toMatchObject({ code: 'CINELAYER_ERR_OPTIONS_INVALID' })
    for (const [name, content, why] of [
      ['broken.json', '[550,', /it is not valid JSON/],
      ['object.json', '{"movies": [550]}', /expected a JSON array of entries/],
      ['empty.txt', '# nothing\n\n', /it holds no entry/],
    ] as const) {
      await writeFile(join(work.dir, name), content)
      const result = await work.run(['import', name])
      expect(result.code, name).toBe(1)
      expect(result.stderr, name).toMatch(new RegExp(`^CINELAYER_ERR_CLI_DATASET_INVALID: Dataset .*${name.replace('.', '\\.')}: ${why.source}`))
    }
  })
})

describe('cinelayer seed <dir>', () => {
  it('fills an empty data folder from recorded responses, each movie at the highest level its recordings allow, calling no provider', async () => {
    const seeded = await work.run(['--data', work.dataDir, 'seed', replayDir, '--verbose'], { bare: true })
    expect(seeded.code, seeded.stderr).toBe(0)
    expect(seeded.stdout).toMatch(/^ok {7}tmdb:550 \(deep\)$/m)
    expect(seeded.stdout).toMatch(/^6 movies from .*replay: 6 stored, 0 already there, 0 failed; 4 people \(1 failed\)$/m)
    // A person whose recording lacks a section the engine asks for is said so, without failing the seed.
    expect(seeded.stderr).toMatch(/^person tmdb:33: CINELAYER_ERR_PERSON_NOT_FOUND: /m)
    const listed = await work.json<{ results: Array<{ id: string; level: string }> }>(['ls'])
    expect(listed.body.results.map((movie) => movie.id)).toEqual(['tmdb:550', 'tmdb:9443', 'tmdb:12313', 'tmdb:87421', 'tmdb:1053760', 'tmdb:1236474'])
    expect(listed.body.results.map((movie) => movie.level)).toEqual(['deep', 'basic', 'deep', 'medium', 'basic', 'basic'])
    const brad = await work.json<{ level: string }>(['person', '287'])
    expect(brad.body).toMatchObject({ person: { level: 'basic' } })
    // Seeding again changes nothing.
    const again = await work.json<{ skipped: number; total: number }>(['--data', work.dataDir, 'seed', replayDir], { bare: true })
    expect(again.body).toMatchObject({ total: 6, skipped: 6 })
    expect(await work.run(['seed', join(work.dir, 'nowhere')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_FILE: Cannot find file /) })
  })
})
