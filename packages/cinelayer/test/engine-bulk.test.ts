import { describe, expect, it } from 'vitest'
import { OptionsInvalidError, UnknownLevelError } from '../src/index.js'
import { movieCopies, replayEngine } from './engine-harness.js'

describe('bulk work', () => {
  it('enriches many movies a few at a time, isolating each failure, with progress and a report of every item', async () => {
    const h = await replayEngine({ extra: await movieCopies([7001, 7002]), wikipedia: false, imdb: false })
    await h.engine.movies.get('tmdb:7002', { level: 'medium' })
    const report = await h.engine.enrichMany(['tmdb:7001', 'tmdb:7002', 'tmdb:9443', 'tmdb:404404', 'netflix:1', 'tmdb:7001'], 'medium', { concurrency: 2 })
    expect(report).toMatchObject({ operation: 'enrich', total: 5, ok: 1, skipped: 1, failed: 3 })
    expect(report.items.map(({ id, status }) => [id, status])).toEqual([
      ['tmdb:7001', 'ok'],
      ['tmdb:7002', 'skipped'],
      ['tmdb:9443', 'failed'],
      ['tmdb:404404', 'failed'],
      ['netflix:1', 'failed'],
    ])
    expect(report.items[0]).toMatchObject({ movieId: 'tmdb:7001', level: 'medium' })
    expect(report.items[1]!.reason).toBe('already at "medium"')
    // Ids the provider does not know leave nothing behind.
    expect(report.items[2]).toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    expect(await h.engine.movies.peek('tmdb:9443')).toBeNull()
    expect(await h.engine.movies.peek('tmdb:404404')).toBeNull()
    expect(report.items[4]).toMatchObject({ code: 'CINELAYER_ERR_ID_INVALID' })
    const progress = h.eventsOf('BulkProgress')
    expect(progress.map((event) => event.payload.done)).toEqual([1, 2, 3, 4, 5])
    expect(progress.at(-1)!.payload).toMatchObject({ operation: 'enrich', total: 5, ok: 1, skipped: 1, failed: 3 })
    expect(progress.every((event) => event.category === 'engine')).toBe(true)
    await h.engine.close()
  })

  it("enriches 'all' stored movies, and refuses a bad level or concurrency before any work", async () => {
    const h = await replayEngine({ extra: await movieCopies([7001, 7002, 7003]), wikipedia: false, imdb: false })
    await h.engine.importMany(['tmdb:7001', 'tmdb:7002', { tmdb: 7003, title: 'Third' }])
    const report = await h.engine.enrichMany('all', 'basic')
    expect(report).toMatchObject({ total: 3, ok: 3 })
    expect((await h.engine.movies.list({ level: 'basic' })).totalResults).toBe(3)
    expect(await h.engine.reindex()).toMatchObject({ ok: true, checked: { movies: 3 }, issues: [] })
    expect((await h.engine.movies.list({ level: 'basic' })).totalResults).toBe(3)
    await expect(h.engine.enrichMany('all', 'ultra')).rejects.toBeInstanceOf(UnknownLevelError)
    await expect(h.engine.enrichMany('all', 'basic', { concurrency: 0 })).rejects.toBeInstanceOf(OptionsInvalidError)
    expect(h.eventsOf('BulkProgress')).toHaveLength(6)
    await h.engine.close()
  })

  it('imports by id and by seed, skips what is stored, and can enrich what it imports', async () => {
    const h = await replayEngine({ extra: await movieCopies([7001]), wikipedia: false, imdb: false })
    await h.engine.importMany(['tmdb:7001'])
    const report = await h.engine.importMany(['imdb:tt0137523', 'tmdb:7001', { tmdb: 9443, title: 'Chariots of Fire' }, 'imdb:tt9999999'], { level: 'basic', concurrency: 3 })
    expect(report.items.map(({ id, status, level }) => [id, status, level])).toEqual([
      ['imdb:tt0137523', 'ok', 'basic'],
      ['tmdb:7001', 'skipped', undefined],
      ['tmdb:9443', 'ok', 'basic'],
      ['imdb:tt9999999', 'failed', undefined],
    ])
    expect(report.items[0]!.movieId).toBe('tmdb:550')
    expect(report.items[3]).toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    expect((await h.engine.movies.peek('tmdb:7001'))!.level).toBe('initial')
    await h.engine.close()
  })

  it('acts on BulkImportRequested and BulkEnrichRequested from the bus', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    h.engine.bus.publish({ type: 'BulkImportRequested', payload: { ids: ['tmdb:550', 'tmdb:9443'] } })
    await h.engine.bus.settled()
    h.engine.bus.publish({ type: 'BulkEnrichRequested', payload: { ids: 'all', level: 'basic' } })
    await h.engine.bus.settled()
    expect((await h.engine.movies.list({ level: 'basic' })).results.map((movie) => movie.id)).toEqual(['tmdb:550', 'tmdb:9443'])
    expect(h.eventsOf('BulkProgress').map((event) => event.payload.operation)).toEqual(['import', 'import', 'enrich', 'enrich'])
    await h.engine.close()
  })
})

describe('lists and searches create the movies they name', () => {
  it('creates search, discover and trending results at initial, once each', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    h.engine.bus.publish({ type: 'SearchRequested', payload: { query: 'Fight Club' } })
    await h.engine.bus.settled()
    const searched = h.eventsOf('MovieCreated').filter((event) => event.payload.via === 'search')
    expect(searched.length).toBeGreaterThan(1)
    expect(searched.map((event) => event.payload.movieId)).toContain('tmdb:550')
    expect(await h.engine.movies.peek('tmdb:550')).toMatchObject({ level: 'initial', title: 'Fight Club', year: 1999 })
    h.engine.bus.publish({ type: 'SearchRequested', payload: { query: 'Fight Club' } })
    h.engine.bus.publish({ type: 'TrendingMoviesFetched', payload: { window: 'week', movies: [{ tmdb: 550 }, { tmdb: 603692, title: 'John Wick: Chapter 4' }, { tmdb: 603692 }] } })
    h.engine.bus.publish({ type: 'DiscoverMoviesFetched', payload: { movies: [{ tmdb: 603692 }, { tmdb: 640146 }] } })
    await h.engine.bus.settled()
    const created = h.eventsOf('MovieCreated').map((event) => event.payload.movieId)
    expect(new Set(created).size).toBe(created.length)
    expect(created).toEqual(expect.arrayContaining(['tmdb:603692', 'tmdb:640146']))
    expect((await h.engine.movies.list({ pageSize: 100 })).totalResults).toBe(created.length)
    expect(h.eventsOf('HandlerFailed')).toEqual([])
    await h.engine.close()
  })
})
