import type { Clock } from './clock.js'
import type { Enricher } from './enricher.js'
import { type CheckedOutput, checkOutput } from './enrichment-output.js'
import {
  CinelayerError,
  EnricherInvalidError,
  EnrichmentFailedError,
  MovieNotFoundError,
  PlanUnsatisfiableError,
  RecordInvalidError,
} from './errors.js'
import type { EventBus } from './event-bus.js'
import { parseMovieId } from './ids.js'
import type { LevelSet } from './levels.js'
import { applyPatch, MAX_RECORDED_ERRORS } from './movie-record.js'
import { type Movie, MovieSchema, type Relation } from './schemas.js'
import type { MovieStore, PersonStore, RelationStore } from './stores.js'

/** One step of a plan: an enricher and the facets it is asked for. */
export interface PlanStep {
  enricher: string
  provider: string
  facets: string[]
}

/** What it takes to bring a movie to a level. */
export interface EnrichmentPlan {
  movieId: string
  from: string
  to: string
  /** Facets missing for the target level. */
  missing: string[]
  /** Stages run in order; the steps of one stage run in parallel (one call per provider). */
  stages: PlanStep[][]
}

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
}

interface Flight {
  rank: number
  promise: Promise<Movie>
}

/** A step whose enricher answered, with its checked output. */
interface StepResult {
  step: PlanStep
  output: CheckedOutput
  at: string
}

/**
 * Plans and runs enrichment. It brings a movie up to a level by asking each enricher once for
 * every facet it provides in the jump, writes the result in one record write, and shares a run
 * between concurrent requests for the same movie.
 */
export class EnrichmentEngine {
  readonly #options: EnrichmentEngineOptions
  readonly #byFacet = new Map<string, Enricher>()
  readonly #byName = new Map<string, Enricher>()
  readonly #flights = new Map<string, Flight>()
  #runs = 0

