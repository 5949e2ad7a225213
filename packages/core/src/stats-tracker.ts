import type { Clock } from './clock.js'
import type { EventBus, Unsubscribe } from './event-bus.js'
import type { EventType } from './events.js'
import { SCHEMA_VERSION, type MovieStats } from './schemas.js'
import type { MovieStore, StatsStore } from './stores.js'

/** Options of {@link StatsTracker}. */
export interface StatsTrackerOptions {
  /** Bus the usage events come from. */
  bus: EventBus
  /** Where the counters are written. */
  stats: StatsStore
  /** Resolves aliases to canonical ids. */
  movies: MovieStore
  /** Stamps `lastAccess`. */
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
 * Counts how each movie is used (requests, views, plays, last access) from the bus. Ids are
 * resolved to the canonical movie first, and updates of one movie are serialized, so that none
 * is lost even when an alias and the canonical id are used at once.
 */
export class StatsTracker {
  readonly #options: StatsTrackerOptions
  /** The tail of the update chain of each canonical movie id. */
  readonly #queues = new Map<string, Promise<void>>()
  /** Every update not yet written, including those still resolving their id. */
  readonly #pending = new Set<Promise<void>>()
  #off: Unsubscribe | undefined

  constructor(options: StatsTrackerOptions) {
    this.#options = options
  }

  /** Starts listening to usage events (`MovieRequested`, `MovieViewed`, `PlaybackStarted`). */
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

  /**
   * Counts one use of a movie now (the time is taken when called, not when written). Aliases are
   * resolved to the canonical id.
   */
  record(movieId: string, kind: 'views' | 'plays' | 'requests'): Promise<void> {
    const at = this.#options.clock.now()
    const update = this.#canonical(movieId).then((id) => this.#enqueue(id, kind, at))
    this.#pending.add(update)
    void update.then(
      () => this.#pending.delete(update),
      () => this.#pending.delete(update),
    )
    return update
  }

  /** Resolves when every pending update is written (or has failed). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending])
  }

  /** Stats of one movie, by its id or an alias (zeroes when it was never used). */
  async get(movieId: string): Promise<MovieStats> {
    const id = await this.#canonical(movieId)
    return (await this.#options.stats.get(id)) ?? emptyStats(id)
  }

  async #canonical(movieId: string): Promise<string> {
    return (await this.#options.movies.resolve(movieId)) ?? movieId
  }

  #enqueue(id: string, kind: 'views' | 'plays' | 'requests', at: number): Promise<void> {
    const { stats } = this.#options
    const previous = this.#queues.get(id) ?? Promise.resolve()
    // A failed write must not cancel the updates queued behind it.
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const current = (await stats.get(id)) ?? emptyStats(id)
        // Updates may be written out of call order across ids that resolve at different speeds.
        const lastAccess = current.lastAccess && Date.parse(current.lastAccess) > at ? current.lastAccess : new Date(at).toISOString()
        await stats.put({ ...current, [kind]: current[kind] + 1, lastAccess })
      })
    this.#queues.set(id, next)
    void next.then(
      () => this.#clearQueue(id, next),
      () => this.#clearQueue(id, next),
    )
    return next
  }

  #clearQueue(id: string, settled: Promise<void>): void {
    if (this.#queues.get(id) === settled) this.#queues.delete(id)
  }
}
