import { startFakeTmdbServer } from '@cinelayer/providers/testing'
import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { InvalidIdError, PersonNotFoundError, createManualClock, createMovieEngine, memoryDriver } from '../src/index.js'
import { replayEngine, snapshot } from './engine-harness.js'

describe('person ids from outside', () => {
  it('reaches a stored person by the IMDb id of their record, without asking TMDB', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const brad = await h.engine.people.get('tmdb:287')
    expect(brad.ids).toMatchObject({ tmdb: 287, imdb: 'nm0000093' })
    const calls = h.tmdbCalls()
    expect(await h.engine.people.find('imdb:nm0000093')).toBe('tmdb:287')
    expect(await h.engine.people.peek('imdb:nm0000093')).toMatchObject({ id: 'tmdb:287', name: 'Brad Pitt' })
    expect(await h.engine.people.get('imdb:nm0000093')).toMatchObject({ id: 'tmdb:287', level: 'basic' })
    expect((await h.engine.people.movies('imdb:nm0000093')).totalResults).toBeGreaterThan(0)
    expect(h.tmdbCalls()).toBe(calls)
    // The alias is derived from the record: a reindex keeps it, and rebuilds it when lost.
    await h.storage.removeItem('person-aliases:imdb:nm0000093')
    expect(await h.engine.people.find('imdb:nm0000093')).toBeNull()
    const report = await h.engine.reindex()
    expect(report.issues).toContainEqual(expect.objectContaining({ kind: 'index-missing', key: 'person-aliases:imdb:nm0000093', fixed: true }))
    expect(await h.engine.people.find('imdb:nm0000093')).toBe('tmdb:287')
    await h.engine.close()
  })

  it('refuses an IMDb id TMDB does not know, storing nothing, and a malformed id', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const before = await snapshot(h.storage)
    const error = (await h.engine.people.get('imdb:nm9999999').catch((caught: unknown) => caught)) as PersonNotFoundError
    expect(error).toBeInstanceOf(PersonNotFoundError)
    expect(error.message).toBe('Person imdb:nm9999999 is not in the store and is unknown to TMDB')
    await expect(h.engine.people.get('tmdb:404404')).rejects.toBeInstanceOf(PersonNotFoundError)
    for (const bad of ['imdb:tt0137523', 'nm0000093', 'imdb:nm../../x', 'people:1']) await expect(h.engine.people.get(bad), bad).rejects.toBeInstanceOf(InvalidIdError)
    expect(await snapshot(h.storage)).toEqual(before)
    await h.engine.close()
  })

  it("looks an IMDb name id up with TMDB's find, stores the person it names, and aliases the id", async () => {
    const tmdb = await startFakeTmdbServer()
    const engine = createMovieEngine({
      storage: createStorage({ driver: memoryDriver() }),
      clock: createManualClock(new Date('2026-11-21T10:00:00Z')),
      data: 'http',
      tmdb: { token: 'fake-token', baseURL: tmdb.url, imageBaseURL: tmdb.url },
      wikipedia: false,
      imdb: false,
    })
    try {
      const person = await engine.people.get('imdb:nm0004242')
      expect(person).toMatchObject({ id: 'tmdb:4242', level: 'basic', ids: { tmdb: 4242, imdb: 'nm0004242' } })
      expect(tmdb.counters.find).toBe(1)
      expect(await engine.people.get('imdb:nm0004242')).toMatchObject({ id: 'tmdb:4242' })
      expect(tmdb.counters.find).toBe(1)
      expect(tmdb.counters.person).toBe(1)
    } finally {
      await engine.close()
      await tmdb.close()
    }
  })
})

describe('people.list', () => {
  it('pages the people of the catalog by id, as a PaginatedResponse', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'medium' })
    const total = (await h.engine.stores.people.ids()).length
    const first = await h.engine.people.list({ page: 1, pageSize: 10 })
    expect(first).toMatchObject({ page: 1, pageSize: 10, totalResults: total, totalPages: Math.ceil(total / 10), unreadable: [] })
    expect(first.results).toHaveLength(10)
    const second = await h.engine.people.list({ page: 2, pageSize: 10 })
    expect(second.results[0]!.id).not.toBe(first.results[0]!.id)
    expect((await h.engine.people.list({ page: 10_000 })).results).toEqual([])
    await h.engine.close()
  })
})