  /** @throws EnricherInvalidError when two enrichers share a name. */
  constructor(options: EnrichmentEngineOptions) {
    this.#options = options
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

  /**
   * Plans the jump of `movie` to `target` without running it.
   * @throws UnknownLevelError for an unknown target; PlanUnsatisfiableError when a facet has no
   *   enricher or enrichers need each other.
   */
  plan(movie: Movie, target: string): EnrichmentPlan {
    const present = new Set(Object.keys(movie.facets))
    const wanted = this.#wantedFacets(movie, target, present)
    const steps = new Map<Enricher, string[]>()
    for (const facet of wanted) {
      const enricher = this.#byFacet.get(facet)!
      steps.set(enricher, [...(steps.get(enricher) ?? []), facet])
    }
    const stages: PlanStep[][] = []
    const done = new Set(present)
    let remaining = [...steps.entries()]
    while (remaining.length > 0) {
      const ready = remaining.filter(([enricher]) => (enricher.needs ?? []).every((need) => done.has(need)))
      if (ready.length === 0) {
        const names = remaining.map(([enricher]) => enricher.name).join(', ')
        throw new PlanUnsatisfiableError(movie.id, target, `Enrichers ${names} need each other to bring ${movie.id} to "${target}"`)
      }
      stages.push(ready.map(([enricher, facets]) => ({ enricher: enricher.name, provider: enricher.provider, facets })))
      for (const [, facets] of ready) facets.forEach((facet) => done.add(facet))
      remaining = remaining.filter((entry) => !ready.includes(entry))
    }
    return { movieId: movie.id, from: movie.level, to: target, missing: [...wanted], stages }
  }

  /**
   * Brings the movie to at least `target` and returns it. Already there: answered from the store.
   * Concurrent calls for the same movie share one run; a call for a higher level waits for the
   * run in flight, then extends it. An alias (`imdb:tt…`) is followed to its canonical movie.
   * @throws InvalidIdError for a malformed id, UnknownLevelError, MovieNotFoundError,
   *   PlanUnsatisfiableError, EnrichmentFailedError when a provider fails (the record keeps its
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

  /** Number of enrichment runs started (each may call several providers once). */
  get runs(): number {
    return this.#runs
  }

  #wantedFacets(movie: Movie, target: string, present: ReadonlySet<string>): Set<string> {
    const wanted = new Set(this.#options.levels.facetsFor(target).filter((facet) => !present.has(facet)))
    // Close over needs: a facet an enricher needs joins the plan when it is not there yet.
    const queue = [...wanted]
    while (queue.length > 0) {
      const facet = queue.pop()!
      const enricher = this.#byFacet.get(facet)
      if (!enricher) throw new PlanUnsatisfiableError(movie.id, target, `No enricher provides facet "${facet}" needed by ${movie.id} for "${target}"`, { facet })
      for (const need of enricher.needs ?? []) {
        if (!present.has(need) && !wanted.has(need)) {
          wanted.add(need)
          queue.push(need)
        }
      }
    }
    return wanted
  }

  async #run(movieId: string, target: string): Promise<Movie> {
    const { movies, bus, clock } = this.#options
    const stored = await movies.get(movieId)
    if (!stored) {
      const canonical = await movies.resolve(movieId)
      if (canonical && canonical !== movieId) return this.ensure(canonical, target)
      throw new MovieNotFoundError(movieId)
    }
    const plan = this.plan(stored, target)
    if (plan.missing.length === 0) return stored
    this.#runs++
    const correlationId = `enrich-${movieId}-${this.#runs}`
    const started = clock.now()
    const providers = [...new Set(plan.stages.flat().map((step) => step.provider))]
    bus.publish({ type: 'EnrichmentRequested', correlationId, payload: { movieId, from: stored.level, to: target, facets: plan.missing, providers } })
    const results: StepResult[] = []
    let working = stored
    for (const stage of plan.stages) {
      const snapshot = working
      const settled = await Promise.allSettled(stage.map((step) => this.#runStep(step, snapshot)))
      for (const [index, result] of settled.entries()) {
        const step = stage[index]!
        if (result.status === 'rejected') return this.#fail(stored, target, step, result.reason, correlationId)
        working = applyPatch(working, result.value.patch)
        // Checked per step, so that the error names the enricher that returned the bad data.
        const valid = MovieSchema.safeParse(working)
        if (!valid.success) return this.#fail(stored, target, step, new RecordInvalidError('movie', movieId, valid.error), correlationId)
        results.push({ step, output: result.value, at: new Date(clock.now()).toISOString() })
      }
    }
    const enriched = await this.#commit(stored, results, correlationId)
    const calls: Record<string, number> = {}
    for (const { step, output } of results) calls[step.provider] = (calls[step.provider] ?? 0) + output.calls
    const payload = { movieId, from: stored.level, to: enriched.level, facets: plan.missing, calls, durationMs: clock.now() - started }
    bus.publish({ type: 'EnrichmentCompleted', correlationId, payload })
    return enriched
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
  async #commit(stored: Movie, results: readonly StepResult[], correlationId: string): Promise<Movie> {
    const { movies, levels, clock } = this.#options
    const latest = await movies.get(stored.id)
    // Removed while the providers were answering: the run is dropped rather than resurrecting it.
    if (!latest) throw new MovieNotFoundError(stored.id)
    let enriched = latest
    const facets = { ...latest.facets }
    for (const { step, output, at } of results) {
      enriched = applyPatch(enriched, output.patch)
      for (const facet of step.facets) facets[facet] = { at, provider: step.provider }
    }
    enriched = { ...enriched, facets, level: levels.levelOf(Object.keys(facets)), updatedAt: new Date(clock.now()).toISOString() }
    await this.#writePeople(results, stored.id, correlationId)
    await this.#writeAliases(enriched, correlationId)
    await movies.put(enriched)
    return enriched
  }

  async #fail(stored: Movie, target: string, step: PlanStep, reason: unknown, correlationId: string): Promise<never> {
    const { movies, bus, clock } = this.#options
    const code = reason instanceof CinelayerError ? reason.code : 'CINELAYER_ERR_ENRICHMENT_FAILED'
    const message = reason instanceof Error ? reason.message : String(reason)
    const error = { at: new Date(clock.now()).toISOString(), provider: step.provider, facets: step.facets, code, message }
    // Only the error is recorded, on the record as it is now: nothing the run fetched is kept.
    // A movie removed during the run gets no error record: writing one would bring it back.
    const current = await movies.get(stored.id)
    if (current) await movies.put({ ...current, errors: [...current.errors, error].slice(-MAX_RECORDED_ERRORS) })
    const latest = current ?? stored
    bus.publish({
      type: 'EnrichmentFailed',
      correlationId,
      payload: { movieId: stored.id, level: latest.level, target, provider: step.provider, facets: step.facets, code, message },
    })
    throw new EnrichmentFailedError(stored.id, target, latest.level, step.enricher, step.facets, reason)
  }

  async #writePeople(results: readonly StepResult[], movieId: string, correlationId: string): Promise<void> {
    const { people, relations, bus } = this.#options
    const created = new Set<string>()
    let credits: Relation[] | undefined
    for (const { output } of results) {
      for (const person of output.people) {
        if (created.has(person.id) || (await people.get(person.id))) continue
        await people.put(person)
        created.add(person.id)
        bus.publish({ type: 'PersonCreated', correlationId, payload: { personId: person.id, name: person.name, via: movieId } })
      }
      // Several enrichers may name credits: together they replace the movie's relations once.
      if (output.relations) credits = [...(credits ?? []), ...output.relations]
    }
    if (credits) await relations.setForMovie(movieId, credits)
  }

  async #writeAliases(movie: Movie, correlationId: string): Promise<void> {
    const { movies, bus } = this.#options
    const aliases = [movie.ids.imdb && `imdb:${movie.ids.imdb}`, movie.ids.wikidata && `wikidata:${movie.ids.wikidata}`]
    for (const candidate of aliases) {
      if (!candidate) continue
      const alias = parseMovieId(candidate).id
      if (alias === movie.id || (await movies.resolve(alias)) === movie.id) continue
      await movies.alias(alias, movie.id)
      bus.publish({ type: 'MovieAliased', correlationId, payload: { from: alias, to: movie.id } })
    }
  }
}
