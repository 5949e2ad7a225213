import type { Clock } from './clock.js'
import type { Enricher } from './enricher.js'
import { type CheckedOutput, checkOutput } from './enrichment-output.js'
import { type StepResult, commitWrite } from './enrichment-writes.js'
import { type EnrichmentPlan, type PlanStep, planEnrichment } from './enrichment-plan.js'
import {
  CinelayerError,
  EngineClosedError,
  EnricherInvalidError,
  EnrichmentBackoffError,
  EnrichmentFailedError,
  MovieNotFoundError,
  RecordInvalidError,
} from './errors.js'
import type { EventBus } from './event-bus.js'
import { type FacetMaxAge, checkFacetMaxAge, defaultFacetMaxAge, staleFacets } from './facet-freshness.js'
import { parseMovieId } from './ids.js'
import type { LevelSet } from './levels.js'
import { MovieEntries } from './movie-entries.js'
import { applyPatch, MAX_RECORDED_ERRORS } from './movie-record.js'
import { type RetryBackoffOptions, backoffHolds, backoffOf, checkRetryBackoff } from './retry-backoff.js'
import type { Redactor } from './secret-redactor.js'
import { type Movie, MovieSchema } from './schemas.js'
import type { MovieStore } from './stores.js'

export type { EnrichmentPlan, PlanStep } from './enrichment-plan.js'

/** Options of {@link EnrichmentEngine}. */
export interface EnrichmentEngineOptions {
  /** Where movies live; every write goes through its `update`. */
  movies: MovieStore
  /** Enrichers, unique by name; for a facet several provide, the first listed wins. */
  enrichers: readonly Enricher[]
  levels: LevelSet
  bus: EventBus
  clock: Clock
  /** Requested language then fallbacks. Default `['en-US']`. */
  languages?: readonly string[]
  /** Max age of each facet in ms; a stale facet is fetched again by the next request needing it. Default {@link defaultFacetMaxAge}. */
  maxAge?: FacetMaxAge
  /**
   * Backoff after a provider failed for a movie: until it ends, a request needing that provider is
   * refused at once with `EnrichmentBackoffError`. `false` retries at once. Default
   * {@link defaultRetryBackoff} (30 s, doubling, at most 1 h).
   */
  retry?: RetryBackoffOptions | false
  /**
   * Makes the enrichment of one movie run once across processes sharing a store (a Redis lease,
   * say): `acquire` resolves when this process may enrich the movie, with a function releasing it.
   * Taken only when something is to be fetched; the record is read again once it is held. Default:
   * none (runs are shared within this process only).
   */
  lock?: { acquire(movieId: string): Promise<() => Promise<void>> }
  /** Cleans a provider's error (in place) before its message is recorded or published. Default: none. */
  redactor?: Redactor
}

/** Movies not stored whose failures are remembered (the oldest forgotten first). */
const UNSTORED_ERRORS_KEPT = 10_000

/** A movie a run creates: the record it starts from, and what asked for it (`MovieCreated.via`). */
interface Creation {
  record: Movie
  via: string
}

/** What a run was asked with: a record to create, the correlation id of the request that asked. */
interface RunRequest {
  create?: Creation | undefined
  correlationId?: string | undefined
}

/** A run: the plan, the record it started from, and the correlation id of its events. */
interface Run {
  stored: Movie
  /** Set when the run creates the movie (it was not stored). */
  creates: Creation | undefined
  target: string
  plan: EnrichmentPlan
  correlationId: string
}

/**
 * Plans and runs enrichment. It brings a movie up to a level by asking each enricher once for
 * every facet it provides in the jump (stale facets of that enricher ride along), commits the
 * result (record, people, credits, aliases) as one change through the store's `update`, and shares
 * a run between concurrent requests for the same movie. The run in flight lives in the movie's
 * entry ({@link EnrichmentEngine.entries}), the single owner of per-movie runtime state.
 */
export class EnrichmentEngine {
  readonly #options: EnrichmentEngineOptions
  readonly #byFacet = new Map<string, Enricher>()
  readonly #byName = new Map<string, Enricher>()
  /** Per-movie runtime state: the run in flight, creations, background work. */
  readonly entries = new MovieEntries()
  /**
   * Failures of movies not stored yet (a first request that failed): kept here, bounded, so that
   * they back off like a stored movie's recorded errors without a record being written.
   */
  readonly #unstoredErrors = new Map<string, Movie['errors']>()
  #runs = 0
  #closed = false
  /** Failures recorded before this engine started are not held against a provider (see backoffOf). */
  readonly #startedAt: number

