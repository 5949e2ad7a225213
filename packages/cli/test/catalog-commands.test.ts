import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Movie, PaginatedResponse, Person } from 'cinelayer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
})

afterAll(async () => {
  await work.cleanup()
})

describe('add, get, search, person, ls on a fresh data folder', () => {
  it('add takes a TMDB id, then says the movie is already known', async () => {
    const first = await work.run(['add', '550'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toBe('Added Fight Club (1999)  tmdb:550  level basic\n')
    const again = await work.json<{ kind: string; created: boolean; movie: Movie }>(['add', 'tmdb:550'])
    expect(again.code).toBe(0)
    expect(again.body).toMatchObject({ kind: 'movie', created: false, movie: { id: 'tmdb:550', title: 'Fight Club', level: 'basic' } })
  })

  it('add takes a person, and a video file that it parses and matches', async () => {
    const person = await work.run(['add', 'person:287'])
    expect(person.code, person.stderr).toBe(0)
    expect(person.stdout).toMatch(/^Added Brad Pitt {2}tmdb:287/)
    const file = join(work.dir, 'Fight.Club.1999.1080p.BluRay.x264-GROUP.mkv')
    await writeFile(file, 'not really a video')
    const added = await work.json<{ kind: string; matched: boolean; created: boolean; movie: Movie }>(['add', './Fight.Club.1999.1080p.BluRay.x264-GROUP.mkv'])
    expect(added.code, added.stderr).toBe(0)
    // The file lands on the movie added before: one record, reached by two routes.
    expect(added.body).toMatchObject({ kind: 'file', matched: true, created: false, movie: { id: 'tmdb:550', filePath: file } })
    const missing = await work.run(['add', './No.Such.File.2001.mkv'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^CINELAYER_ERR_CLI_FILE: Cannot find file .*No\.Such\.File\.2001\.mkv\n$/)
  })

  it('get shows a movie at the level asked, enriching it; --json gives the record', async () => {
    const medium = await work.run(['get', 'tmdb:550', '--level', 'medium'])
    expect(medium.code, medium.stderr).toBe(0)
    expect(medium.stdout).toMatch(/^Fight Club \(1999\) {2}tmdb:550 {2}level medium\n/)
    expect(medium.stdout).toMatch(/^Cast: Edward Norton \(The Narrator\), Brad Pitt \(Tyler Durden\)/m)
    expect(medium.stdout).toMatch(/^Directed by: David Fincher$/m)
    const { body } = await work.json<Movie>(['get', '550', '--peek'])
    expect(body).toMatchObject({ id: 'tmdb:550', level: 'medium', runtime: 139 })
    expect(body.cast?.length).toBeGreaterThan(5)
  })

  it('an unknown id is a clear message and exit 1; a malformed one is a usage error', async () => {
    const unknown = await work.run(['get', 'imdb:tt9999999'])
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toMatch(/^CINELAYER_ERR_MOVIE_NOT_FOUND: Movie imdb:tt9999999 is not in the store/)
    const peek = await work.run(['get', '12313', '--peek'])
    expect(peek).toMatchObject({ code: 1, stdout: '', stderr: 'CINELAYER_ERR_MOVIE_NOT_FOUND: Movie tmdb:12313 is not in the store\n' })
    const json = await work.run(['get', 'tmdb:12313', '--peek', '--json'])
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'CINELAYER_ERR_MOVIE_NOT_FOUND', message: 'Movie tmdb:12313 is not in the store', details: { id: 'tmdb:12313' } } })
    const person = await work.run(['person', 'nm0000001'])
    expect(person.code).toBe(1)
    expect(person.stderr).toMatch(/^CINELAYER_ERR_PERSON_NOT_FOUND: Person imdb:nm0000001 is not in the store/)
    const malformed = await work.run(['get', 'tmdb:../../etc/passwd'])
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toMatch(/^CINELAYER_ERR_ID_INVALID: Invalid movie id "tmdb:..\/..\/etc\/passwd"/)
  })

  it('search marks what the catalog holds', async () => {
    const text = await work.run(['search', 'Fight Club'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^ID +YEAR +TITLE +IN CATALOG$/m)
    expect(text.stdout).toMatch(/^tmdb:550 +1999 +Fight Club +medium$/m)
    const { body } = await work.json<{ results: Array<{ id: string; level: string | null }> }>(['search', 'Fight Club', '--year', '1999'])
    expect(body.results.find((hit) => hit.id === 'tmdb:550')).toEqual({ id: 'tmdb:550', title: 'Fight Club', year: 1999, level: 'medium' })
    expect(body.results.filter((hit) => hit.level !== null)).toHaveLength(1)
    const badYear = await work.run(['search', 'Fight Club', '--year', '99'])
    expect(badYear.code).toBe(2)
  })

  it('person shows a biography and a filmography page', async () => {
    const text = await work.run(['person', '287'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^Brad Pitt {2}tmdb:287 {2}Acting$/m)
    expect(text.stdout).toMatch(/^1999 +tmdb:550 +Fight Club +Tyler Durden +yes$/m)
    const { body } = await work.json<{ person: Person; filmography: PaginatedResponse<{ movieId: string }> }>(['person', 'person:287', '--page-size', '1', '--page', '2'])
    expect(body.person).toMatchObject({ id: 'tmdb:287', name: 'Brad Pitt', level: 'basic' })
    expect(body.filmography).toMatchObject({ page: 2, pageSize: 1, totalResults: 2, totalPages: 2 })
    expect(body.filmography.results.map((credit) => credit.movieId)).toEqual(['tmdb:550'])
  })

  it('ls lists a page of the catalog, by level', async () => {
    const text = await work.run(['ls'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^ID +LEVEL +YEAR +TITLE$/m)
    expect(text.stdout).toMatch(/^tmdb:550 +medium +1999 +Fight Club$/m)
    const medium = await work.json<PaginatedResponse<{ id: string; level: string }>>(['ls', '--level', 'medium'])
    expect(medium.body.results.map((movie) => movie.id)).toEqual(['tmdb:550'])
    const deep = await work.run(['ls', '--level', 'deep'])
    expect(deep).toMatchObject({ code: 0, stdout: 'No movie at level deep\n' })
    expect((await work.run(['ls', '--level', 'ultra'])).code).toBe(2)
  })
})
