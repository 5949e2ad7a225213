import { type Clock, type EventBus, type LevelSet, type MovieStore, OptionsInvalidError, type Timer } from '@cinelayer/core'
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
   * Creates the top `count` trending movies at `initial` (`TrendingMoviesFetched`), reading as many
   * pages of 20 as that takes. Default `{ cron: '0 *\/6 * * *', window: 'day', count: 50 }` (every six hours).
   */
  trending?: false | { cron?: string; window?: 'day' | 'week'; count?: number }
  /**
   * Creates the movies of a TMDB discover query at `initial` (`DiscoverMoviesFetched`). Default
   * `{ cron: '0 5 * * 1', params: { sort_by: 'popularity.desc' } }` (Mondays at 05:00).
   */
  discover?: false | { cron?: string; params?: Record<string, QueryValue> }
  /**
   * Re-enriches the movies TMDB's changes feed names, when stored at `minLevel` or above. Each run
   * reads the feed from where the last one ended, kept in the store (state `provider-refresh`), so a
   * restart loses no change; the first run looks back `lookbackDays`.
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
  /** Named durable state of the store (`stores.state`): where the refresh window is kept. */
  state: { get<T>(name: string): Promise<T | null>; set(name: string, value: unknown): Promise<void> }
}

/** The state name the provider refresh keeps the end of its last window under. */
export const REFRESH_WINDOW_STATE = 'provider-refresh'

/** The scheduler of an engine, or `null` when `schedule` is off. Not started. */
export function createEngineScheduler(schedule: boolean | EngineScheduleOptions | undefined, deps: ScheduleDeps): Scheduler | null {
  if (!schedule) return null
  const options: EngineScheduleOptions = schedule === true ? {} : schedule
  const { bus, tmdb } = deps
  const jobs: ScheduledJob[] = []
  if (options.housekeeping !== false) jobs.push(housekeepingJob({ housekeeper: deps.housekeeping, ...(options.housekeeping ?? {}) }))
  if (options.trending !== false) {
    const { count = 50, ...rest } = options.trending ?? {}
    if (!(Number.isInteger(count) && count >= 1 && count <= 10_000)) throw new OptionsInvalidError('schedule.trending.count', `expected a whole number from 1 to 10000, got ${String(count)}`)
    jobs.push(trendingJob({ bus, fetch: (window, signal) => trendingSeeds(tmdb, window, signal, count), ...rest }))
  }
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
        window: {
          load: async () => {
            const kept = await deps.state.get<{ until?: unknown }>(REFRESH_WINDOW_STATE)
            const until = typeof kept?.until === 'string' ? Date.parse(kept.until) : Number.NaN
            return Number.isFinite(until) ? until : null
          },
          save: (until) => deps.state.set(REFRESH_WINDOW_STATE, { until: new Date(until).toISOString() }),
        },
        ...(options.providerRefresh ?? {}),
      }),
    )
  }
  jobs.push(...(options.jobs ?? []))
  return createScheduler({ jobs, clock: deps.clock, timer: deps.timer, bus, ...(options.timezone === undefined ? {} : { timezone: options.timezone }) })
}
