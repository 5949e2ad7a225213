import { CinelayerError, DAY, EnrichmentFailedError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { type ChangeWindow, createHousekeeper, createScheduler, discoverJob, housekeepingJob, notReadFor, providerRefreshJob, trendingJob } from '../src/index.js'
import { NOW, fixtureCatalog } from './catalog.js'
import { T0, createWorld } from './helpers.js'

const context = (scheduledFor: number, lastSuccess: number | null = null) => ({ signal: new AbortController().signal, scheduledFor, lastSuccess })

describe('scheduled jobs', () => {
  it('housekeepingJob applies a plan and sums it up; a dry run only plans', async () => {
    const world = await fixtureCatalog()
    const housekeeper = createHousekeeper({ ...world, rules: [notReadFor()] })
    const dry = await housekeepingJob({ housekeeper, dryRun: true }).run(context(NOW))
    expect(dry).toMatchObject({ examined: 7, planned: 4, downgraded: 0, bytesFreed: 0 })
    const job = housekeepingJob({ housekeeper })
    expect(job).toMatchObject({ name: 'housekeeping', cron: '0 4 * * *' })
    const summary = await job.run(context(NOW))
    expect(summary).toMatchObject({ examined: 7, planned: 4, downgraded: 4, skipped: 0, failed: 0 })
    expect((await world.movies.get('tmdb:603'))!.level).toBe('basic')
  })

  it('trendingJob and discoverJob publish what they fetched, for the engine to create', async () => {
    const world = createWorld()
    const windows: string[] = []
    const trending = trendingJob({
      bus: world.bus,
      window: 'week',
      fetch: async (window) => (windows.push(window), [{ tmdb: 603, title: 'The Matrix', year: 1999 }]),
    })
    const discover = discoverJob({ bus: world.bus, fetch: async () => [{ tmdb: 550 }, { tmdb: 680 }] })
    expect(await trending.run(context(T0))).toEqual({ window: 'week', movies: 1 })
    expect(await discover.run(context(T0))).toEqual({ movies: 2 })
    expect(windows).toEqual(['week'])
    expect(world.events.map(({ type, category, payload }) => ({ type, category, payload }))).toEqual([
      { type: 'TrendingMoviesFetched', category: 'schedule', payload: { window: 'week', movies: [{ tmdb: 603, title: 'The Matrix', year: 1999 }] } },
      { type: 'DiscoverMoviesFetched', category: 'schedule', payload: { movies: [{ tmdb: 550 }, { tmdb: 680 }] } },
    ])
  })

  it('providerRefreshJob re-enriches the stored movies changed upstream that are at basic or above', async () => {
    const world = await fixtureCatalog()
    const windows: Array<Omit<ChangeWindow, 'signal'>> = []
    const refreshed: string[] = []
    const job = providerRefreshJob({
      movies: world.movies,
      levels: world.levels,
      bus: world.bus,
      async *changes({ since, until }) {
        windows.push({ since, until })
        // 99999 is not stored; 155 twice (TMDB repeats ids across pages); 278 fails upstream.
        yield* [603, 99999, 155, 278, 155, 550]
      },
      async refresh(movieId) {
        if (movieId === 'tmdb:278') throw new EnrichmentFailedError(movieId, 'deep', 'deep', 'tmdb', ['details'], new Error('TMDB answered 503'))
        refreshed.push(movieId)
      },
    })
    const first = await job.run(context(NOW))
    expect(first).toEqual({ since: new Date(NOW - DAY).toISOString(), changed: 5, stored: 4, refreshed: 3, failed: 1 })
    expect(refreshed).toEqual(['tmdb:603', 'tmdb:155', 'tmdb:550'])
    // The next run starts where the last success was due; never more than 14 days back.
    await job.run(context(NOW + 3 * DAY, NOW))
    await job.run(context(NOW + 40 * DAY, NOW))
    expect(windows.map(({ since, until }) => [since.toISOString(), until.toISOString()])).toEqual([
      [new Date(NOW - DAY).toISOString(), new Date(NOW).toISOString()],
      [new Date(NOW).toISOString(), new Date(NOW + 3 * DAY).toISOString()],
      [new Date(NOW + 26 * DAY).toISOString(), new Date(NOW + 40 * DAY).toISOString()],
    ])
    expect(world.events.filter((event) => event.type === 'ProviderRefreshRequested').map((event) => event.payload)).toEqual([
      { since: new Date(NOW - DAY).toISOString() },
      { since: new Date(NOW).toISOString() },
      { since: new Date(NOW + 26 * DAY).toISOString() },
    ])
  })

  it('providerRefreshJob starts where the window store says the last run ended, and saves where this one ends', async () => {
    const world = await fixtureCatalog()
    const saved: number[] = []
    let kept: number | null = NOW - 5 * DAY
    const windows: string[] = []
    const job = providerRefreshJob({
      movies: world.movies,
      levels: world.levels,
      changes: async ({ since, until }) => (windows.push(`${since.toISOString()}..${until.toISOString()}`), []),
      refresh: async () => undefined,
      window: { load: async () => kept, save: async (until) => void saved.push(until) },
    })
    await job.run(context(NOW))
    // A run the scheduler remembers wins over the store (the same process wrote both).
    await job.run(context(NOW + DAY, NOW))
    kept = null
    await job.run(context(NOW + 2 * DAY))
    expect(windows).toEqual([
      `${new Date(NOW - 5 * DAY).toISOString()}..${new Date(NOW).toISOString()}`,
      `${new Date(NOW).toISOString()}..${new Date(NOW + DAY).toISOString()}`,
      `${new Date(NOW + DAY).toISOString()}..${new Date(NOW + 2 * DAY).toISOString()}`,
    ])
    expect(saved).toEqual([NOW, NOW + DAY, NOW + 2 * DAY])
    // An aborted run saves nothing: its window is read again.
    const aborted = new AbortController()
    aborted.abort()
    await job.run({ signal: aborted.signal, scheduledFor: NOW + 3 * DAY, lastSuccess: null })
    expect(saved).toHaveLength(3)
  })

  it('providerRefreshJob leaves movies below its level alone, and fails on a feed that fails', async () => {
    const world = await fixtureCatalog()
    const refreshed: string[] = []
    const job = providerRefreshJob({
      movies: world.movies,
      levels: world.levels,
      minLevel: 'medium',
      changes: async () => [155, 238, 13],
      refresh: async (movieId) => void refreshed.push(movieId),
    })
    expect(await job.run(context(NOW))).toMatchObject({ changed: 3, stored: 3, refreshed: 2 })
    expect(refreshed).toEqual(['tmdb:238', 'tmdb:13'])
    const broken = providerRefreshJob({
      movies: world.movies,
      levels: world.levels,
      changes: async () => {
        throw new CinelayerError('CINELAYER_ERR_PROVIDER_HTTP', 'TMDB answered 401 for /3/movie/changes')
      },
      refresh: async () => undefined,
    })
    const scheduler = createScheduler({ jobs: [broken], timer: world.timer })
    await expect(scheduler.run('provider-refresh')).resolves.toMatchObject({ status: 'failed', error: { code: 'CINELAYER_ERR_PROVIDER_HTTP' } })
    expect(() => providerRefreshJob({ movies: world.movies, levels: world.levels, changes: async () => [], refresh: async () => undefined, lookbackDays: 15 })).toThrow(
      /lookbackDays/,
    )
  })
})
