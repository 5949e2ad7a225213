import type { Clock } from './clock.js'
import { CinelayerError, OptionsInvalidError } from './errors.js'
import type { EventBus, Unsubscribe } from './event-bus.js'
import type { EventType } from './events.js'
import { DEFAULT_HALF_LIFE_DAYS, type UsageKind, checkPopularityOptions, popularityAt } from './popularity.js'
import type { MovieStats } from './schemas.js'
import type { MovieStore, StatsStore } from './stores.js'
import { type Timer, systemTimer } from './timer.js'
import { type PendingUsage, addUse, applyUsage, emptyStats, mergeUsage, totalUses } from './usage-batch.js'

export { emptyStats }

/** Options of {@link StatsTracker}. */
export interface StatsTrackerOptions {
  /** Bus the usage events come from; `StatsFlushFailed` is published on it. */
  bus: EventBus
  /** Where the counters are written. */
  stats: StatsStore
  /** Resolves aliases to canonical ids; lists the movies never used. */
  movies: MovieStore
  /** Stamps `lastAccess` and the popularity. */
  clock: Clock
  /** Waits between flushes. Default: the system timer. Inject a `ManualTimer` in tests. */
  timer?: Timer
  /**
   * How long uses are counted in memory before they are written, in ms. Every movie used in
   * that window is written once. `0` writes at the end of the current turn. Default `10_000`.
   */
  flushIntervalMs?: number
  /** Half-life of the popularity score, in days. Default `30`. */
  halfLifeDays?: number
  /** Popularity each use adds, per kind. Default {@link defaultUsageWeights}. */
  weights?: Partial<Record<UsageKind, number>>
}

/** What one flush wrote. */
export interface StatsFlushResult {
  /** Movies whose stats were written. */
  written: number
  /** Movies whose write failed: their uses are kept and retried at the next flush. */
  failed: Array<{ movieId: string; code: string; message: string }>
}

/** A movie's place in a usage ranking. */
export interface UsageRank {
  movieId: string
  /** Popularity now, decayed. */
  popularity: number
  stats: MovieStats
}

const kindOf: Partial<Record<EventType, UsageKind>> = {
  MovieRequested: 'requests',
  MovieViewed: 'views',
  PlaybackStarted: 'plays',
  SearchHit: 'searchHits',
  RecommendationShown: 'recommendations',
}

// Movies whose uses are written in one commit.
const FLUSH_BATCH = 500

/**
 * Counts how each movie is used (requests, views, plays, search hits, recommendations shown),
 * keeps its last access and a popularity score that halves every `halfLifeDays`. Uses are
 * counted in memory and written behind: one commit per flush (a batch of movies at a time), every
 * `flushIntervalMs`, on `flush()` and when the engine closes. Ids are resolved to the canonical
 * movie first.
 */
export class StatsTracker {
  readonly #options: StatsTrackerOptions
  readonly #weights: Record<UsageKind, number>
  readonly #halfLifeDays: number
  readonly #intervalMs: number
  readonly #timer: Timer
  #pending = new Map<string, PendingUsage>()
  /** Uses still resolving their movie id. */
  readonly #resolving = new Set<Promise<unknown>>()
  #flushing: Promise<StatsFlushResult> = Promise.resolve({ written: 0, failed: [] })
  #armed: AbortController | undefined
  #stopped = false
  #off: Unsubscribe | undefined

  /** @throws OptionsInvalidError for a negative interval, a half-life that is not positive or a bad weight. */
  constructor(options: StatsTrackerOptions) {
    const { flushIntervalMs = 10_000, halfLifeDays = DEFAULT_HALF_LIFE_DAYS } = options
    if (typeof flushIntervalMs !== 'number' || !Number.isFinite(flushIntervalMs) || flushIntervalMs < 0) {
      throw new OptionsInvalidError('flushIntervalMs', `expected a finite number of ms >= 0, got ${String(flushIntervalMs)}`)
    }
    this.#weights = checkPopularityOptions(halfLifeDays, options.weights)
    this.#options = options
    this.#halfLifeDays = halfLifeDays
    this.#intervalMs = flushIntervalMs
    this.#timer = options.timer ?? systemTimer
  }

  /** The half-life in force, in days. */
  get halfLifeDays(): number {
    return this.#halfLifeDays
  }

