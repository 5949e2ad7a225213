import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, describe, expect, it } from 'vitest'
import { type AnyCinelayerEvent, type CinelayerEvent, DAY, type DataProvider, type DataRequest, JsonReplayProvider, type MovieEngineOptions, ProviderHttpError, type ReplayEntry, createManualClock, createManualTimer, createMovieEngine, defaultReplayDir } from '../src/index.js'
import { requestKey } from '../../providers/src/data-provider.js'

const START = new Date('2026-11-21T00:00:00Z')
const HOUR = 60 * 60 * 1000

/** Every entry of the replay dataset shipped with `@cinelayer/providers`. */
async function shippedEntries(dir = defaultReplayDir): Promise<ReplayEntry[]> {
  const entries: ReplayEntry[] = []
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, item.name)
    if (item.isDirectory()) entries.push(...(await shippedEntries(path)))
    else if (item.name.endsWith('.json')) entries.push(JSON.parse(await readFile(path, 'utf8')) as ReplayEntry)
  }
  return entries
}

/**
 * The shipped dataset, plus TMDB's changes feed for the day before `until`: the recorded page of
 * `/3/movie/changes`, with Fight Club (550) among the ids and a second page, so that paging is read.
 */
async function replayWithChanges(until: Date): Promise<JsonReplayProvider> {
  const entries = await shippedEntries()
  const recorded = entries.find((entry) => entry.request.path === '/3/movie/changes')!
  const body = recorded.response.body as { results: Array<{ id: number; adult: boolean }> }
  const day = (time: number) => new Date(time).toISOString().slice(0, 10)
  const query = { start_date: day(until.getTime() - DAY), end_date: day(until.getTime()) }
  const page = (number: number, results: typeof body.results) => ({
    request: { source: 'tmdb', path: '/3/movie/changes', query: { ...query, page: number } },
    response: { status: 200, body: { results, page: number, total_pages: 2, total_results: body.results.length + 1 } },
  })
  // Trending pages 2 and 3: the recorded first page under other ids, so that the top 50 takes three pages.
  const trending = entries.find((entry) => entry.request.path === '/3/trending/movie/week')!
  const trendingPage = (number: number) => {
    const first = trending.response.body as { results: Array<{ id: number }> }
    const results = first.results.map((item, index) => ({ ...item, id: 800_000 + number * 100 + index }))
    return { request: { ...trending.request, query: { ...trending.request.query, page: number } }, response: { status: 200, body: { ...first, page: number, results } } }
  }
  return new JsonReplayProvider({ entries: [...entries, page(1, body.results), page(2, [{ id: 550, adult: false }]), trendingPage(2), trendingPage(3)] })
}

function engineOn(options: MovieEngineOptions = {}) {
  const timer = createManualTimer(createManualClock(START))
  const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock: timer.clock, timer, ...options })
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  return { engine, timer, clock: timer.clock, events }
}

let folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

describe('usage statistics in the engine', () => {
  it('re-enriches a downgraded movie on its next request, and the stats and events tell the story', async () => {
    const { engine, clock, events } = engineOn()
    await engine.movies.get('tmdb:550', { level: 'deep' })
    engine.bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:550' } })
    await engine.bus.settled()
    const callsBefore = (await engine.summary()).providerCalls.tmdb
    clock.advance(200 * DAY)

    const { report } = await engine.housekeeping.run({ dryRun: false })
    expect(report!.downgraded).toMatchObject([{ movieId: 'tmdb:550', from: 'deep', to: 'basic' }])
    expect(await engine.stats.get('tmdb:550')).toMatchObject({ requests: 1, views: 1, lastAccess: START.toISOString() })
    expect((await engine.movies.peek('tmdb:550'))!.level).toBe('basic')

    const again = await engine.movies.get('tmdb:550', { level: 'deep' })
    expect(again.level).toBe('deep')
    expect((await engine.summary()).providerCalls.tmdb).toBe(callsBefore! + 1)
    expect(await engine.stats.get('tmdb:550')).toMatchObject({ requests: 2, views: 1, lastAccess: new Date(clock.now()).toISOString() })
    const story = events.filter((event) => ['MovieDowngraded', 'MovieRequested', 'EnrichmentRequested', 'EnrichmentCompleted'].includes(event.type)).slice(-4)
    const told = (payload: object) => {
      const { from, to, movieId } = payload as { from?: string; to?: string; movieId?: string }
      return from ? `${from} → ${to}` : movieId
    }
    expect(story.map((event) => [event.type, told(event.payload)])).toEqual([
      ['MovieDowngraded', 'deep → basic'],
      ['MovieRequested', 'tmdb:550'],
      ['EnrichmentRequested', 'basic → deep'],
      ['EnrichmentCompleted', 'basic → deep'],
    ])
    await engine.close()
  })

  it('writes usage behind, flushes it on close, and ranks movies by decayed popularity', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cinelayer-usage-'))
    folders.push(dataDir)
    const timer = createManualTimer(createManualClock(START))
    const first = createMovieEngine({ dataDir, data: 'replay', clock: timer.clock, timer, trace: false, stats: { flushIntervalMs: 60_000 } })
    await first.movies.get('tmdb:550')
    await first.movies.get('tmdb:9443')
    await first.movies.create({ tmdb: 87421 }, 'test')
    for (let play = 0; play < 3; play++) first.bus.publish({ type: 'PlaybackStarted', payload: { movieId: 'tmdb:9443' } })
    first.bus.publish({ type: 'SearchHit', payload: { movieId: 'tmdb:550', query: 'fight' } })
    await first.bus.settled()
    await first.close()

    const second = createMovieEngine({ dataDir, data: 'replay', clock: timer.clock, timer, trace: false })
    expect(await second.stats.get('tmdb:9443')).toMatchObject({ requests: 1, plays: 3 })
    expect((await second.stats.top(1)).map((rank) => rank.movieId)).toEqual(['tmdb:9443'])
    expect((await second.stats.leastUsed(1)).map((rank) => [rank.movieId, rank.popularity])).toEqual([['tmdb:550', 1.5]])
    expect(await second.stats.neverUsed()).toEqual(['tmdb:87421'])
    await second.close()
  })
})

