/**
 * The engine of the year simulation: `createMovieEngine` itself (enrichment engine, enrichers,
 * stats tracker, housekeeper, the one write path) on the memory store, a manual clock and timer.
 * Bytes stored are what `stores.bytesStored()` counts: movie records, aliases, people, credits
 * both ways and stats (the summaries and level entries aside). The store is in memory so that a
 * year of 10,000 movies runs in minutes; the stores on disk are measured by the other benches.
 */
import { createHousekeeper } from '@cinelayer/housekeeping'
import { type Clock, type DataProvider, type EventBus, type Housekeeper, type HousekeepingRule, type LevelSet, type Movie, type StatsTracker, type Timer, createMovieEngine, defineRule } from 'cinelayer'

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
  /** Creates movies at `initial`, as a library scan would (no provider call). */
  create(seeds: ReadonlyArray<{ tmdb: number; title: string }>): Promise<void>
  /** What a UI does: `engine.movies.get(id, { level })` (an unknown TMDB movie is created by its first enrichment). */
  get(movieId: string, level: string): Promise<Movie>
  /** Creates movies as a library rescan or bulk import does: `enrichMany` to `level` (not counted as use). */
  enrichMany(movieIds: readonly string[], level: string): Promise<void>
  /**
   * Takes each movie down to the level given, in one housekeeping run (planned and applied as
   * `engine.downgrade` and housekeeping are: the engine's stores, write path and events).
   */
  downgradeEach(targets: ReadonlyMap<string, string>): Promise<void>
  /** Every stored movie's level, by movie id. */
  levelsById(): Promise<Map<string, string>>
  /**
   * A housekeeper of these rules over the engine's stores (the engine's own apply path), whose
   * budget is measured as {@link bytesStored} measures, the figure the simulation reports.
   */
  budgetHousekeeper(rules: readonly HousekeepingRule[], budgetBytes: number): Housekeeper
  /** Bytes of every record: movies, aliases, people, credits, stats. */
  bytesStored(): Promise<number>
  /** Movies per level. */
  moviesPerLevel(): Promise<Record<string, number>>
  close(): Promise<void>
}

/** Creates the simulation engine. */
export function createSimulationEngine(options: SimulationEngineOptions): SimulationEngine {
  const engine = createMovieEngine({
    storage: 'memory',
    data: options.data,
    clock: options.clock,
    timer: options.timer,
    trace: false,
    housekeeping: { rules: [...options.rules] },
    stats: { flushIntervalMs: options.flushIntervalMs, flushOnExit: false },
    // No facet goes stale: the simulation compares housekeeping policies, not refresh intervals
    // (with the default max ages, every policy would also refetch ratings older than 30 days).
    maxAge: {},
  })
  // No image inventory: the simulation stores no image files, and listing them would scan the whole store at every plan.
  const housekeeperOf = (rules: readonly HousekeepingRule[], budgetBytes?: number) =>
    createHousekeeper({
      movies: engine.stores.movies,
      stats: engine.stores.stats,
      levels: engine.levels,
      bus: engine.bus,
      clock: options.clock,
      rules,
      ...(budgetBytes === undefined ? {} : { budgetBytes }),
      bytesStored: () => engine.stores.bytesStored(),
      tracker: engine.stats,
    })
  return {
    bus: engine.bus,
    levels: engine.levels,
    stats: engine.stats,
    housekeeping: engine.housekeeping,
    async create(seeds) {
      const report = await engine.importMany(seeds, { concurrency: 16 })
      if (report.failed > 0) throw new Error(`${report.failed} movies could not be created: ${report.items.find((item) => item.status === 'failed')?.reason}`)
    },
    get: (movieId, level) => engine.movies.get(movieId, { level }),
    async enrichMany(movieIds, level) {
      const report = await engine.enrichMany(movieIds, level, { concurrency: 16 })
      if (report.failed > 0) throw new Error(`${report.failed} movies could not be enriched: ${report.items.find((item) => item.status === 'failed')?.reason}`)
    },
    async downgradeEach(targets) {
      const evict = defineRule({
        name: 'evict',
        evaluate: ({ movie }) => (targets.has(movie.id) ? { maxLevel: targets.get(movie.id)!, reason: 'evicted by the policy' } : null),
      })
      await housekeeperOf([evict]).run({ dryRun: false })
    },
    async levelsById() {
      const levels = new Map<string, string>()
      for await (const summary of engine.stores.movies.summaries()) levels.set(summary.id, summary.level)
      return levels
    },
    budgetHousekeeper: (rules, budgetBytes) => housekeeperOf(rules, budgetBytes),
    bytesStored: () => engine.stores.bytesStored(),
    async moviesPerLevel() {
      const counts: Record<string, number> = {}
      for (const level of engine.levels.names) counts[level] = await engine.stores.movies.count({ level })
      return counts
    },
    close: () => engine.close(),
  }
}
