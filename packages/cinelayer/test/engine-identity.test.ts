import { describe, expect, it } from 'vitest'
import { MovieNotFoundError } from '../src/index.js'
import { replayEngine } from './engine-harness.js'

describe('identity', () => {
  it('looks an unknown IMDb id up on TMDB, creates the movie and aliases the IMDb id', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const movie = await h.engine.movies.get('imdb:tt0137523', { level: 'basic' })
    expect(movie).toMatchObject({ id: 'tmdb:550', level: 'basic', title: 'Fight Club' })
    expect(h.eventsOf('MovieCreated').map((event) => event.payload)).toEqual([expect.objectContaining({ movieId: 'tmdb:550', via: 'imdb' })])
    expect(h.eventsOf('MovieAliased').map((event) => event.payload)).toEqual([{ from: 'imdb:tt0137523', to: 'tmdb:550' }])
    const calls = h.tmdbCalls()
    // Known now: no second lookup.
    expect((await h.engine.movies.get('imdb:tt0137523', { level: 'basic' })).id).toBe('tmdb:550')
    expect(h.tmdbCalls()).toBe(calls)
    await h.engine.close()
  })

  it('keeps the IMDb id and the countries of production from the first answer: the movie is known by its IMDb id from basic on', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const basic = await h.engine.movies.get('tmdb:550', { level: 'basic' })
    expect(basic.ids).toEqual({ tmdb: 550, imdb: 'tt0137523' })
    expect(basic.productionCountries).toEqual([
      { code: 'DE', name: 'Germany' },
      { code: 'US', name: 'United States of America' },
    ])
    expect(h.eventsOf('MovieAliased').map((event) => event.payload)).toEqual([{ from: 'imdb:tt0137523', to: 'tmdb:550' }])
    const calls = h.tmdbCalls()
    // The alias answers: no find on TMDB, no second record.
    expect(await h.engine.movies.find('imdb:tt0137523')).toBe('tmdb:550')
    expect((await h.engine.movies.get('imdb:tt0137523', { level: 'basic' })).id).toBe('tmdb:550')
    expect(h.tmdbCalls()).toBe(calls)
    // A downgrade to initial drops the countries with the details; the identity stays.
    h.clock.advance(60_000)
    await h.engine.downgrade({ ids: ['tmdb:550'], to: 'initial' })
    const initial = await h.engine.movies.peek('tmdb:550')
    expect(initial).not.toHaveProperty('productionCountries')
    expect(initial!.ids.imdb).toBe('tt0137523')
    await h.engine.close()
  })

  it('refuses an IMDb id TMDB does not know, and a Wikidata id that no movie has, with MovieNotFoundError', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const unknown = (await h.engine.movies.get('imdb:tt9999999').catch((error: unknown) => error)) as MovieNotFoundError
    expect(unknown).toBeInstanceOf(MovieNotFoundError)
    expect(unknown.message).toBe('Movie imdb:tt9999999 is not in the store and is unknown to TMDB')
    expect(unknown.cause).toMatchObject({ code: 'CINELAYER_ERR_REPLAY_MISS' })
    await expect(h.engine.movies.get('wikidata:Q190050')).rejects.toBeInstanceOf(MovieNotFoundError)
    expect(await h.engine.movies.list()).toMatchObject({ totalResults: 0 })
    await h.engine.close()
  })

  it('reaches one record by every route: TMDB id, trending list, file, IMDb and Wikidata ids', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    h.engine.bus.publish({ type: 'TrendingMoviesFetched', payload: { window: 'week', movies: [{ tmdb: 550, title: 'Fight Club', year: 1999 }] } })
    await h.engine.bus.settled()
    await h.engine.movies.addFile('/in/Fight.Club.1999.mkv', { title: 'Fight Club', year: 1999 })
    const deep = await h.engine.movies.get('tmdb:550', { level: 'deep' })
    for (const id of ['imdb:tt0137523', 'wikidata:Q190050', 'tmdb:550']) expect((await h.engine.movies.get(id, { level: 'deep' })).id).toBe('tmdb:550')
    expect((await h.engine.movies.byFile('/in/Fight.Club.1999.mkv'))?.id).toBe('tmdb:550')
    expect(deep.filePath).toBe('/in/Fight.Club.1999.mkv')
    expect((await h.engine.movies.list()).results.map((movie) => movie.id)).toEqual(['tmdb:550'])
    expect(h.eventsOf('MovieCreated')).toHaveLength(1)
    await h.engine.close()
  })

  it('aliases a local movie to TMDB on a late match, keeping its file path, edits and stats', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const local = await h.engine.movies.addFile('/in/fight club 1975.mkv', { title: 'Fight Club', year: 1975 })
    expect(local.id).toMatch(/^local:/)
    await h.engine.movies.edit(local.id, { title: 'Fight Club (my cut)', tagline: 'Mine' })
    h.engine.bus.publish({ type: 'MovieViewed', payload: { movieId: local.id } })
    h.engine.bus.publish({ type: 'PlaybackStarted', payload: { movieId: local.id } })
    const matched = await h.engine.movies.resolveMatch(local.id, 550)
    expect(matched).toMatchObject({ id: 'tmdb:550', filePath: '/in/fight club 1975.mkv', title: 'Fight Club (my cut)', edits: { title: { value: 'Fight Club (my cut)' }, tagline: { value: 'Mine' } } })
    expect(await h.engine.stats.get('tmdb:550')).toMatchObject({ views: 1, plays: 1 })
    const basic = await h.engine.movies.get(local.id, { level: 'basic' })
    expect(basic).toMatchObject({ id: 'tmdb:550', title: 'Fight Club (my cut)', tagline: 'Mine', overview: expect.any(String) })
    await h.engine.close()
  })
})
