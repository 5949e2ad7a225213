import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AnyCinelayerEvent } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace
beforeEach(async () => {
  work = await createWorkspace()
})
afterEach(async () => {
  await work.cleanup()
})

describe('cinelayer add "<title>" --year', () => {
  it('adds the movie a title and year name, as the watcher would match a file', async () => {
    const added = await work.run(['add', 'Fight Club', '--year', '1999'])
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/^Added Fight Club \(1999\) {2}tmdb:550 {2}level basic$/m)
    expect(added.stdout).toMatch(/matched by title, score 1\.00/)
    const again = await work.json<{ kind: string; created: boolean; movie: { id: string } }>(['add', 'Fight Club'])
    expect(again.body).toMatchObject({ kind: 'title', created: false, movie: { id: 'tmdb:550' } })
  })

  it('lists the candidates with their ids and exits 1 when no single movie matches; stores nothing', async () => {
    const result = await work.run(['add', 'Fight Club', '--year', '1975'])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^Candidates \(add one by its id\):\nID +YEAR +TITLE\ntmdb:550 +1999 +Fight Club$/m)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN: "Fight Club" \(1975\) matches no single movie/)
    const json = await work.run(['add', 'Fight Club', '--year', '1975', '--json'])
    expect(json.stdout).toBe('')
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN', details: { candidates: expect.arrayContaining([{ id: 'tmdb:550', title: 'Fight Club', year: 1999 }]) } } })
    expect((await work.json<{ totalResults: number }>(['ls'])).body.totalResults).toBe(0)
  })

  it('refuses a year with an id, a path that does not exist, a blank title and a bad year as usage errors', async () => {
    expect(await work.run(['add', '550', '--year', '1999'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_USAGE: add: --year goes with a title/) })
    expect(await work.run(['add', 'videos/Missing.1999.mkv'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_FILE: Cannot find file /) })
    expect(await work.run(['add', '   '])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_OPTIONS_INVALID: /) })
    expect(await work.run(['add', 'Fight Club', '--year', '99'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_USAGE: /) })
  })
})

describe('cinelayer add <file>', () => {
  it('takes the IMDb id in the name over a search, as the watcher does', async () => {
    await mkdir(join(work.dir, 'videos'))
    await writeFile(join(work.dir, 'videos', 'Some Other Name [tt0137523].mkv'), 'video bytes')
    const added = await work.json<{ matched: boolean; movie: { id: string; match: { score: number } } }>(['add', 'videos/Some Other Name [tt0137523].mkv'])
    expect(added.code, added.stderr).toBe(0)
    expect(added.body).toMatchObject({ matched: true, movie: { id: 'tmdb:550', match: { score: 1 } } })
  })
})

describe('people by IMDb id, and the people of the catalog', () => {
  it('shows a stored person by the IMDb id of the record; add person:nm… knows them; an unknown one fails', async () => {
    expect((await work.run(['person', '287'])).code).toBe(0)
    const shown = await work.run(['person', 'nm0000093'])
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toMatch(/^Brad Pitt {2}tmdb:287/)
    const added = await work.run(['add', 'person:nm0000093'])
    expect(added.stdout).toMatch(/^Already known: Brad Pitt {2}tmdb:287/)
    expect(await work.run(['person', 'nm9999999'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_PERSON_NOT_FOUND: Person imdb:nm9999999 is not in the store and is unknown to TMDB/) })
  })

  it('lists the people a page at a time, as a table or a PaginatedResponse', async () => {
    expect((await work.run(['people'])).stdout).toBe('No person in the catalog\n')
    expect((await work.run(['get', '550', '--level', 'medium'])).code).toBe(0)
    const table = await work.run(['people', '--page-size', '3'])
    expect(table.stdout).toMatch(/^ID +LEVEL +NAME +KNOWN FOR +IMDB\n/)
    expect(table.stdout.trim().split('\n')).toHaveLength(5)
    const { body } = await work.json<{ page: number; pageSize: number; totalResults: number; results: Array<{ id: string }> }>(['people', '--page', '2', '--page-size', '3'])
    expect(body).toMatchObject({ page: 2, pageSize: 3 })
    expect(body.totalResults).toBeGreaterThan(6)
    expect(body.results).toHaveLength(3)
  })
})