  /** @throws EnricherInvalidError when two enrichers share a name; OptionsInvalidError for a bad `maxAge` or `retry`. */
  constructor(options: EnrichmentEngineOptions) {
    checkFacetMaxAge(options.maxAge)
    checkRetryBackoff(options.retry)
    this.#options = options
    this.#startedAt = options.clock.now()
    for (const enricher of options.enrichers) {
      if (this.#byName.has(enricher.name)) throw new EnricherInvalidError(enricher.name, `Two enrichers are named "${enricher.name}"`)
      this.#byName.set(enricher.name, enricher)
      for (const facet of enricher.provides) if (!this.#byFacet.has(facet)) this.#byFacet.set(facet, enricher)
    }
  }

  /** The facets some enricher provides. */
  get providableFacets(): string[] {
    return [...this.#byFacet.keys()]
  }

  /** Number of enrichment runs started (each may call several providers once). */
  get runs(): number {
    return this.#runs
  }

  /**
   * Plans the jump of `movie` to `target` now (stale facets included) without running it.
   * @throws UnknownLevelError for an unknown target; PlanUnsatisfiableError when a facet has no
   *   enricher or enrichers need each other.
   */
  plan(movie: Movie, target: string): EnrichmentPlan {
    const stale = new Set(staleFacets(movie, Object.keys(movie.facets), (this.#options.maxAge ?? defaultFacetMaxAge), this.#options.clock.now()))
    return planEnrichment({ movie, target, levels: this.#options.levels, byFacet: this.#byFacet, stale })
  }

  /** Whether a run for this canonical movie id is in flight. */
  isEnriching(movieId: string): boolean {
    return this.entries.get(movieId)?.enrichment !== undefined
  }

  /** Resolves once no run for this canonical movie id is in flight (whatever their outcome). */
  async whenIdle(movieId: string): Promise<void> {
    for (let flight = this.entries.get(movieId)?.enrichment; flight; flight = this.entries.get(movieId)?.enrichment) await flight.promise.catch(() => undefined)
  }

  /**
   * Refuses every later call with `EngineClosedError`, then waits for the work in flight (runs,
   * creations, background work) to end. Safe to call twice.
   */
  async close(): Promise<void> {
    this.#closed = true
    await this.entries.settled()
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed
  }

  /** @throws EngineClosedError once the engine is closed. */
  assertOpen(): void {
    if (this.#closed) throw new EngineClosedError()
  }

  /**
   * Brings the movie to at least `target` and returns it. Already there and fresh: answered from
   * the store. Concurrent calls for the same movie share one run; a call for a higher level waits
   * for the run in flight, then extends it. An alias (`imdb:tt…`) is followed to its canonical
   * movie. A run that only refreshes stale facets and fails keeps the stale data: the failure is
   * recorded and published, and the movie is returned as it is.
   * @throws InvalidIdError for a malformed id, UnknownLevelError, MovieNotFoundError,
   *   PlanUnsatisfiableError, EnrichmentBackoffError while a provider the jump needs is backing off
   *   (no provider is asked), EnrichmentFailedError when a provider fails (the record keeps its
   *   previous level and fields).
   * @param options.create a record to start from when none is stored: the run stores it with what it
   *   fetched, in its one commit, and only if every provider answered (a movie no provider knows
   *   never enters the store); `MovieCreated` is then published, with `options.via` (default `request`).
   * @param options.correlationId the correlation id of the request that asks (its `MovieRequested`):
   *   a run this call starts publishes its events under it, so that a trace tells which requests
   *   waited on a provider. Without it, a run has a correlation id of its own (`enrich-…`).
   */
  async ensure(movieId: string, target: string, options: { create?: Movie; via?: string; correlationId?: string } = {}): Promise<Movie> {
    this.assertOpen()
    const id = parseMovieId(movieId).id
    const rank = this.#options.levels.rank(target)
    const flight = this.entries.get(id)?.enrichment
    if (flight) {
      if (flight.rank >= rank) return flight.promise
      await flight.promise.catch(() => undefined)
      return this.ensure(id, target, options)
    }
    const create = options.create && { record: options.create, via: options.via ?? 'request' }
    return this.entries.fly(id, { rank, promise: this.#run(id, target, { create, correlationId: options.correlationId }) })
  }

  /**
   * Read-modify-write of one movie record through the store's one write path, serialized with
   * every other change to it (a commit never loses an edit made while providers were answering,
   * and the other way round). `mutate` may run more than once (another process committed first),
   * so it must be free of side effects. Nothing is written when it returns the record it was given.
   * The change is durable (a manual edit, a lock: nothing that can be fetched again).
   * @throws MovieNotFoundError when no movie is stored under `movieId` (a canonical id);
   *   RecordInvalidError when the new record does not match the schema (nothing is written).
   */
  async update(movieId: string, mutate: (movie: Movie) => Movie | Promise<Movie>): Promise<Movie> {
    this.assertOpen()
    const id = parseMovieId(movieId).id
    const result = await this.#options.movies.update(id, async (current) => {
      if (!current) throw new MovieNotFoundError(id)
      const next = await mutate(current)
      return next === current ? null : { movie: next, durable: true }
    })
    return result.after!
  }

  async #run(movieId: string, target: string, asked: RunRequest, locked = false): Promise<Movie> {
    const { movies, bus, clock, levels } = this.#options
    const { create } = asked
    const found = await movies.get(movieId)
    const creates = !found && create?.record.id === movieId ? create : undefined
    const stored = found ?? (creates ? { ...creates.record, errors: this.#unstoredErrors.get(movieId) ?? [] } : null)
    if (!stored) {
      const canonical = await movies.resolve(movieId)
      if (canonical && canonical !== movieId) return this.ensure(canonical, target, asked.correlationId === undefined ? {} : { correlationId: asked.correlationId })
      throw new MovieNotFoundError(movieId)
    }
    const now = clock.now()
    const resting = this.#restingProviders(stored, now)
    const stale = new Set(staleFacets(stored, Object.keys(stored.facets), (this.#options.maxAge ?? defaultFacetMaxAge), now))
    const plan = planEnrichment({ movie: stored, target, levels, byFacet: this.#byFacet, stale, resting: new Set(resting.keys()) })
    if (plan.missing.length === 0 && plan.stale.length === 0) return creates ? this.#store(stored, creates.via) : stored
    for (const step of plan.stages.flat()) {
      const state = resting.get(step.provider)
      if (backoffHolds(state, step.facets)) throw new EnrichmentBackoffError(movieId, target, stored.level, state, state.lastError)
    }
    // Across processes: take the movie's lock, then start again on the record as it is now.
    if (this.#options.lock && !locked) return this.#runLocked(movieId, target, asked, this.#options.lock)
    this.#runs++
    const run: Run = { stored, creates, target, plan, correlationId: asked.correlationId ?? `enrich-${movieId}-${this.#runs}` }
    const providers = [...new Set(plan.stages.flat().map((step) => step.provider))]
    const facets = [...plan.missing, ...plan.stale]
    bus.publish({ type: 'EnrichmentRequested', correlationId: run.correlationId, payload: { movieId, from: stored.level, to: target, facets, providers } })
    const results: StepResult[] = []
    let working = stored
    for (const stage of plan.stages) {
      const snapshot = working
      const settled = await Promise.allSettled(stage.map((step) => this.#runStep(step, snapshot)))
      for (const [index, result] of settled.entries()) {
        const step = stage[index]!
        if (result.status === 'rejected') return this.#fail(run, step, result.reason)
        working = applyPatch(working, result.value.patch)
        // Checked per step, so that the error names the enricher that returned the bad data.
        const valid = MovieSchema.safeParse(working)
        if (!valid.success) return this.#fail(run, step, new RecordInvalidError('movie', movieId, valid.error))
        results.push({ step, output: result.value, at: new Date(clock.now()).toISOString() })
      }
    }
    const enriched = await this.#commit(run, results)
    const calls: Record<string, number> = {}
    for (const { step, output } of results) calls[step.provider] = (calls[step.provider] ?? 0) + output.calls
    const payload = { movieId, from: stored.level, to: enriched.level, facets, calls, durationMs: clock.now() - now }
    bus.publish({ type: 'EnrichmentCompleted', correlationId: run.correlationId, payload })
    return enriched
  }

  async #runLocked(movieId: string, target: string, asked: RunRequest, lock: NonNullable<EnrichmentEngineOptions['lock']>): Promise<Movie> {
    const release = await lock.acquire(movieId)
    try {
      return await this.#run(movieId, target, asked, true)
    } finally {
      await release()
    }
  }

  /** Providers backing off for this movie, with why and until when. */
  #restingProviders(movie: Movie, now: number) {
    const resting = new Map<string, NonNullable<ReturnType<typeof backoffOf>>>()
    if (this.#options.retry === false) return resting
    for (const enricher of this.#byName.values()) {
      const state = resting.has(enricher.provider) ? undefined : backoffOf(movie, enricher.provider, this.#options.retry ?? {}, now, this.#startedAt)
      if (state) resting.set(enricher.provider, state)
    }
    return resting
  }

  async #runStep(step: PlanStep, movie: Movie): Promise<CheckedOutput> {
    const { levels, clock } = this.#options
    const enricher = this.#byName.get(step.enricher)!
    // Awaited inside an async function so that a synchronous throw is a failed step too.
    const output: unknown = await enricher.enrich({ movie, facets: step.facets, languages: this.#options.languages ?? ['en-US'] })
    return checkOutput(output, step.facets, movie.id, levels, clock.now())
  }

  /**
   * Commits the run as one change: the patches re-applied on the record as it is now (so a lock
   * or an edit made while the providers were answering is respected rather than overwritten by
   * the snapshot), with the people, credits and aliases the run brought.
   */
  async #commit(run: Run, results: readonly StepResult[]): Promise<Movie> {
    const { movies, levels, clock, bus } = this.#options
    const id = run.stored.id
    const update = await movies.update(id, (latest) => {
      // Removed while the providers were answering: the run is dropped rather than resurrecting it.
      const base = latest ?? (run.creates ? run.stored : null)
      if (!base) throw new MovieNotFoundError(id)
      return commitWrite(base, results, levels, clock.now())
    })
    if (!update.before) {
      this.#unstoredErrors.delete(id)
      this.#created(update.after!, run.creates?.via ?? 'request', run.correlationId)
    }
    for (const personId of update.peopleCreated) {
      const person = results.flatMap(({ output }) => output.people).find((entry) => entry.id === personId)
      bus.publish({ type: 'PersonCreated', correlationId: run.correlationId, payload: { personId, name: person?.name ?? personId, via: id } })
    }
    for (const alias of update.aliasesAdded) bus.publish({ type: 'MovieAliased', correlationId: run.correlationId, payload: { from: alias, to: id } })
    return update.after!
  }

  #rememberUnstored(movieId: string, errors: Movie['errors']): void {
    this.#unstoredErrors.delete(movieId)
    this.#unstoredErrors.set(movieId, errors)
    if (this.#unstoredErrors.size > UNSTORED_ERRORS_KEPT) this.#unstoredErrors.delete(this.#unstoredErrors.keys().next().value!)
  }

  /** Stores a record to create that needs nothing fetched (its target level is its lowest). */
  async #store(movie: Movie, via: string): Promise<Movie> {
    const update = await this.#options.movies.update(movie.id, (latest) => (latest ? null : { movie }))
    if (!update.before) this.#created(update.after!, via)
    return update.after!
  }

  #created(movie: Movie, via: string, correlationId?: string): void {
    const seed = { ...(movie.title ? { title: movie.title } : {}), ...(movie.year === undefined ? {} : { year: movie.year }) }
    this.#options.bus.publish({ type: 'MovieCreated', ...(correlationId ? { correlationId } : {}), payload: { movieId: movie.id, level: movie.level, via, ...seed } })
  }

  async #fail(run: Run, step: PlanStep, reason: unknown): Promise<Movie> {
    const { movies, bus, clock } = this.#options
    const { stored, target, correlationId } = run
    this.#options.redactor?.error(reason)
    const code = reason instanceof CinelayerError ? reason.code : 'CINELAYER_ERR_ENRICHMENT_FAILED'
    const message = reason instanceof Error ? reason.message : String(reason)
    const error = { at: new Date(clock.now()).toISOString(), provider: step.provider, facets: step.facets, code, message }
    // Only the error is recorded, on the record as it is now: nothing the run fetched is kept.
    // A movie removed during the run gets no error record: writing one would bring it back.
    const { after: current } = await movies.update(stored.id, (latest) =>
      latest ? { movie: { ...latest, errors: [...latest.errors, error].slice(-MAX_RECORDED_ERRORS) } } : null,
    )
    if (!current && run.creates) this.#rememberUnstored(stored.id, [...stored.errors, error].slice(-MAX_RECORDED_ERRORS))
    const latest = current ?? stored
    bus.publish({
      type: 'EnrichmentFailed',
      correlationId,
      payload: { movieId: stored.id, level: latest.level, target, provider: step.provider, facets: step.facets, code, message },
    })
    // Only stale facets were asked for: the movie is still at its level, with the older data.
    if (current && run.plan.missing.length === 0) return current
    throw new EnrichmentFailedError(stored.id, target, latest.level, step.enricher, step.facets, reason)
  }
}
