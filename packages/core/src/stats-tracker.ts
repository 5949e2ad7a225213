import type { Clock } from './clock.js'
import type { EventBus, Unsubscribe } from './event-bus.js'
import type { EventType } from './events.js'
import { SCHEMA_VERSION, type MovieStats } from './schemas.js'
import type { MovieStore, StatsStore } from './stores.js'

/** Options of {@link StatsTracker}. */
export interface StatsTrackerOptions {
  bus: EventBus
  stats: StatsStore
  movies: MovieStore
  clock: Clock
}

const counted: Partial<Record<EventType, keyof Pick<MovieStats, 'views' | 'plays' | 'requests'>>> = {
  MovieRequested: 'requests',
  MovieViewed: 'views',
  PlaybackStarted: 'plays',
}

/** An empty stats record. */
export function emptyStats(movieId: string): MovieStats {
  return { schemaVersion: SCHEMA_VERSION, movieId, views: 0, plays: 0, requests: 0, lastAccess: null }
}

/**
 * Counts how each movie is used (requests, views, plays, last access) from the bus. Updates of
 * one movie are serialized so that none is lost.
 */
export class StatsTracker {
  readonly #options: StatsTrackerOptions
  readonly #queues = new Map<string, Promise<void>>()
  #off: Unsubscribe | undefined

  constructor(options: StatsTrackerOptions) {
    this.#options = options
  }

  /** Starts listening to usage events. */
  start(): this {
    this.#off ??= this.#options.bus.on(['MovieRequested', 'MovieViewed', 'PlaybackStarted'], (event) =>
      this.record(event.payload.movieId, counted[event.type]!),
    )
    return this
  }

  /** Stops listening. */
  stop(): void {
    this.#off?.()
    this.#off = undefined
  }

  /** Counts one use of a movie now. Aliases are resolved to the canonical id. */
  record(movieId: string, kind: 'views' | 'plays' | 'requests'): Promise<void> {
    const previous = this.#queues.get(movieId) ?? Promise.resolve()
    const next = previous.then(async () => {
      const id = (await this.#options.movies.resolve(movieId)) ?? movieId
      const current = (await this.#options.stats.get(id)) ?? emptyStats(id)
      await this.#options.stats.put({ ...current, [kind]: current[kind] + 1, lastAccess: new Date(this.#options.clock.now()).toISOString() })
    })
    const tracked = next.finally(() => {
      if (this.#queues.get(movieId) === tracked) this.#queues.delete(movieId)
    })
    this.#queues.set(movieId, tracked)
    return next
  }

  /** Resolves when every pending update is written. */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()])
  }

  /** Stats of one movie (zeroes when it was never used). */
  async get(movieId: string): Promise<MovieStats> {
    return (await this.#options.stats.get(movieId)) ?? emptyStats(movieId)
  }
}
