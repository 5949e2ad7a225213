import { resolve as resolvePath } from 'node:path'
import {
  type CinelayerPlugin,
  EnrichmentEngine,
  EventBus,
  LevelSet,
  StatsTracker,
  checkPlugins,
  defaultFacets,
  defaultLevels,
  mergePluginLevels,
  systemClock,
  systemTimer,
} from '@cinelayer/core'
import { type Housekeeper, type HousekeepingRun, type Scheduler, createHousekeeper, defaultRules, imageInventory } from '@cinelayer/housekeeping'
import { TmdbProvider, createTmdbEnricher } from '@cinelayer/providers'
import { createStores } from '@cinelayer/storage'
import { createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'
import { resolveDataProvider } from './data-provider-choice.js'
import type { MovieEngineOptions } from './engine-options.js'
import { MovieCatalog } from './movie-catalog.js'
import { PersonDirectory } from './person-directory.js'
import { providerEnrichers } from './provider-enrichers.js'
import { wireEventHandlers } from './event-handlers.js'
import { type EventTrace, resolveEventTrace } from './event-trace-option.js'
import { EngineSummary, summarize } from './summary.js'
import { createEngineScheduler } from './engine-schedule.js'
import { refreshMovie } from './movie-refresh.js'
import { type DowngradeOptions, type DowngradeSelection, createDowngrader } from './manual-downgrade.js'

/** A running cinelayer engine. Create it with {@link createMovieEngine}; close it when done. */
export interface MovieEngine {
  /** The typed event bus: publish requests, observe everything the engine does. */
  readonly bus: EventBus
  /** Movies: lazy `get`, light `peek`, creation, listing. */
  readonly movies: MovieCatalog
  /** People and their filmographies. */
  readonly people: PersonDirectory
  /** The housekeeper: plans and applies downgrades of what nobody uses. */
  readonly housekeeping: Housekeeper
  /** Usage statistics, written behind in batches: `get`, `top`, `leastUsed`, `neverUsed`, `flush`. */
  readonly stats: StatsTracker
  /**
   * The scheduled jobs (housekeeping, trending, discover, provider refresh), already started, or
   * `null` when the `schedule` option is off (the default).
   */
  readonly scheduler: Scheduler | null
  /** The event trace file being written, or `null` when the trace is off (see `MovieEngineOptions.trace`). */
  readonly trace: EventTrace | null
  /** The level ladder in force. */
  readonly levels: LevelSet
  /** The TMDB provider (search, trending, discover) the engine uses. */
  readonly tmdb: TmdbProvider
  /**
   * Downgrades the movies named (or all, or those not read for some days) to a level, through the
   * housekeeper's plan and apply: locked fields stay, events are published. Applied unless `dryRun`.
   * @throws UnknownLevelError for an unknown level; MovieNotFoundError for an id not in the store (before any change).
   */
  downgrade(selection: DowngradeSelection, options?: DowngradeOptions): Promise<HousekeepingRun>
  /** Levels, bytes stored and provider calls, for dashboards and the demo. */
  summary(): Promise<EngineSummary>
  /** Stops the scheduled jobs, waits for pending work (handlers, stats written behind), then releases the storage. */
  close(): Promise<void>
}

/**
 * Creates a movie engine with the embedded defaults: an fs store under `./.cinelayer`, replay data
 * when no TMDB token is set, the default levels and housekeeping rules; no scheduled jobs unless asked.
 */
export function createMovieEngine(options: MovieEngineOptions = {}): MovieEngine {
  const clock = options.clock ?? systemClock
  const plugins: CinelayerPlugin[] = options.plugins ?? []
  checkPlugins(plugins)
  const bus = new EventBus({ clock })
  const trace = resolveEventTrace(options, bus)
  const storage = options.storage ?? createStorage({ driver: fsDriver({ base: resolvePath(options.dataDir ?? '.cinelayer') }) })
  const stores = createStores(storage, { clock })
  const data = resolveDataProvider(options)
  const language = options.language ?? 'en-US'
  const tmdb = new TmdbProvider({ data, language })
  const enrichers = [createTmdbEnricher(tmdb), ...providerEnrichers(options, data), ...(options.enrichers ?? []), ...plugins.flatMap((plugin) => plugin.enrichers ?? [])]
  const merged = mergePluginLevels(options.levels ?? defaultLevels, options.facets ?? defaultFacets, plugins)
  const levels = new LevelSet(merged.levels, merged.facets, enrichers.flatMap((enricher) => enricher.provides))
  const engine = new EnrichmentEngine({
    movies: stores.movies,
    people: stores.people,
    relations: stores.relations,
    enrichers,
    levels,
    bus,
    clock,
    languages: [language, ...(options.fallbackLanguages ?? [])],
  })
  const timer = options.timer ?? systemTimer
  const stats = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock, timer, ...options.stats }).start()
  const housekeeping = createHousekeeper({
    movies: stores.movies,
    stats: stores.stats,
    levels,
    bus,
    clock,
    rules: [...(options.housekeeping?.rules ?? defaultRules()), ...plugins.flatMap((plugin) => plugin.rules ?? [])],
    ...(options.housekeeping?.budgetBytes === undefined ? {} : { budgetBytes: options.housekeeping.budgetBytes }),
    images: imageInventory(stores.images),
    tracker: stats,
  })
  const downgrade = createDowngrader({ movies: stores.movies, stats: stores.stats, levels, bus, clock, images: imageInventory(stores.images), tracker: stats })
  const movies = new MovieCatalog({ stores, engine, levels, bus, clock, tmdb, defaultLevel: levels.assert(options.defaultLevel ?? 'basic') })
  const people = new PersonDirectory({ stores, bus, clock, tmdb, movies })
  const unwire = wireEventHandlers({ bus, movies, housekeeping })
  const teardowns = plugins.map((plugin) => plugin.setup?.({ bus }))
  const scheduler = createEngineScheduler(options.schedule, {
    bus,
    clock,
    timer,
    tmdb,
    housekeeping,
    movies: stores.movies,
    levels,
    refresh: (movieId) => refreshMovie(engine, movieId),
  })?.start() ?? null
  let closed: Promise<void> | undefined
  return {
    bus,
    movies,
    people,
    housekeeping,
    stats,
    scheduler,
    trace,
    levels,
    tmdb,
    downgrade,
    summary: () => summarize({ stores, levels, data }),
    close() {
      closed ??= (async () => {
        await scheduler?.stop()
        unwire()
        await bus.settled()
        await stats.flush()
        stats.stop()
        for (const teardown of teardowns) if (typeof teardown === 'function') await teardown()
        await trace?.stop()
        await storage.dispose()
      })()
      return closed
    },
  }
}
