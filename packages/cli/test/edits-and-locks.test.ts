import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Movie } from 'cinelayer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
  expect((await work.run(['add', '550'])).code).toBe(0)
})

afterAll(async () => {
  await work.cleanup()
})

describe('lock, unlock and edit', () => {
  it('locks and unlocks fields, and edits one by hand', async () => {
    const locked = await work.run(['lock', '550', 'title', 'overview'])
    expect(locked).toMatchObject({ code: 0, stdout: 'Locked title, overview on Fight Club (1999)  tmdb:550\nLocked fields now: title, overview\n' })
    const unlocked = await work.json<Movie>(['unlock', 'tmdb:550', 'overview'])
    expect(unlocked.body.locks).toEqual(['title'])
    const edited = await work.run(['edit', '550', 'tagline', 'Mischief, by hand', '--lock'])
    expect(edited.code, edited.stderr).toBe(0)
    expect(edited.stdout).toMatch(/^Mischief, by hand$/m)
    expect((await work.json<Movie>(['get', '550', '--peek'])).body).toMatchObject({ tagline: 'Mischief, by hand', locks: expect.arrayContaining(['title', 'tagline']) })
  })

  it('refuses a field that cannot be edited (usage) and an unknown movie (failure)', async () => {
    const field = await work.run(['lock', '550', 'ids'])
    expect(field.code).toBe(2)
    expect(field.stderr).toMatch(/^CINELAYER_ERR_EDIT_INVALID: /)
    const value = await work.run(['edit', '550', 'runtime', 'long'])
    expect(value.code).toBe(2)
    const unknown = await work.run(['lock', 'tt0133093', 'title'])
    expect(unknown).toMatchObject({ code: 1, stderr: 'CINELAYER_ERR_MOVIE_NOT_FOUND: Movie imdb:tt0133093 is not in the store\n' })
  })
})

describe('edits export and import', () => {
  it('exports the edits, survives a reset and re-applies them', async () => {
    const exported = await work.run(['edits', 'export', 'edits.json'])
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^Exported 2 edited or locked fields of 1 movie to .*edits\.json$/m)
    const document = JSON.parse(await readFile(join(work.dir, 'edits.json'), 'utf8')) as { format: string; movies: Array<{ id: string; fields: Record<string, unknown> }> }
    expect(document.format).toBe('cinelayer-edits')
    expect(document.movies.map((movie) => [movie.id, Object.keys(movie.fields).sort()])).toEqual([['tmdb:550', ['tagline', 'title']]])
    const printed = await work.run(['edits', 'export', '-'])
    expect(JSON.parse(printed.stdout)).toMatchObject({ format: 'cinelayer-edits', movies: [{ id: 'tmdb:550' }] })

    expect((await work.run(['reset', '--yes'])).code).toBe(0)
    expect((await work.run(['add', '550'])).code).toBe(0)
    const imported = await work.json<{ applied: unknown[]; skipped: unknown[]; rejected: unknown[] }>(['edits', 'import', 'edits.json'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.body.rejected).toEqual([])
    expect(imported.body.applied.length).toBeGreaterThan(0)
    expect((await work.json<Movie>(['get', '550', '--peek'])).body).toMatchObject({ tagline: 'Mischief, by hand', locks: expect.arrayContaining(['title', 'tagline']) })
    const again = await work.run(['edits', 'import', 'edits.json'])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^0 applied, \d+ skipped, 0 rejected$/m)
  })

  it('lists rejected edits with exit 1, and changes nothing for a malformed file', async () => {
    const document = JSON.parse(await readFile(join(work.dir, 'edits.json'), 'utf8')) as { movies: Array<{ id: string }> }
    document.movies.push({ ...document.movies[0]!, id: 'tmdb:603' })
    await writeFile(join(work.dir, 'partly.json'), JSON.stringify(document))
    const partly = await work.run(['edits', 'import', 'partly.json'])
    expect(partly.code).toBe(1)
    expect(partly.stdout).toMatch(/^rejected {2}tmdb:603 title: /m)
    expect(partly.stderr).toMatch(/^CINELAYER_ERR_CLI_ITEMS_FAILED: edits import: 2 of \d+ items failed$/m)
    await writeFile(join(work.dir, 'broken.json'), '{"format":"cinelayer-edits","version":1,"movies":[{"id":"tmdb:550"}]}')
    const before = await work.json<Movie>(['get', '550', '--peek'])
    const broken = await work.run(['edits', 'import', 'broken.json'])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^CINELAYER_ERR_EDITS_DOCUMENT_INVALID: Edits document .*broken\.json cannot be imported, nothing was changed/)
    expect((await work.json<Movie>(['get', '550', '--peek'])).body).toEqual(before.body)
  })
})
