import { describe, expect, it } from 'vitest'
import { MovieNotFoundError, PaginatedResponseSchema, RelationSchema } from '../src/index.js'
import { replayEngine } from './engine-harness.js'

describe('people', () => {
  it('creates the people of the credits at initial, and enriches one on PersonRequested', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'medium' })
    expect(await h.engine.people.peek('tmdb:287')).toMatchObject({ name: 'Brad Pitt', level: 'initial' })
    expect(h.eventsOf('PersonCreated').length).toBeGreaterThan(100)
    h.engine.bus.publish({ type: 'PersonRequested', payload: { personId: 'tmdb:287' } })
    await h.engine.bus.settled()
    const brad = (await h.engine.people.peek('tmdb:287'))!
    expect(brad).toMatchObject({ level: 'basic', name: 'Brad Pitt', biography: expect.any(String), birthday: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), profilePath: expect.stringMatching(/^\/.+\.jpg$/) })
    const filmography = await h.engine.people.movies('tmdb:287', { page: 1, pageSize: 5 })
    expect(PaginatedResponseSchema(RelationSchema.passthrough()).safeParse(filmography).success).toBe(true)
    expect(filmography).toMatchObject({ page: 1, pageSize: 5, totalResults: 2 })
    expect(filmography.results.find((entry) => entry.movieId === 'tmdb:550')).toMatchObject({ known: true, role: 'cast' })
    // Tom Hanks is not in any credit yet: PersonRequested creates him, with his whole filmography.
    h.engine.bus.publish({ type: 'PersonRequested', payload: { personId: 'tmdb:31' } })
    await h.engine.bus.settled()
    expect(await h.engine.people.peek('tmdb:31')).toMatchObject({ level: 'basic', name: 'Tom Hanks' })
    const hanks = await h.engine.people.movies('tmdb:31', { page: 2, pageSize: 50 })
    expect(hanks).toMatchObject({ page: 2, pageSize: 50, totalResults: 191, totalPages: 4 })
    expect(hanks.results).toHaveLength(50)
    await h.engine.close()
  })

  it('creates the unknown films of a filmography at initial in one pass, deduplicated, titled from the filmography', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.people.get('tmdb:31')
    const entries = (await h.engine.people.movies('tmdb:31', { pageSize: 100 })).results.filter((entry) => !entry.known)
    const unknown = [...new Map(entries.map((entry) => [entry.movieId, entry])).values()].slice(0, 3)
    expect(unknown).toHaveLength(3)
    const seeds = unknown.map((entry) => ({ tmdb: Number(entry.movieId.slice('tmdb:'.length)) }))
    h.engine.bus.publish({ type: 'RelatedMovieRequested', payload: { personId: 'tmdb:31', movie: seeds[0]!, movies: [...seeds, seeds[1]!] } })
    await h.engine.bus.settled()
    const created = h.eventsOf('MovieCreated')
    expect(created.map((event) => event.payload.movieId)).toEqual(unknown.map((entry) => entry.movieId))
    expect(created.every((event) => event.payload.via === 'person:tmdb:31' && event.payload.level === 'initial')).toBe(true)
    for (const entry of unknown) {
      expect(await h.engine.movies.peek(entry.movieId)).toMatchObject({ level: 'initial', ...(entry.movieTitle ? { title: entry.movieTitle } : {}) })
    }
    const after = await h.engine.people.movies('tmdb:31', { pageSize: 100 })
    expect(after.results.filter((entry) => unknown.some((known) => known.movieId === entry.movieId)).every((entry) => entry.known)).toBe(true)
    // The older payload (one movie) still works, and publishing it again creates nothing.
    h.engine.bus.publish({ type: 'RelatedMovieRequested', payload: { personId: 'tmdb:31', movie: seeds[0]! } })
    await h.engine.bus.settled()
    expect(h.eventsOf('MovieCreated')).toHaveLength(3)
    await h.engine.close()
  })

  it('pages a movie’s credits: cast in billing order, then crew, with names and whether each person is stored', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect((await h.engine.movies.people('tmdb:550')).totalResults).toBe(0)
    await h.engine.movies.get('tmdb:550', { level: 'medium' })
    const first = await h.engine.movies.people('tmdb:550', { page: 1, pageSize: 3 })
    expect(first).toMatchObject({ page: 1, pageSize: 3, totalPages: Math.ceil(first.totalResults / 3) })
    expect(first.results.map((entry) => [entry.name, entry.role, entry.order])).toEqual([
      ['Edward Norton', 'cast', 0],
      ['Brad Pitt', 'cast', 1],
      ['Helena Bonham Carter', 'cast', 2],
    ])
    expect(first.results.every((entry) => entry.known && entry.personLevel === 'initial')).toBe(true)
    const last = await h.engine.movies.people('tmdb:550', { page: first.totalPages, pageSize: 3 })
    expect(last.results.every((entry) => entry.role === 'crew')).toBe(true)
    await expect(h.engine.movies.people('tmdb:1')).rejects.toBeInstanceOf(MovieNotFoundError)
    await h.engine.close()
  })
})