  /** Starts listening to `MovieRequested`, `MovieViewed`, `PlaybackStarted`, `SearchHit` and `RecommendationShown`. */
  start(): this {
    this.#stopped = false
    this.#off ??= this.#options.bus.on(Object.keys(kindOf) as EventType[], (event) =>
      this.record((event.payload as { movieId: string }).movieId, kindOf[event.type]!),
    )
    return this
  }

  /** Stops listening and stops the flush timer. What is pending stays until {@link flush}; `start()` resumes. */
  stop(): void {
    this.#off?.()
    this.#off = undefined
    this.#stopped = true
    this.#armed?.abort()
    this.#armed = undefined
  }

  /**
   * Counts one use of a movie now (the time is taken when called, not when written). Resolves
   * once the use is counted, before it is written; rejects when the id is invalid.
   */
  record(movieId: string, kind: UsageKind): Promise<void> {
    const at = this.#options.clock.now()
    const counted = this.#canonical(movieId).then((id) => {
      this.#pending.set(id, addUse(this.#pending.get(id), kind, at, this.#weights[kind], this.#halfLifeDays))
      this.#arm()
    })
    this.#resolving.add(counted)
    const forget = () => this.#resolving.delete(counted)
    void counted.then(forget, forget)
    return counted
  }

  /**
   * Writes every pending use now: one write per movie. Never rejects for a failed write: that
   * movie's uses are kept for the next flush and a `StatsFlushFailed` event is published.
   */
  flush(): Promise<StatsFlushResult> {
    this.#flushing = this.#flushing.then(() => this.#flushNow())
    return this.#flushing
  }

  /** Stats of one movie by its id or an alias, uses not yet written included (zeroes when never used). */
  async get(movieId: string): Promise<MovieStats> {
    const id = await this.#canonical(movieId)
    const stored = (await this.#options.stats.get(id)) ?? emptyStats(id)
    const pending = this.#pending.get(id)
    return pending ? applyUsage(stored, pending, this.#halfLifeDays) : stored
  }

  /** Latest use of a canonical movie id counted but not yet written (ms since epoch), or `null`. */
  pendingLastAccess(movieId: string): number | null {
    return this.#pending.get(movieId)?.lastAccess ?? null
  }

  /** The `limit` most popular movies now (decayed popularity, highest first). Flushes first. Default limit 10. */
  async top(limit = 10): Promise<UsageRank[]> {
    return (await this.#ranking(limit)).sort((a, b) => b.popularity - a.popularity || compareText(a.movieId, b.movieId)).slice(0, limit)
  }

  /** The `limit` least popular movies among those used at least once (lowest first). Flushes first. Default limit 10. */
  async leastUsed(limit = 10): Promise<UsageRank[]> {
    return (await this.#ranking(limit)).sort((a, b) => a.popularity - b.popularity || compareText(a.movieId, b.movieId)).slice(0, limit)
  }

  /** Ids of stored movies never used, sorted as the store lists them. Flushes first. */
  async neverUsed(): Promise<string[]> {
    await this.flush()
    const used = new Set((await this.#allStats()).filter((stats) => totalUses(stats) > 0).map((stats) => stats.movieId))
    return (await this.#options.movies.ids()).filter((id) => !used.has(id))
  }

  async #ranking(limit: number): Promise<UsageRank[]> {
    if (!Number.isInteger(limit) || limit < 0) throw new OptionsInvalidError('limit', `expected an integer >= 0, got ${String(limit)}`)
    await this.flush()
    const now = this.#options.clock.now()
    return (await this.#allStats())
      .filter((stats) => totalUses(stats) > 0)
      .map((stats) => ({ movieId: stats.movieId, popularity: popularityAt(stats, now), stats }))
  }

  async #allStats(): Promise<MovieStats[]> {
    const all: MovieStats[] = []
    for await (const stats of this.#options.stats.scan()) all.push(stats)
    return all
  }

  async #canonical(movieId: string): Promise<string> {
    return (await this.#options.movies.resolve(movieId)) ?? movieId
  }

  #arm(): void {
    if (this.#armed || this.#stopped) return
    const armed = new AbortController()
    this.#armed = armed
    this.#timer.sleep(this.#intervalMs, armed.signal).then(
      () => {
        if (this.#armed === armed) this.#armed = undefined
        void this.flush()
      },
      () => undefined,
    )
  }

  async #flushNow(): Promise<StatsFlushResult> {
    while (this.#resolving.size > 0) await Promise.allSettled([...this.#resolving])
    const batch = this.#pending
    this.#pending = new Map()
    const result: StatsFlushResult = { written: 0, failed: [] }
    // Uses of an id that names no stored movie (asked for, never created) are not kept: the
    // catalog has no usage of movies it does not hold.
    const entries: Array<[string, PendingUsage]> = []
    for (const [movieId, pending] of batch) {
      const canonical = await this.#options.movies.resolve(movieId).catch(() => movieId)
      if (canonical !== null) entries.push([canonical, pending])
    }
    for (let start = 0; start < entries.length; start += FLUSH_BATCH) {
      const slice = entries.slice(start, start + FLUSH_BATCH)
      const pendingOf = new Map(slice)
      try {
        await this.#options.stats.updateMany([...pendingOf.keys()], (current, movieId) =>
          applyUsage(current ?? emptyStats(movieId), pendingOf.get(movieId)!, this.#halfLifeDays),
        )
        result.written += slice.length
      } catch (error) {
        // Uses that failed are not re-armed here: against a disk that stays full, retrying in a
        // loop would spin. The next use, or the next explicit flush, takes them again.
        for (const [movieId, pending] of slice) this.#requeue(movieId, pending, error, result)
      }
    }
    return result
  }

  #requeue(movieId: string, pending: PendingUsage, error: unknown, result: StatsFlushResult): void {
    this.#pending.set(movieId, mergeUsage(pending, this.#pending.get(movieId), this.#halfLifeDays))
    const code = error instanceof CinelayerError ? error.code : 'CINELAYER_ERR_STORAGE_WRITE'
    const message = error instanceof Error ? error.message : String(error)
    result.failed.push({ movieId, code, message })
    this.#options.bus.publish({ type: 'StatsFlushFailed', payload: { movieId, code, message } })
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
