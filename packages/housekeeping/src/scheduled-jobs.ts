import type { EventBus, MovieSeed } from '@cinelayer/core'
import type { Housekeeper } from './housekeeper.js'
import type { ScheduledJob } from './scheduled-job.js'

/** Options of {@link housekeepingJob}. */
export interface HousekeepingJobOptions {
  housekeeper: Pick<Housekeeper, 'run'>
  /** When it runs. Default `'0 4 * * *'` (04:00 every day). */
  cron?: string
  /** Only plan (a report to review) instead of applying. Default `false`. */
  dryRun?: boolean
}

/** A job that plans and applies housekeeping (named `housekeeping`). */
export function housekeepingJob(options: HousekeepingJobOptions): ScheduledJob {
  const { housekeeper, cron = '0 4 * * *', dryRun = false } = options
  return {
    name: 'housekeeping',
    cron,
    async run() {
      const { plan, report } = await housekeeper.run({ dryRun })
      return {
        examined: plan.examined,
        planned: plan.changes.length,
        problems: plan.problems.length,
        downgraded: report?.totals.downgraded ?? 0,
        skipped: report?.totals.skipped ?? 0,
        failed: report?.totals.failed ?? 0,
        bytesFreed: report?.totals.bytesFreed ?? 0,
      }
    },
  }
}

/** Options of {@link trendingJob}. */
export interface TrendingJobOptions {
  /** Fetches the trending movies of a window (the engine asks TMDB). */
  fetch(window: 'day' | 'week', signal: AbortSignal): Promise<MovieSeed[]>
  /** Where `TrendingMoviesFetched` is published (the engine creates the movies it names). */
  bus: EventBus
  /** Default `'day'`. */
  window?: 'day' | 'week'
  /** When it runs. Default `'0 *\/6 * * *'` (every six hours). */
  cron?: string
}

/** A job that fetches trending movies and publishes `TrendingMoviesFetched` (named `trending`). */
export function trendingJob(options: TrendingJobOptions): ScheduledJob {
  const { fetch, bus, window = 'day', cron = '0 */6 * * *' } = options
  return {
    name: 'trending',
    cron,
    async run({ signal }) {
      const movies = await fetch(window, signal)
      bus.publish({ type: 'TrendingMoviesFetched', category: 'schedule', payload: { window, movies } })
      return { window, movies: movies.length }
    },
  }
}

/** Options of {@link discoverJob}. */
export interface DiscoverJobOptions {
  /** Fetches the movies to discover (the engine asks TMDB's discover with its filters). */
  fetch(signal: AbortSignal): Promise<MovieSeed[]>
  /** Where `DiscoverMoviesFetched` is published (the engine creates the movies it names). */
  bus: EventBus
  /** When it runs. Default `'0 5 * * 1'` (Mondays at 05:00). */
  cron?: string
}

/** A job that fetches movies from a discover query and publishes `DiscoverMoviesFetched` (named `discover`). */
export function discoverJob(options: DiscoverJobOptions): ScheduledJob {
  const { fetch, bus, cron = '0 5 * * 1' } = options
  return {
    name: 'discover',
    cron,
    async run({ signal }) {
      const movies = await fetch(signal)
      bus.publish({ type: 'DiscoverMoviesFetched', category: 'schedule', payload: { movies } })
      return { movies: movies.length }
    },
  }
}
