import { CinelayerError, DAY, type EventBus, type LevelSet, type MovieStore } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'
import type { ScheduledJob } from './scheduled-job.js'

/** A window of the upstream change feed. */
export interface ChangeWindow {
  since: Date
  until: Date
  signal: AbortSignal
}

/** Options of {@link providerRefreshJob}. */
export interface ProviderRefreshJobOptions {
  /** TMDB ids of the movies changed upstream in a window (the engine reads TMDB's `/3/movie/changes`, every page). */
  changes(window: ChangeWindow): AsyncIterable<number> | Promise<readonly number[]>
  /** Where the movies are looked up; only stored ones are refreshed. */
  movies: MovieStore
  levels: LevelSet
  /** Fetches a movie's facets again, keeping its level (the engine gives `movies.refresh(id, { providers: ['tmdb'] })`). */
  refresh(movieId: string, signal: AbortSignal): Promise<unknown>
  /** Movies below this level are left alone: they hold too little to be stale. Default `'basic'`. */
  minLevel?: string
  /** Window of the first run, in days back (later runs start where the last success ended). Default `1`. */
  lookbackDays?: number
  /** When it runs. Default `'30 3 * * *'` (03:30 every day). */
  cron?: string
  /** Where `ProviderRefreshRequested` is published when a run starts. Default: none. */
  bus?: EventBus
  /**
   * Where the end of the last window read is kept, so that the next window starts there even after
   * a restart (the engine keeps it in the store's state, `provider-refresh`). Default: in memory only
   * (the scheduler's last success; a restart goes back `lookbackDays`).
   */
  window?: RefreshWindowStore
}

/** Keeps the end of the last change window read (ms since epoch). */
export interface RefreshWindowStore {
  load(): Promise<number | null>
  save(until: number): Promise<void>
}

// TMDB serves a change window of at most 14 days.
const MAX_WINDOW_DAYS = 14

/**
 * A job that re-enriches the stored movies TMDB says changed since its last successful run
 * (named `provider-refresh`). Movies below `minLevel` are skipped; one that fails to refresh is
 * counted and the others go on. The window never exceeds 14 days (what TMDB serves); with a
 * `window` store it starts where the last one ended, across restarts.
 * @throws HousekeepingOptionsError for a lookback outside 0–14 days.
 */
export function providerRefreshJob(options: ProviderRefreshJobOptions): ScheduledJob {
  const { movies, levels, minLevel = 'basic', lookbackDays = 1, cron = '30 3 * * *' } = options
  if (typeof lookbackDays !== 'number' || !(lookbackDays > 0) || lookbackDays > MAX_WINDOW_DAYS) {
    throw new HousekeepingOptionsError('providerRefreshJob.lookbackDays', `expected a number of days in (0, ${MAX_WINDOW_DAYS}], got ${String(lookbackDays)}`)
  }
  levels.assert(minLevel)
  return {
    name: 'provider-refresh',
    cron,
    async run({ signal, scheduledFor, lastSuccess }) {
      const kept = lastSuccess ?? (await options.window?.load()) ?? null
      const since = Math.max(kept ?? scheduledFor - lookbackDays * DAY, scheduledFor - MAX_WINDOW_DAYS * DAY)
      options.bus?.publish({ type: 'ProviderRefreshRequested', category: 'schedule', payload: { since: new Date(since).toISOString() } })
      const counts = { changed: 0, stored: 0, refreshed: 0, failed: 0 }
      const seen = new Set<number>()
      for await (const tmdb of await options.changes({ since: new Date(since), until: new Date(scheduledFor), signal })) {
        if (signal.aborted) break
        // TMDB repeats an id across pages when it changes while they are read.
        if (seen.has(tmdb)) continue
        seen.add(tmdb)
        counts.changed++
        try {
          const movie = await movies.get(`tmdb:${tmdb}`)
          if (!movie) continue
          counts.stored++
          if (levels.compare(movie.level, minLevel) < 0) continue
          await options.refresh(movie.id, signal)
          counts.refreshed++
        } catch (error) {
          if (!(error instanceof CinelayerError)) throw error
          counts.failed++
        }
      }
      // The next window starts where this one ended, restart or not; an aborted run is read again.
      if (!signal.aborted) await options.window?.save(scheduledFor)
      return { since: new Date(since).toISOString(), ...counts }
    },
  }
}