describe('cinelayer refresh', () => {
  it('fetches the facets named again; refuses one the movie lacks (exit 2) and a movie not stored (exit 1)', async () => {
    expect((await work.run(['get', '550', '--level', 'medium'])).code).toBe(0)
    const refreshed = await work.json<{ id: string; level: string; facets: Record<string, { at: string }> }>(['refresh', 'tt0137523', '--facets', 'credits,genres'])
    expect(refreshed.code, refreshed.stderr).toBe(0)
    expect(refreshed.body).toMatchObject({ id: 'tmdb:550', level: 'medium' })
    const text = await work.run(['refresh', '550'])
    expect(text.stdout).toMatch(/^Refreshed Fight Club \(1999\) {2}tmdb:550 {2}level medium$/m)
    expect(await work.run(['refresh', '550', '--facets', 'images'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_REFRESH_INVALID: Cannot refresh facet "images" of tmdb:550/) })
    expect(await work.run(['refresh', '9443'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_MOVIE_NOT_FOUND: /) })
    expect((await work.run(['refresh', '550', '--facets', ' , '])).code).toBe(2)
  })
})

describe('cinelayer resolve', () => {
  it('matches an unmatched file to a movie by hand, checking the id with TMDB first', async () => {
    await mkdir(join(work.dir, 'videos'))
    const file = join(work.dir, 'videos', 'Fight.Club.1975.mkv')
    await writeFile(file, 'video bytes')
    const added = await work.json<{ matched: boolean; movie: { id: string } }>(['add', 'videos/Fight.Club.1975.mkv'])
    expect(added.body.matched).toBe(false)
    const local = added.body.movie.id
    // An id TMDB does not know: nothing changes, the file keeps its local movie.
    expect(await work.run(['resolve', 'videos/Fight.Club.1975.mkv', '603'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_MOVIE_NOT_FOUND: /) })
    expect((await work.json<{ id: string }>(['get', local, '--peek'])).body.id).toBe(local)
    const resolved = await work.run(['resolve', 'videos/Fight.Club.1975.mkv', 'tt0137523'])
    expect(resolved.code, resolved.stderr).toBe(0)
    expect(resolved.stdout).toMatch(new RegExp(`^Resolved ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} → Fight Club \\(1999\\) {2}tmdb:550 {2}level basic$`, 'm'))
    expect((await work.json<{ id: string; filePath: string }>(['get', local, '--peek'])).body).toMatchObject({ id: 'tmdb:550', filePath: file })
    expect(await work.run(['resolve', 'videos/Fight.Club.1975.mkv', '550'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_RESOLVE_REFUSED: .*matched already, to tmdb:550/) })
    expect(await work.run(['resolve', 'videos/Other.mkv', '550'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_RESOLVE_REFUSED: .*no movie of the catalog/) })
  })
})

describe('what the CLI asks for is in the trace', () => {
  it('enrich and housekeep publish BulkEnrichRequested and HousekeepingRequested in the cli category; bulk output is a summary unless --verbose', async () => {
    const enriched = await work.run(['enrich', '550', '9443', '--level', 'basic'])
    expect(enriched.code, enriched.stderr).toBe(0)
    expect(enriched.stdout).toBe('2 movies: 2 enriched, 0 already there, 0 failed\n')
    const verbose = await work.run(['enrich', '550', '9443', '--level', 'basic', '--verbose'])
    expect(verbose.stdout).toMatch(/^skipped {2}tmdb:550: already at "basic"$/m)
    expect((await work.run(['housekeep', '--dry-run'])).code).toBe(0)
    const { body } = await work.json<AnyCinelayerEvent[]>(['events', '--category', 'cli', '--limit', '0'])
    expect(body.map((event) => [event.type, event.category])).toEqual([
      ['BulkEnrichRequested', 'cli'],
      ['BulkEnrichRequested', 'cli'],
      ['HousekeepingRequested', 'cli'],
    ])
    expect(body[0]!.payload).toEqual({ ids: ['tmdb:550', 'tmdb:9443'], level: 'basic' })
    // The request comes first in the trace, then the work it caused.
    const types = (await work.json<AnyCinelayerEvent[]>(['events', '--limit', '0'])).body.map((event) => event.type)
    expect(types.indexOf('HousekeepingRequested')).toBeLessThan(types.indexOf('HousekeepingCompleted'))
    expect(types.indexOf('BulkEnrichRequested')).toBeLessThan(types.indexOf('BulkProgress'))
  })
})
