import { describe, expect, it } from 'vitest'
import { MovieMatchUncertainError, MovieNotFoundError, OptionsInvalidError, RefreshInvalidError } from '../src/index.js'
import { replayEngine, snapshot } from './engine-harness.js'

describe('movies.addByTitle', () => {
  it('adds the search result a title and year name, scored as the watcher scores a file, to the level asked', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const added = await h.engine.movies.addByTitle({ title: 'Fight Club', year: 1999 }, { level: 'medium' })
    expect(added).toMatchObject({ created: true, score: 1, movie: { id: 'tmdb:550', level: 'medium', title: 'Fight Club' } })
    expect(added.candidates[0]).toEqual({ id: 'tmdb:550', title: 'Fight Club', year: 1999 })
    expect(h.eventsOf('MovieCreated').map((event) => event.payload.movieId)).toEqual(['tmdb:550'])
    // Known now: the same title lands on the same record.
    const again = await h.engine.movies.addByTitle({ title: '  Fight Club ' })
    expect(again).toMatchObject({ created: false, movie: { id: 'tmdb:550' } })
    expect((await h.engine.movies.list()).totalResults).toBe(1)
    await h.engine.close()
  })

  it('stores nothing and lists the candidates with their ids when no result is good enough', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const before = await snapshot(h.storage)
    // No Fight Club of 1975: the title alone finds the 1999 one, too far from the year asked.
    const error = (await h.engine.movies.addByTitle({ title: 'Fight Club', year: 1975 }).catch((caught: unknown) => caught)) as MovieMatchUncertainError
    expect(error).toBeInstanceOf(MovieMatchUncertainError)
    expect(error.code).toBe('CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN')
    expect(error.candidates[0]).toEqual({ id: 'tmdb:550', title: 'Fight Club', year: 1999 })
    expect(error.message).toMatch(/^"Fight Club" \(1975\) matches no single movie: .*candidates: tmdb:550 Fight Club \(1999\); /)
    expect(error.details).toMatchObject({ title: 'Fight Club', year: 1975, candidates: error.candidates })
    const nothing = (await h.engine.movies.addByTitle({ title: 'Disney' }).catch((caught: unknown) => caught)) as MovieMatchUncertainError
    expect(nothing).toBeInstanceOf(MovieMatchUncertainError)
    expect(await snapshot(h.storage)).toEqual(before)
    await h.engine.close()
  })

  it('refuses a blank or overlong title and a year that is not one before asking TMDB', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    for (const query of [{ title: '' }, { title: '   ' }, { title: 'x'.repeat(201) }, { title: 'Fight Club', year: 99 }, { title: 'Fight Club', year: 1999.5 }, { title: 42 }, null]) {
      await expect(h.engine.movies.addByTitle(query as never), JSON.stringify(query)).rejects.toBeInstanceOf(OptionsInvalidError)
    }
    expect(h.tmdbCalls()).toBe(0)
    await h.engine.close()
  })
})

describe('movies.refresh', () => {
  it('fetches again only the facets named, in one call, keeping the level and every other facet', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'medium' })
    const before = (await h.engine.movies.peek('tmdb:550'))!
    h.clock.advance(60_000)
    const calls = h.tmdbCalls()
    const refreshed = await h.engine.movies.refresh('imdb:tt0137523', { facets: ['credits'] })
    expect(h.tmdbCalls() - calls).toBe(1)
    expect(refreshed.level).toBe('medium')
    expect(refreshed.facets.credits!.at).toBe('2026-11-21T00:01:00.000Z')
    for (const facet of ['details', 'poster', 'genres', 'ratings']) expect(refreshed.facets[facet], facet).toEqual(before.facets[facet])
    expect(h.eventsOf('EnrichmentCompleted').at(-1)!.payload).toMatchObject({ movieId: 'tmdb:550', from: 'medium', to: 'medium', facets: ['credits'] })
    await h.engine.close()
  })

  it('fetches every facet a provider filled when none is named', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    h.clock.advance(60_000)
    const refreshed = await h.engine.movies.refresh('tmdb:550')
    expect(Object.fromEntries(Object.entries(refreshed.facets).map(([facet, stamp]) => [facet, stamp.at]))).toEqual({
      identity: '2026-11-21T00:00:00.000Z',
      details: '2026-11-21T00:01:00.000Z',
      poster: '2026-11-21T00:01:00.000Z',
    })
    await h.engine.close()
  })

  it('refuses a facet that is unknown, the identity or not on the record, and a movie not stored, changing nothing', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    const before = await snapshot(h.storage)
    const calls = h.tmdbCalls()
    for (const facets of [['trailers'], ['identity'], ['credits'], ['details', 'images']]) {
      const error = await h.engine.movies.refresh('tmdb:550', { facets }).catch((caught: unknown) => caught)
      expect(error, facets.join()).toBeInstanceOf(RefreshInvalidError)
      expect((error as RefreshInvalidError).message).toMatch(/^Cannot refresh facet "\w+" of tmdb:550: .+; nothing was refreshed$/)
    }
    await expect(h.engine.movies.refresh('tmdb:9443')).rejects.toBeInstanceOf(MovieNotFoundError)
    expect(await snapshot(h.storage)).toEqual(before)
    expect(h.tmdbCalls()).toBe(calls)
    await h.engine.close()
  })
})
