import type { Clock } from './clock.js'
import type { Enricher } from './enricher.js'
import { type CheckedOutput, checkOutput } from './enrichment-output.js'
import { type StepResult, writeAliases, writePeople } from './enrichment-writes.js'
import { type EnrichmentPlan, type PlanStep, planEnrichment } from './enrichment-plan.js'
import {
  CinelayerError,
  EnricherInvalidError,
  EnrichmentBackoffError,
  EnrichmentFailedError,
  MovieNotFoundError,
  RecordInvalidError,
} from './errors.js'
import type { EventBus } from './event-bus.js'
import { type FacetMaxAge, checkFacetMaxAge, defaultFacetMaxAge, staleFacets } from './facet-freshness.js'
import { parseMovieId } from './ids.js'
import { KeyedQueue } from './keyed-queue.js'
import type { LevelSet } from './levels.js'
import { applyPatch, MAX_RECORDED_ERRORS } from './movie-record.js'
import { type RetryBackoffOptions, backoffHolds, backoffOf, checkRetryBackoff } from './retry-backoff.js'
import type { Redactor } from './secret-redactor.js'
import { type Movie, MovieSchema } from './schemas.js'
import type { MovieStore, PersonStore, RelationStore } from './stores.js'

export type { EnrichmentPlan, PlanStep } from './enrichment-plan.js'

/** Options of {@link EnrichmentEngine}. */
export interface EnrichmentEngineOptions {
  movies: MovieStore
  people: PersonStore
  relations: RelationStore
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

interface Flight {
  rank: number
  promise: Promise<Movie>
}


/** A run: the plan, the record it started from, and the correlation id of its events. */
interface Run {
  stored: Movie
  target: string
  plan: EnrichmentPlan
  correlationId: string
}

/**
 * Plans and runs enrichment. It brings a movie up to a level by asking each enricher once for
 * every facet it provides in the jump (stale facets of that enricher ride along), writes the result
 * in one record write, and shares a run between concurrent requests for the same movie. Every
 * read-modify-write of a record (commit, failure, {@link EnrichmentEngine.update}) is serialized
 * per movie, so none is lost.
 */
export class EnrichmentEngine {
  readonly #options: EnrichmentEngineOptions
  readonly #byFacet = new Map<string, Enricher>()
  readonly #byName = new Map<string, Enricher>()
  readonly #flights = new Map<string, Flight>()
  readonly #writes = new KeyedQueue()
  #runs = 0
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
    return this.#flights.has(movieId)
  }

  /** Resolves once no run for this canonical movie id is in flight (whatever their outcome). */
  async whenIdle(movieId: string): Promise<void> {
    for (let flight = this.#flights.get(movieId); flight; flight = this.#flights.get(movieId)) await flight.promise.catch(() => undefined)
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
   */
  async ensure(movieId: string, target: string): Promise<Movie> {
    const id = parseMovieId(movieId).id
    const rank = this.#options.levels.rank(target)
    const flight = this.#flights.get(id)
    if (flight) {
      if (flight.rank >= rank) return flight.promise
      await flight.promise.catch(() => undefined)
      return this.ensure(id, target)
    }
    const promise = this.#run(id, target).finally(() => {
      if (this.#flights.get(id)?.promise === promise) this.#flights.delete(id)
    })
    this.#flights.set(id, { rank, promise })
    return promise
  }

  /**
   * Read-modify-write of one movie record, serialized with every other write the engine makes to it
   * (a commit never loses an edit made while providers were answering, and the other way round).
   * Nothing is written when `mutate` returns the record it was given.
   * @throws MovieNotFoundError when no movie is stored under `movieId` (a canonical id);
   *   RecordInvalidError when the new record does not match the schema (nothing is written).
   */
  update(movieId: string, mutate: (movie: Movie) => Movie | Promise<Movie>): Promise<Movie> {
    const id = parseMovieId(movieId).id
    return this.#writes.run(id, async () => {
      const current = await this.#options.movies.get(id)
      if (!current) throw new MovieNotFoundError(id)
      const next = await mutate(current)
      if (next !== current) await this.#options.movies.put(next)
      return next
    })
  }

  async #run(movieId: string, target: string, locked = false): Promise<Movie> {
    const { movies, bus, clock, levels } = this.#options
    const stored = await movies.get(movieId)
    if (!stored) {
      const canonical = await movies.resolve(movieId)
      if (canonical && canonical !== movieId) return this.ensure(canonical, target)
      throw new MovieNotFoundError(movieId)
    }
    const now = clock.now()
    const resting = this.#restingProviders(stored, now)
    const stale = new Set(staleFacets(stored, Object.keys(stored.facets), (this.#options.maxAge ?? defaultFacetMaxAge), now))
    const plan = planEnrichment({ movie: stored, target, levels, byFacet: this.#byFacet, stale, resting: new Set(resting.keys()) })
    if (plan.missing.length === 0 && plan.stale.length === 0) return stored
    for (const step of plan.stages.flat()) {
      const state = resting.get(step.provider)
      if (backoffHolds(state, step.facets)) throw new EnrichmentBackoffError(movieId, target, stored.level, state, state.lastError)
    }
    // Across processes: take the movie's lock, then start again on the record as it is now.
    if (this.#options.lock && !locked) return this.#runLocked(movieId, target, this.#options.lock)
    this.#runs++
    const run: Run = { stored, target, plan, correlationId: `enrich-${movieId}-${this.#runs}` }
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

  async #runLocked(movieId: string, target: string, lock: NonNullable<EnrichmentEngineOptions['lock']>): Promise<Movie> {
    const release = await lock.acquire(movieId)
    try {
      return await this.#run(movieId, target, true)
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
   * Writes people, relations and aliases, then the movie record last: it is the commit point.
   * The patches are re-applied on the record as it is now, so a lock or an edit made while the
   * providers were answering is respected rather than overwritten by the snapshot.
   */
  #commit(run: Run, results: readonly StepResult[]): Promise<Movie> {
    const { movies, levels, clock } = this.#options
    const id = run.stored.id
    return this.#writes.run(id, async () => {
      const latest = await movies.get(id)
      // Removed while the providers were answering: the run is dropped rather than resurrecting it.
      if (!latest) throw new MovieNotFoundError(id)
      let enriched = latest
      const facets = { ...latest.facets }
      for (const { step, output, at } of results) {
        enriched = applyPatch(enriched, output.patch)
        for (const facet of step.facets) facets[facet] = { at, provider: step.provider }
      }
      enriched = { ...enriched, facets, level: levels.levelOf(Object.keys(facets)), updatedAt: new Date(clock.now()).toISOString() }
      await writePeople(this.#options, results, id, run.correlationId)
      await writeAliases(this.#options, enriched, run.correlationId)
      await movies.put(enriched)
      return enriched
    })
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
    const current = await this.#writes.run(stored.id, async () => {
      const latest = await movies.get(stored.id)
      if (!latest) return null
      const next = { ...latest, errors: [...latest.errors, error].slice(-MAX_RECORDED_ERRORS) }
      await movies.put(next)
      return next
    })
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
