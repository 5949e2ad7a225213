/**
 * The engine of the year simulation: cinelayer's own enrichment engine, providers' enrichers,
 * stats tracker and housekeeper, wired as `createMovieEngine` wires them, over stores that keep
 * each record as its JSON text in a Map. Bytes stored are the bytes of those texts: what the
 * records take, without the storage's indexes. The stores are in memory so that a year of
 * 10,000 movies runs in minutes; `@cinelayer/storage` is measured by the scale bench.
 */
import {
  type Clock,
  EnrichmentEngine,
  EventBus,
  type HousekeepingRule,
  LevelSet,
  type Movie,
  type MovieStats,
  type MovieStore,
  type Person,
  type PersonStore,
  type Relation,
  type RelationStore,
  type StatsStore,
  StatsTracker,
  type Timer,
  createMovieRecord,
  defaultFacets,
  defaultLevels,
  parseMovieId,
} from '@cinelayer/core'
import { type Housekeeper, createHousekeeper } from '@cinelayer/housekeeping'
import {
  type DataProvider,
  ImdbProvider,
  TmdbProvider,
  WikipediaProvider,
  createImdbEnricher,
  createTmdbEnricher,
  createWikipediaEnricher,
} from '@cinelayer/providers'

const encoder = new TextEncoder()

/** Records as JSON texts, so that every read is a copy and every byte is counted. */
class TextMap<T> {
  readonly #texts = new Map<string, string>()
  get(key: string): T | null {
    const text = this.#texts.get(key)
    return text === undefined ? null : (JSON.parse(text) as T)
  }
  set(key: string, value: T): void {
    this.#texts.set(key, JSON.stringify(value))
  }
  delete(key: string): void {
    this.#texts.delete(key)
  }
  has(key: string): boolean {
    return this.#texts.has(key)
  }
  keys(): string[] {
    return [...this.#texts.keys()]
  }
  size(key: string): number {
    const text = this.#texts.get(key)
    return text === undefined ? 0 : encoder.encode(text).length
  }
  bytes(): number {
    let total = 0
    for (const text of this.#texts.values()) total += encoder.encode(text).length
    return total
  }
}

function memoryStores() {
  const movieTexts = new TextMap<Movie>()
  const aliases = new Map<string, string>()
  const personTexts = new TextMap<Person>()
  const byMovie = new TextMap<Relation[]>()
  const byPerson = new TextMap<Relation[]>()
  const statsTexts = new TextMap<MovieStats>()
  const movies: MovieStore = {
    get: async (id) => movieTexts.get(id),
    put: async (movie) => movieTexts.set(movie.id, movie),
    async remove(id) {
      movieTexts.delete(id)
      statsTexts.delete(id)
    },
    resolve: async (id) => (movieTexts.has(id) ? id : (aliases.get(id) ?? null)),
    alias: async (alias, canonical) => void aliases.set(alias, canonical),
    ids: async () => movieTexts.keys().sort(),
    sizeOf: async (id) => movieTexts.size(id),
  }
  const people: PersonStore = { get: async (id) => personTexts.get(id), put: async (person) => personTexts.set(person.id, person), ids: async () => personTexts.keys() }
  const merge = (list: Relation[], added: readonly Relation[]) => {
    const key = (relation: Relation) => `${relation.personId}|${relation.movieId}|${relation.role}|${relation.job ?? relation.character ?? ''}`
    const seen = new Set(list.map(key))
    return [...list, ...added.filter((relation) => !seen.has(key(relation)))]
  }
  const relations: RelationStore = {
    async setForMovie(movieId, list) {
      for (const old of byMovie.get(movieId) ?? []) {
        byPerson.set(old.personId, (byPerson.get(old.personId) ?? []).filter((relation) => relation.movieId !== movieId))
      }
      byMovie.set(movieId, [...list])
      for (const relation of list) byPerson.set(relation.personId, merge(byPerson.get(relation.personId) ?? [], [relation]))
    },
    addForPerson: async (personId, list) => byPerson.set(personId, merge(byPerson.get(personId) ?? [], list)),
    forMovie: async (movieId) => byMovie.get(movieId) ?? [],
    forPerson: async (personId) => byPerson.get(personId) ?? [],
  }
  const stats: StatsStore = {
    get: async (movieId) => statsTexts.get(movieId),
    put: async (record) => statsTexts.set(record.movieId, record),
    all: async () => statsTexts.keys().sort().map((key) => statsTexts.get(key)!),
  }
  const bytesStored = () => movieTexts.bytes() + personTexts.bytes() + byMovie.bytes() + byPerson.bytes() + statsTexts.bytes()
  return { movies, people, relations, stats, bytesStored }
}

/** Options of {@link createSimulationEngine}. */
export interface SimulationEngineOptions {
  data: DataProvider
  clock: Clock
  timer: Timer
  rules: readonly HousekeepingRule[]
  /** Stats flush interval, ms. */
  flushIntervalMs: number
}

/** What a simulated year drives. */
export interface SimulationEngine {
  readonly bus: EventBus
  readonly levels: LevelSet
  readonly stats: StatsTracker
  readonly housekeeping: Housekeeper
  /** Creates a movie at `initial`, as a library scan would (no provider call). */
  create(tmdb: number, title: string): Promise<void>
  /** What `engine.movies.get` does: creates an unknown TMDB movie, counts the request, enriches to `level`. */
  get(movieId: string, level: string): Promise<Movie>
  /** Bytes of every record: movies, people, relations, stats. */
  bytesStored(): number
  /** Movies per level. */
  moviesPerLevel(): Promise<Record<string, number>>
}

/** Creates the simulation engine. */
export function createSimulationEngine(options: SimulationEngineOptions): SimulationEngine {
  const { data, clock, timer } = options
  const stores = memoryStores()
  const bus = new EventBus({ clock })
  const tmdb = new TmdbProvider({ data })
  const enrichers = [createTmdbEnricher(tmdb), createWikipediaEnricher(new WikipediaProvider({ data })), createImdbEnricher(new ImdbProvider({ data }))]
  const levels = new LevelSet(defaultLevels, defaultFacets, enrichers.flatMap((enricher) => enricher.provides))
  // No facet goes stale: the simulation compares housekeeping policies, not refresh intervals
  // (with the default max ages, every policy would also refetch ratings older than 30 days).
  const engine = new EnrichmentEngine({ movies: stores.movies, people: stores.people, relations: stores.relations, enrichers, levels, bus, clock, maxAge: {} })
  const stats = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock, timer, flushIntervalMs: options.flushIntervalMs }).start()
  const housekeeping = createHousekeeper({ movies: stores.movies, stats: stores.stats, levels, bus, clock, rules: options.rules, tracker: stats })
  const create = async (tmdb: number, title: string) => {
    await stores.movies.put(createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title }, levels, clock.now()))
  }
  return {
    bus,
    levels,
    stats,
    housekeeping,
    create,
    async get(movieId, level) {
      const id = parseMovieId(movieId).id
      const canonical = (await stores.movies.resolve(id)) ?? (await create(Number(id.slice('tmdb:'.length)), `Film ${id.slice('tmdb:'.length)}`), id)
      bus.publish({ type: 'MovieRequested', payload: { movieId: canonical, level } })
      return engine.ensure(canonical, level)
    },
    bytesStored: () => stores.bytesStored(),
    async moviesPerLevel() {
      const counts = Object.fromEntries(levels.names.map((name) => [name, 0]))
      for (const id of await stores.movies.ids()) {
        const movie = await stores.movies.get(id)
        if (movie) counts[movie.level] = (counts[movie.level] ?? 0) + 1
      }
      return counts
    },
  }
}
