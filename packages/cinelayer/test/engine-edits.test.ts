import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DAY, EditInvalidError, EditsDocumentInvalidError, EditsExportError, MovieNotFoundError } from '../src/index.js'
import { replayEngine, snapshot } from './engine-harness.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cinelayer-edits-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('manual edits and locks through the engine', () => {
  it('keeps a locked title through enrich → downgrade → enrich', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'initial' })
    const edited = await h.engine.movies.edit('tmdb:550', { title: 'Project Mayhem' }, { lock: true })
    expect(edited).toMatchObject({ title: 'Project Mayhem', locks: ['title'] })
    expect((await h.engine.movies.get('tmdb:550', { level: 'deep' })).title).toBe('Project Mayhem')
    h.clock.advance(DAY)
    const { report } = await h.engine.downgrade({ ids: ['tmdb:550'], to: 'initial' })
    expect(report?.totals.downgraded).toBe(1)
    expect(await h.engine.movies.peek('tmdb:550')).toMatchObject({ level: 'initial', title: 'Project Mayhem' })
    const again = await h.engine.movies.get('tmdb:550', { level: 'deep' })
    expect(again).toMatchObject({ level: 'deep', title: 'Project Mayhem', originalTitle: 'Fight Club', locks: ['title'] })
    await h.engine.close()
  })

  it('brings an unlocked edit back with its facet after a downgrade, and lock/unlock a provider value', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    await h.engine.movies.edit('tmdb:550', { tagline: 'Mischief. Mayhem. Soap.' })
    const locked = await h.engine.movies.lock('tmdb:550', 'poster')
    expect(locked.locks).toEqual(['poster'])
    h.clock.advance(DAY)
    await h.engine.downgrade({ ids: ['tmdb:550'], to: 'initial' })
    const down = (await h.engine.movies.peek('tmdb:550'))!
    expect(down.tagline).toBeUndefined()
    expect(down.poster).toEqual(locked.poster)
    const back = await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(back.tagline).toBe('Mischief. Mayhem. Soap.')
    const unlocked = await h.engine.movies.unlock('tmdb:550', 'poster')
    expect(unlocked.locks).toEqual([])
    await h.engine.close()
  })

  it('refuses an edit that is not valid, changing nothing', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    const before = await snapshot(h.storage)
    await expect(h.engine.movies.edit('tmdb:550', { runtime: 'two hours' })).rejects.toBeInstanceOf(EditInvalidError)
    await expect(h.engine.movies.edit('tmdb:550', { ids: { tmdb: 1 } })).rejects.toMatchObject({ code: 'CINELAYER_ERR_EDIT_INVALID' })
    await expect(h.engine.movies.lock('tmdb:550', 'level')).rejects.toBeInstanceOf(EditInvalidError)
    await expect(h.engine.movies.edit('tmdb:1', { title: 'x' })).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(h.engine.movies.edit('tmdb:../1', { title: 'x' })).rejects.toMatchObject({ code: 'CINELAYER_ERR_ID_INVALID' })
    expect(await snapshot(h.storage)).toEqual(before)
    await h.engine.close()
  })
})

describe('exportEdits / importEdits', () => {
  it('exports to a file and re-applies it after a reset, reporting applied, skipped and rejected edits', async () => {
    const first = await replayEngine({ wikipedia: false, imdb: false })
    await first.engine.movies.get('tmdb:550', { level: 'basic' })
    await first.engine.movies.edit('tmdb:550', { title: 'Project Mayhem', runtime: 140 }, { lock: true })
    await first.engine.movies.lock('tmdb:550', 'poster')
    const file = join(dir, 'edits.json')
    const document = await first.engine.movies.exportEdits(file)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(document)
    expect(document.movies).toEqual([
      {
        id: 'tmdb:550',
        title: 'Project Mayhem',
        fields: {
          poster: { locked: true },
          runtime: { value: 140, locked: true, editedAt: '2026-11-21T00:00:00.000Z' },
          title: { value: 'Project Mayhem', locked: true, editedAt: '2026-11-21T00:00:00.000Z' },
        },
      },
    ])
    await first.engine.close()

    // A new catalog: the movie is there again, but without the edits.
    const second = await replayEngine({ wikipedia: false, imdb: false })
    await second.engine.movies.get('tmdb:550', { level: 'basic' })
    await second.engine.movies.edit('tmdb:550', { runtime: 140 }, { lock: true })
    const withStrays = { ...document, movies: [...document.movies, { id: 'tmdb:999999', fields: { title: { value: 'Nobody', locked: false } } }, { id: 'tmdb:550', fields: { year: { value: 'nineteen', locked: false } } }] }
    await writeFile(file, JSON.stringify(withStrays))
    const report = await second.engine.movies.importEdits(file)
    expect(report.applied.map((edit) => edit.field).sort()).toEqual(['poster', 'title'])
    expect(report.skipped).toEqual([{ movieId: 'tmdb:550', field: 'runtime', status: 'skipped', reason: 'already equal' }])
    expect(report.rejected.map(({ movieId, field }) => [movieId, field])).toEqual([
      ['tmdb:999999', 'title'],
      ['tmdb:550', 'year'],
    ])
    expect(report.rejected[0]!.reason).toContain('tmdb:999999')
    expect(report.rejected[1]!.reason).toContain('year')
    expect(await second.engine.movies.peek('tmdb:550')).toMatchObject({ title: 'Project Mayhem', runtime: 140, year: 1999, locks: expect.arrayContaining(['title', 'poster', 'runtime']) })
    // Importing the same file again changes nothing.
    const again = await second.engine.movies.importEdits(document)
    expect(again.applied).toEqual([])
    expect(again.skipped).toHaveLength(3)
    await second.engine.close()
  })

  it('changes nothing for a malformed file, and says why', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    await h.engine.movies.edit('tmdb:550', { title: 'Mine' })
    const before = await snapshot(h.storage)
    const malformed = join(dir, 'malformed.json')
    const cases: Array<[string, string | null, RegExp]> = [
      ['not JSON', '{"format": "cinelayer-edits", "version": 1,', /not valid JSON/],
      ['wrong shape', JSON.stringify({ format: 'cinelayer-edits', version: 1, exportedAt: 'x', movies: [{ id: 'tmdb:550', fields: { title: { value: 'Other', locked: 'no' } } }] }), /movies\.0\.fields\.title\.locked/],
      ['a newer version', JSON.stringify({ format: 'cinelayer-edits', version: 2, exportedAt: 'x', movies: [] }), /version: expected 1/],
      ['a missing file', null, /cannot be read \(ENOENT\)/],
    ]
    for (const [, text, why] of cases) {
      await rm(malformed, { force: true })
      if (text !== null) await writeFile(malformed, text)
      const error = (await h.engine.movies.importEdits(malformed).catch((caught: unknown) => caught)) as EditsDocumentInvalidError
      expect(error).toBeInstanceOf(EditsDocumentInvalidError)
      expect(error.message).toMatch(why)
      expect(error.message).toContain('nothing was changed')
    }
    await expect(h.engine.movies.importEdits({ movies: 'all' })).rejects.toBeInstanceOf(EditsDocumentInvalidError)
    expect(await snapshot(h.storage)).toEqual(before)
    await expect(h.engine.movies.exportEdits(join(dir, 'no-such-folder', 'edits.json'))).rejects.toBeInstanceOf(EditsExportError)
    await h.engine.close()
  })
})
