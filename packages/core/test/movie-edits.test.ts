import { describe, expect, it } from 'vitest'
import { EditInvalidError, LevelSet, defaultRetryBackoff, downgradeMovie, editMovie, editableFields, lockFields, unlockFields } from '../src/index.js'
import { createHarness, deferred, tmdbEnricher, untilCalled } from './harness.js'

const levels = new LevelSet()

describe('editMovie', () => {
  it('keeps the value in edits, shows it on the record, and locks on request', async () => {
    const h = createHarness()
    const movie = await h.addMovie(603)
    const edited = editMovie(movie, { title: 'Matrix (director’s cut)' }, h.levels, h.clock.now(), { lock: true })
    expect(edited).toMatchObject({ title: 'Matrix (director’s cut)', locks: ['title'], edits: { title: { value: 'Matrix (director’s cut)', at: '2026-11-21T09:00:00.000Z' } } })
    expect(movie.title).toBe('Movie 603')
    expect(editMovie(edited, { title: 'Matrix (director’s cut)' }, h.levels, h.clock.now(), { lock: true })).toBe(edited)
  })

  it('refuses a field that is not editable, undefined, and a value the schema refuses, changing nothing', async () => {
    const h = createHarness()
    const movie = await h.addMovie(603)
    expect(() => editMovie(movie, { ids: { tmdb: 1 } }, levels, 0)).toThrow(EditInvalidError)
    expect(() => editMovie(movie, { level: 'deep' }, levels, 0)).toThrow(/"?level"? .*not an editable field|not an editable field/)
    expect(() => editMovie(movie, { overview: undefined }, levels, 0)).toThrow(/undefined is not a value/)
    const invalid = (() => {
      try {
        editMovie(movie, { runtime: 'long', title: 'ok' }, levels, 0)
      } catch (error) {
        return error as EditInvalidError
      }
    })()!
    expect(invalid).toBeInstanceOf(EditInvalidError)
    expect(invalid.code).toBe('CINELAYER_ERR_EDIT_INVALID')
    expect(invalid.details).toMatchObject({ movieId: 'tmdb:603', fields: ['runtime'] })
    expect(invalid.message).toContain('runtime')
    expect(invalid.cause).toBeDefined()
    expect(() => lockFields(movie, ['createdAt'], levels, 0)).toThrow(EditInvalidError)
    expect(editableFields(levels)).not.toContain('filePath')
    expect(editableFields(levels)).toEqual(expect.arrayContaining(['title', 'year', 'overview', 'poster', 'cast', 'imdbRating']))
  })

  it('holds an edit of a facet not fetched yet, and shows it when the facet arrives', async () => {
    const h = createHarness()
    await h.addMovie(603)
    const edited = await h.engine.update('tmdb:603', (movie) => editMovie(movie, { overview: 'Mine' }, h.levels, h.clock.now()))
    expect(edited.overview).toBeUndefined()
    expect(edited.edits?.overview?.value).toBe('Mine')
    const basic = await h.engine.ensure('tmdb:603', 'basic')
    expect(basic.overview).toBe('Mine')
    expect(basic.tagline).toBe('Tagline 603')
  })

  it('keeps a locked title through enrich → downgrade → enrich, and brings an unlocked edit back with its facet', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.update('tmdb:603', (movie) => editMovie(movie, { title: 'My Matrix' }, h.levels, h.clock.now(), { lock: true }))
    const deep = await h.engine.ensure('tmdb:603', 'deep')
    expect(deep.title).toBe('My Matrix')
    await h.engine.update('tmdb:603', (movie) => editMovie(movie, { tagline: 'Mine', keywords: ['mine'] }, h.levels, h.clock.now()))
    const down = await h.engine.update('tmdb:603', (movie) => downgradeMovie(movie, 'initial', h.levels, h.clock.now()).movie)
    expect(down).toMatchObject({ level: 'initial', title: 'My Matrix' })
    expect(down.tagline).toBeUndefined()
    expect(down.keywords).toBeUndefined()
    const again = await h.engine.ensure('tmdb:603', 'deep')
    expect(again).toMatchObject({ level: 'deep', title: 'My Matrix', tagline: 'Mine', keywords: ['mine'], overview: 'Overview of 603' })
  })

  it('never loses an edit made while providers answer (writes are serialized per movie)', async () => {
    const tmdb = tmdbEnricher()
    const h = createHarness({ enrichers: [tmdb] })
    await h.addMovie(603)
    const gate = deferred()
    tmdb.gate = gate.promise
    const run = h.engine.ensure('tmdb:603', 'basic')
    await untilCalled(tmdb)
    const edit = h.engine.update('tmdb:603', (movie) => editMovie(movie, { tagline: 'Mine' }, h.levels, h.clock.now()))
    gate.resolve()
    await Promise.all([run, edit])
    expect((await h.stores.movies.get('tmdb:603'))!).toMatchObject({ level: 'basic', tagline: 'Mine', overview: 'Overview of 603' })
  })
})

describe('lockFields / unlockFields', () => {
  it('locks the provider value, and on unlock drops a field whose facet is gone', async () => {
    const h = createHarness()
    await h.addMovie(603)
    await h.engine.ensure('tmdb:603', 'basic')
    const locked = await h.engine.update('tmdb:603', (movie) => lockFields(movie, ['poster', 'poster'], h.levels, h.clock.now()))
    expect(locked.locks).toEqual(['poster'])
    expect(lockFields(locked, ['poster'], h.levels, 0)).toBe(locked)
    const down = await h.engine.update('tmdb:603', (movie) => downgradeMovie(movie, 'initial', h.levels, h.clock.now()).movie)
    expect(down.poster).toEqual({ path: '/poster-603.jpg' })
    const unlocked = unlockFields(down, ['poster'], h.levels, h.clock.now())
    expect(unlocked.poster).toBeUndefined()
    expect(unlocked.locks).toEqual([])
    expect(unlockFields(unlocked, ['poster'], h.levels, 0)).toBe(unlocked)
  })

  it('lets the update() of a missing movie fail with MovieNotFoundError and write nothing', async () => {
    const h = createHarness()
    await expect(h.engine.update('tmdb:1', (movie) => movie)).rejects.toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    expect(await h.stores.movies.ids()).toEqual([])
    h.clock.advance(defaultRetryBackoff.initialDelayMs)
  })
})
