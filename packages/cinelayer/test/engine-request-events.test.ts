import { describe, expect, it } from 'vitest'
import { EventInvalidError, OptionsInvalidError, RequestUnhandledError, UnknownLevelError, importItemLabel } from '../src/index.js'
import { movieCopies, replayEngine } from './engine-harness.js'

describe('engine.request', () => {
  it('publishes the request in the category of who asks, and resolves with what the engine did', async () => {
    const h = await replayEngine({ extra: await movieCopies([7001]), wikipedia: false, imdb: false })
    const report = await h.engine.request({ type: 'BulkEnrichRequested', category: 'cli', payload: { ids: ['tmdb:7001', 'tmdb:404404'], level: 'basic', concurrency: 1 } })
    expect(report).toMatchObject({ operation: 'enrich', total: 2, ok: 1, failed: 1 })
    const [asked] = h.eventsOf('BulkEnrichRequested')
    expect(asked).toMatchObject({ category: 'cli', correlationId: expect.stringMatching(/^request-\d+$/), payload: { ids: ['tmdb:7001', 'tmdb:404404'], level: 'basic' } })
    // The request comes first in the trace, then the work it caused.
    expect(h.events.findIndex((event) => event.type === 'BulkEnrichRequested')).toBeLessThan(h.events.findIndex((event) => event.type === 'BulkProgress'))
    const run = await h.engine.request({ type: 'HousekeepingRequested', category: 'cli', payload: { dryRun: true } })
    expect(run.plan).toMatchObject({ examined: 1 })
    expect(run.report).toBeUndefined()
    expect(h.eventsOf('HousekeepingRequested')[0]!.category).toBe('cli')
    await h.engine.close()
  })

  it("rejects with the work's error, a category the type does not allow, and a request no handler took", async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    await expect(h.engine.request({ type: 'BulkEnrichRequested', category: 'cli', payload: { ids: 'all', level: 'ultra' } })).rejects.toBeInstanceOf(UnknownLevelError)
    expect(h.eventsOf('HandlerFailed').map((event) => event.payload.eventType)).toEqual(['BulkEnrichRequested'])
    await expect(h.engine.request({ type: 'BulkImportRequested', category: 'cli', payload: { ids: [42 as never] } })).rejects.toBeInstanceOf(OptionsInvalidError)
    await expect(h.engine.request({ type: 'BulkImportRequested', category: 'ui', payload: { ids: [] } })).rejects.toBeInstanceOf(EventInvalidError)
    const off = h.engine.bus.use((event, next) => {
      if (event.type !== 'HousekeepingRequested') next(event)
    })
    await expect(h.engine.request({ type: 'HousekeepingRequested', category: 'cli', payload: { dryRun: true } })).rejects.toBeInstanceOf(RequestUnhandledError)
    off()
    // A middleware that delivers later, and a correlation id of the caller's: a second request under the
    // id of one not answered yet is refused (it would take the first one's answer); the first is answered.
    const later = h.engine.bus.use((event, next) => {
      if (event.correlationId === 'mine') queueMicrotask(() => next(event))
      else next(event)
    })
    const first = h.engine.request({ type: 'BulkEnrichRequested', category: 'cli', correlationId: 'mine', payload: { ids: [], level: 'basic' } })
    await expect(h.engine.request({ type: 'HousekeepingRequested', category: 'cli', correlationId: 'mine', payload: { dryRun: true } })).rejects.toBeInstanceOf(OptionsInvalidError)
    expect(await first).toMatchObject({ operation: 'enrich', total: 0 })
    later()
    await h.engine.close()
  })

  it('imports ids, titles and files in one request, each item reported under its label, failures isolated', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const report = await h.engine.request({
      type: 'BulkImportRequested',
      category: 'cli',
      payload: {
        ids: ['tmdb:9443', 'imdb:tt9999999'],
        titles: [{ title: 'Fight Club', year: 1999 }, { title: 'Fight Club', year: 1975 }],
        files: [{ path: '/in/Fight.Club.1975.mkv', title: 'Fight Club', year: 1975 }],
        level: 'basic',
      },
    })
    expect(report.items.map(({ id, status, movieId }) => [id, status, movieId])).toEqual([
      ['tmdb:9443', 'ok', 'tmdb:9443'],
      ['imdb:tt9999999', 'failed', undefined],
      ['Fight Club (1999)', 'ok', 'tmdb:550'],
      ['Fight Club (1975)', 'failed', undefined],
      ['/in/Fight.Club.1975.mkv', 'failed', expect.stringMatching(/^local:/)],
    ])
    expect(report.items[3]).toMatchObject({ code: 'CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN', reason: expect.stringContaining('tmdb:550 Fight Club (1999)') })
    expect(report.items[4]).toMatchObject({ code: 'CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN', reason: expect.stringMatching(/^not matched: recorded as local:[0-9a-f]+; candidates: tmdb:550 Fight Club \(1999\)/) })
    expect(await h.engine.movies.peek('tmdb:550')).toMatchObject({ level: 'basic' })
    expect(importItemLabel({ title: 'Fight Club' })).toBe('Fight Club')
    expect(importItemLabel({ tmdb: 550, title: 'Fight Club' })).toBe('tmdb:550')
    await h.engine.close()
  })

  it('creates recommended movies and enriches them to basic in the background; RecommendationShown counts in the stats', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const published = h.engine.bus.publish({ type: 'RecommendationTriggered', category: 'webhook', payload: { movieIds: ['tmdb:550', 'tmdb:9443', 'tmdb:404404'], source: 'test' } })
    expect(published.category).toBe('webhook')
    await h.engine.bus.settled()
    expect(await h.engine.movies.peek('tmdb:550')).toMatchObject({ level: 'basic' })
    expect(await h.engine.movies.peek('tmdb:9443')).toMatchObject({ level: 'basic' })
    expect(await h.engine.movies.peek('tmdb:404404')).toBeNull()
    expect(h.eventsOf('MovieCreated').map((event) => event.payload.movieId).sort()).toEqual(['tmdb:550', 'tmdb:9443'])
    h.engine.bus.publish({ type: 'RecommendationShown', payload: { movieId: 'tmdb:550' } })
    h.engine.bus.publish({ type: 'RecommendationShown', payload: { movieId: 'imdb:tt0137523' } })
    await h.engine.stats.flush()
    expect(await h.engine.stats.get('tmdb:550')).toMatchObject({ recommendations: 2 })
    // Through engine.request, the asker gets the report.
    const report = await h.engine.request({ type: 'RecommendationTriggered', category: 'webhook', payload: { movieIds: ['tmdb:550'] } })
    expect(report).toMatchObject({ operation: 'enrich', total: 1, skipped: 1 })
    await h.engine.close()
  })
})
