import type { Clock, EventBus, LevelSet, MovieStore, Timer } from '@cinelayer/core'
import {
  type Housekeeper,
  type ScheduledJob,
  type Scheduler,
  createScheduler,
  discoverJob,
  housekeepingJob,
  providerRefreshJob,
  trendingJob,
} from '@cinelayer/housekeeping'
import type { QueryValue, TmdbProvider } from '@cinelayer/providers'
import { changedTmdbIds, discoverSeeds, trendingSeeds } from './tmdb-feeds.js'

/** The engine's scheduled jobs (`MovieEngineOptions.schedule`). Each job: `false` turns it off, `{}` keeps its defaults. */
export interface EngineScheduleOptions {
  /** Plans and applies housekeeping. Default `{ cron: '0 4 * * *' }` (04:00 every day). */
  housekeeping?: false | { cron?: string; dryRun?: boolean }
  /**
   * Creates the trending movies at `initial` (`TrendingMoviesFetched`). Default
   * `{ cron: '0 *\/6 * * *', window: 'day' }` (every six hours).
   */
  trending?: false | { cron?: string; window?: 'day' | 'week' }
  /**
   * Creates the movies of a TMDB discover query at `initial` (`DiscoverMoviesFetched`). Default
   * `{ cron: '0 5 * * 1', params: { sort_by: 'popularity.desc' } }` (Mondays at 05:00).
   */
  discover?: false | { cron?: string; params?: Record<string, QueryValue> }
  /**
   * Re-enriches the movies TMDB's changes feed names, when stored at `minLevel` or above.
   * Default `{ cron: '30 3 * * *', minLevel: 'basic', lookbackDays: 1 }`.
   */
  providerRefresh?: false | { cron?: string; minLevel?: string; lookbackDays?: number }
  /** More jobs of your own. Default: none. */
  jobs?: ScheduledJob[]
  /** Time zone of the cron expressions. Default: the system's. */
  timezone?: string
}

interface ScheduleDeps {
  bus: EventBus
  clock: Clock
  timer: Timer
  tmdb: TmdbProvider
  housekeeping: Housekeeper
  movies: MovieStore
  levels: LevelSet
  refresh(movieId: string): Promise<unknown>
}

/** The scheduler of an engine, or `null` when `schedule` is off. Not started. */
export function createEngineScheduler(schedule: boolean | EngineScheduleOptions | undefined, deps: ScheduleDeps): Scheduler | null {
  if (!schedule) return null
  const options: EngineScheduleOptions = schedule === true ? {} : schedule
  const { bus, tmdb } = deps
  const jobs: ScheduledJob[] = []
  if (options.housekeeping !== false) jobs.push(housekeepingJob({ housekeeper: deps.housekeeping, ...(options.housekeeping ?? {}) }))
  if (options.trending !== false) jobs.push(trendingJob({ bus, fetch: (window, signal) => trendingSeeds(tmdb, window, signal), ...(options.trending ?? {}) }))
  if (options.discover !== false) {
    const { params = { sort_by: 'popularity.desc' }, ...rest } = options.discover ?? {}
    jobs.push(discoverJob({ bus, fetch: (signal) => discoverSeeds(tmdb, params, signal), ...rest }))
  }
  if (options.providerRefresh !== false) {
    jobs.push(
      providerRefreshJob({
        movies: deps.movies,
        levels: deps.levels,
        bus,
        changes: (window) => changedTmdbIds(tmdb, window),
        refresh: (movieId) => deps.refresh(movieId),
        ...(options.providerRefresh ?? {}),
      }),
    )
  }
  jobs.push(...(options.jobs ?? []))
  return createScheduler({ jobs, clock: deps.clock, timer: deps.timer, bus, ...(options.timezone === undefined ? {} : { timezone: options.timezone }) })
}