describe('scheduled jobs in the engine', () => {
  it('are off by default', async () => {
    const { engine } = engineOn()
    expect(engine.scheduler).toBeNull()
    await engine.close()
  })

  it('run trending, discover, housekeeping and provider refresh on their cron times, on fake time', async () => {
    const data = await replayWithChanges(new Date(START.getTime() + 3.5 * HOUR))
    const { engine, timer, events } = engineOn({
      data,
      schedule: { timezone: 'UTC', trending: { window: 'week' }, discover: { cron: '0 5 * * *', params: {} } },
    })
    await engine.movies.get('tmdb:550', { level: 'deep' })
    const stampsBefore = (await engine.movies.peek('tmdb:550'))!.facets
    const callsBefore = data.counters.tmdb ?? 0
    expect(engine.scheduler!.nextRuns()).toEqual({
      housekeeping: '2026-11-21T04:00:00.000Z',
      trending: '2026-11-21T06:00:00.000Z',
      discover: '2026-11-21T05:00:00.000Z',
      'provider-refresh': '2026-11-21T03:30:00.000Z',
    })

    await timer.advance(6 * HOUR)
    await engine.scheduler!.idle()
    await engine.bus.settled()
    const reports = engine.scheduler!.reports()
    expect(reports.map((report) => [report.job, report.status])).toEqual([
      ['provider-refresh', 'succeeded'],
      ['housekeeping', 'succeeded'],
      ['discover', 'succeeded'],
      ['trending', 'succeeded'],
    ])
    expect(reports[0]!.summary).toMatchObject({ since: '2026-11-20T03:30:00.000Z', stored: 1, refreshed: 1, failed: 0 })
    // Two pages of changes, one call to fetch Fight Club's TMDB facets again, three pages of trending (the top 50), one discover.
    expect((data.counters.tmdb ?? 0) - callsBefore).toBe(2 + 1 + 3 + 1)
    const refresh = events.find((event) => event.type === 'EnrichmentCompleted' && event.at === '2026-11-21T03:30:00.000Z')!
    expect(refresh.payload).toMatchObject({ movieId: 'tmdb:550', from: 'deep', to: 'deep', calls: { tmdb: 1 } })
    const refreshed = (await engine.movies.peek('tmdb:550'))!
    expect(refreshed.level).toBe('deep')
    expect(refreshed.facets.details!.at).toBe('2026-11-21T03:30:00.000Z')
    expect(refreshed.facets.wikipedia).toEqual(stampsBefore.wikipedia)
    const trending = events.find((event): event is CinelayerEvent<'TrendingMoviesFetched'> & AnyCinelayerEvent => event.type === 'TrendingMoviesFetched')!
    expect(trending.category).toBe('schedule')
    expect(trending.payload.movies).toHaveLength(50)
    expect(new Set(trending.payload.movies.map((movie) => movie.tmdb)).size).toBe(50)
    expect(await engine.movies.peek('tmdb:934433')).toMatchObject({ level: 'initial', title: 'Scream VI' })
    expect(events.filter((event) => event.type === 'ScheduledJobCompleted')).toHaveLength(4)
    await engine.close()
    expect(timer.pending).toBe(0)
  })

  it('takes the trending list as far as the recording goes, and refuses a count that is not one', async () => {
    const { engine, events } = engineOn({ schedule: { timezone: 'UTC', housekeeping: false, discover: false, providerRefresh: false, trending: { window: 'week' } } })
    const report = await engine.scheduler!.run('trending')
    // The shipped recording has the first page only: its 20 movies, not a failed run.
    expect(report).toMatchObject({ status: 'succeeded', summary: { window: 'week', movies: 20 } })
    await engine.bus.settled()
    expect(events.filter((event) => event.type === 'MovieCreated')).toHaveLength(20)
    await engine.close()
    for (const count of [0, 1.5, -3, 20_000]) {
      expect(() => engineOn({ schedule: { trending: { count } } }), String(count)).toThrow(/schedule\.trending\.count/)
    }
  })

  it('keeps the refresh window in the store: after a restart, the next run reads the feed from where the last one ended', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cinelayer-refresh-window-'))
    folders.push(dir)
    const windows: string[] = []
    const replay = new JsonReplayProvider({ entries: await shippedEntries() })
    // TMDB's changes feed, empty, noting each window asked for.
    const data: DataProvider = {
      name: 'replay-with-changes',
      get counters() {
        return replay.counters
      },
      request<T>(request: DataRequest) {
        if (request.path !== '/3/movie/changes') return replay.request<T>(request)
        windows.push(`${String(request.query?.start_date)}..${String(request.query?.end_date)}`)
        return Promise.resolve({ results: [], page: 1, total_pages: 1, total_results: 0 } as T)
      },
    }
    const schedule = { timezone: 'UTC', housekeeping: false as const, trending: false as const, discover: false as const }
    const first = engineOn({ dataDir: dir, storage: undefined, data, schedule })
    expect(await first.engine.scheduler!.run('provider-refresh')).toMatchObject({ status: 'succeeded', summary: { since: '2026-11-20T00:00:00.000Z' } })
    await first.engine.close()
    // Three days later, in a new process: the window starts where the first run ended, not a day back.
    const timer = createManualTimer(createManualClock(START.getTime() + 3 * DAY))
    const second = createMovieEngine({ dataDir: dir, data, clock: timer.clock, timer, schedule })
    expect(await second.scheduler!.run('provider-refresh')).toMatchObject({ status: 'succeeded', summary: { since: '2026-11-21T00:00:00.000Z' } })
    expect(await second.stores.state.get('provider-refresh')).toEqual({ until: '2026-11-24T00:00:00.000Z' })
    await second.close()
    expect(windows).toEqual(['2026-11-20..2026-11-21', '2026-11-21..2026-11-24'])
  })

  it('keeps a movie whose refresh fails as it was, and fetches it again at its next request', async () => {
    const replay = await replayWithChanges(START)
    let tmdbDown = false
    // The recorded answers, except that TMDB's movie endpoint fails while `tmdbDown` is set.
    const data: DataProvider = {
      name: 'replay-with-an-outage',
      get counters() {
        return replay.counters
      },
      request<T>(request: DataRequest) {
        if (tmdbDown && request.path.startsWith('/3/movie/550')) return Promise.reject(new ProviderHttpError(requestKey(request), 503))
        return replay.request<T>(request)
      },
    }
    const { engine, events, clock } = engineOn({ data, schedule: { timezone: 'UTC', housekeeping: false, trending: false, discover: false } })
    const before = await engine.movies.get('tmdb:550', { level: 'deep' })
    tmdbDown = true
    const report = await engine.scheduler!.run('provider-refresh')
    expect(report.summary).toMatchObject({ stored: 1, refreshed: 0, failed: 1 })
    const kept = (await engine.movies.peek('tmdb:550'))!
    expect(kept).toMatchObject({ level: 'deep', title: before.title, overview: before.overview, cast: before.cast })
    expect(kept.facets.details!.at).toBe(new Date(0).toISOString())
    expect(events.filter((event) => event.type === 'EnrichmentFailed')).toHaveLength(1)

    tmdbDown = false
    // A day later, past the provider's back-off after the failure.
    clock.advance(DAY)
    const again = await engine.movies.get('tmdb:550', { level: 'basic' })
    expect(again.facets.details!.at).toBe(new Date(START.getTime() + DAY).toISOString())
    await engine.close()
  })
})
