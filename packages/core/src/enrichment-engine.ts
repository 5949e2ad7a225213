import type { Clock } from './clock.js'
import type { Enricher, EnrichmentOutput } from './enricher.js'
import { CinelayerError, EnrichmentFailedError } from './errors.js'
import type { EventBus } from './event-bus.js'
import type { LevelSet } from './levels.js'
import { applyPatch, createPersonRecord, MAX_RECORDED_ERRORS } from './movie-record.js'
import type { Movie, Relation } from './schemas.js'
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

/**
 * Plans and runs enrichment. It brings a movie up to a level by asking each enricher once for
 * every facet it provides in the jump, writes the result in one record write, and shares a run
 * between concurrent requests for the same movie.
 */
export class EnrichmentEngine {
  readonly #options: EnrichmentEngineOptions
  readonly #byFacet = new Map<string, Enricher>()
  readonly #flights = new Map<string, Flight>()
  #runs = 0

  constructor(options: EnrichmentEngineOptions) {
    this.#options = options
    for (const enricher of options.enrichers) {
      for (const facet of enricher.provides) if (!this.#byFacet.has(facet)) this.#byFacet.set(facet, enricher)
    }
  }

  /** The facets some enricher provides. */
  get providableFacets(): string[] {
    return [...this.#byFacet.keys()]
  }

  /** Plans the jump of `movie` to `target` without running it. */
  plan(movie: Movie, target: string): EnrichmentPlan {
    const { levels } = this.#options
    const present = new Set(Object.keys(movie.facets))
    const wanted = new Set(levels.facetsFor(target).filter((facet) => !present.has(facet)))
    // Close over needs: a facet an enricher needs joins the plan when it is not there yet.
    const queue = [...wanted]
    while (queue.length > 0) {
      const facet = queue.pop()!
      const enricher = this.#byFacet.get(facet)
      if (!enricher) {
        throw new CinelayerError('CINELAYER_ERR_PLAN_UNSATISFIABLE', `No enricher provides facet "${facet}" needed by ${movie.id} for "${target}"`, {
          details: { movieId: movie.id, facet, target },
        })
      }
      for (const need of enricher.needs ?? []) {
        if (!present.has(need) && !wanted.has(need)) {
          wanted.add(need)
          queue.push(need)
        }
      }
    }
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
        throw new CinelayerError('CINELAYER_ERR_PLAN_UNSATISFIABLE', `Enrichers ${remaining.map(([e]) => e.name).join(', ')} need each other`, {
          details: { movieId: movie.id, target },
        })
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
   * run in flight, then extends it.
   * @throws EnrichmentFailedError when a provider fails (the record keeps its previous level).
   */
  async ensure(movieId: string, target: string): Promise<Movie> {
    const { levels } = this.#options
    const rank = levels.rank(target)
    const flight = this.#flights.get(movieId)
    if (flight) {
      if (flight.rank >= rank) return flight.promise
      await flight.promise.catch(() => undefined)
      return this.ensure(movieId, target)
    }
    const promise = this.#run(movieId, target).finally(() => {
      if (this.#flights.get(movieId)?.promise === promise) this.#flights.delete(movieId)
    })
    this.#flights.set(movieId, { rank, promise })
    return promise
  }

  /** Number of enrichment runs started (each may call several providers once). */
  get runs(): number {
    return this.#runs
  }

  async #run(movieId: string, target: string): Promise<Movie> {
    const { movies, levels, bus, clock } = this.#options
    const stored = await movies.get(movieId)
    if (!stored) throw new CinelayerError('CINELAYER_ERR_MOVIE_NOT_FOUND', `Movie ${movieId} is not in the store`, { details: { id: movieId } })
    const plan = this.plan(stored, target)
    if (plan.missing.length === 0) return stored
    this.#runs++
    const correlationId = `enrich-${movieId}-${this.#runs}`
    const started = clock.now()
    bus.publish({
      type: 'EnrichmentRequested',
      correlationId,
      payload: { movieId, from: stored.level, to: target, facets: plan.missing, providers: plan.stages.flat().map((step) => step.provider) },
    })
    let working = stored
    const stamps: Record<string, { at: string; provider: string }> = {}
    const outputs: EnrichmentOutput[] = []
    const calls: Record<string, number> = {}
    for (const stage of plan.stages) {
      const snapshot = working
      const results = await Promise.allSettled(stage.map((step) => this.#enricher(step.enricher).enrich({ movie: snapshot, facets: step.facets, languages: this.#languages })))
      for (const [index, result] of results.entries()) {
        const step = stage[index]!
        if (result.status === 'rejected') return this.#fail(stored, target, step, result.reason, correlationId)
        calls[step.provider] = (calls[step.provider] ?? 0) + (result.value.calls ?? 1)
        working = applyPatch(working, result.value.patch as Record<string, unknown>)
        const at = new Date(clock.now()).toISOString()
        for (const facet of step.facets) stamps[facet] = { at, provider: step.provider }
        outputs.push(result.value)
      }
    }
    const facets = { ...working.facets, ...stamps }
    const enriched: Movie = { ...working, facets, level: levels.levelOf(Object.keys(facets)), updatedAt: new Date(clock.now()).toISOString() }
    await this.#writePeople(outputs, movieId, correlationId)
    await this.#writeAliases(enriched, correlationId)
    // The movie record is written last: it is the commit point of the run.
    await movies.put(enriched)
    bus.publish({
      type: 'EnrichmentCompleted',
      correlationId,
      payload: { movieId, from: stored.level, to: enriched.level, facets: plan.missing, calls, durationMs: clock.now() - started },
    })
    return enriched
  }

  get #languages(): readonly string[] {
    return this.#options.languages ?? ['en-US']
  }

  #enricher(name: string): Enricher {
    return this.#options.enrichers.find((enricher) => enricher.name === name)!
  }

  async #fail(stored: Movie, target: string, step: PlanStep, reason: unknown, correlationId: string): Promise<never> {
    const { movies, bus, clock } = this.#options
    const code = reason instanceof CinelayerError ? reason.code : 'CINELAYER_ERR_ENRICHMENT_FAILED'
    const message = reason instanceof Error ? reason.message : String(reason)
    const error = { at: new Date(clock.now()).toISOString(), provider: step.provider, facets: step.facets, code, message }
    // Only the error is recorded: nothing the run fetched is kept, so no level is half-reached.
    await movies.put({ ...stored, errors: [...stored.errors, error].slice(-MAX_RECORDED_ERRORS) })
    bus.publish({
      type: 'EnrichmentFailed',
      correlationId,
      payload: { movieId: stored.id, level: stored.level, target, provider: step.provider, facets: step.facets, code, message },
    })
    throw new EnrichmentFailedError(stored.id, target, stored.level, step.enricher, step.facets, reason)
  }

  async #writePeople(outputs: readonly EnrichmentOutput[], movieId: string, correlationId: string): Promise<void> {
    const { people, relations, bus, clock } = this.#options
    for (const output of outputs) {
      for (const seed of output.people ?? []) {
        if (await people.get(seed.id)) continue
        await people.put(createPersonRecord(seed, clock.now()))
        bus.publish({ type: 'PersonCreated', correlationId, payload: { personId: seed.id, name: seed.name, via: movieId } })
      }
      if (output.relations) await relations.setForMovie(movieId, output.relations as Relation[])
    }
  }

  async #writeAliases(movie: Movie, correlationId: string): Promise<void> {
    const { movies, bus } = this.#options
    const aliases = [movie.ids.imdb && `imdb:${movie.ids.imdb}`, movie.ids.wikidata && `wikidata:${movie.ids.wikidata}`]
    for (const alias of aliases) {
      if (!alias || alias === movie.id) continue
      if ((await movies.resolve(alias)) === movie.id) continue
      await movies.alias(alias, movie.id)
      bus.publish({ type: 'MovieAliased', correlationId, payload: { from: alias, to: movie.id } })
    }
  }
}
