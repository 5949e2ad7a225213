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
} from '@cinelayer/core'
import { type Housekeeper, createHousekeeper, notReadFor } from '@cinelayer/housekeeping'
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
  /** Usage statistics. */
  readonly stats: StatsTracker
  /** The event trace file being written, or `null` when the trace is off (see `MovieEngineOptions.trace`). */
  readonly trace: EventTrace | null
  /** The level ladder in force. */
  readonly levels: LevelSet
  /** The TMDB provider (search, trending, discover) the engine uses. */
  readonly tmdb: TmdbProvider
  /** Levels, bytes stored and provider calls, for dashboards and the demo. */
  summary(): Promise<EngineSummary>
  /** Waits for pending work (handlers, stats), then releases the storage. */
  close(): Promise<void>
}

/**
 * Creates a movie engine with the embedded defaults: an fs store under `./.cinelayer`, replay data
 * when no TMDB token is set, the default levels and the 180-day housekeeping rule.
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
  const stats = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock }).start()
  const housekeeping = createHousekeeper({
    movies: stores.movies,
    stats: stores.stats,
    levels,
    bus,
    clock,
    rules: [...(options.housekeeping?.rules ?? [notReadFor({ days: 180, to: 'basic' })]), ...plugins.flatMap((plugin) => plugin.rules ?? [])],
    ...(options.housekeeping?.budgetBytes === undefined ? {} : { budgetBytes: options.housekeeping.budgetBytes }),
  })
  const movies = new MovieCatalog({ stores, engine, levels, bus, clock, tmdb, defaultLevel: levels.assert(options.defaultLevel ?? 'basic') })
  const people = new PersonDirectory({ stores, bus, clock, tmdb, movies })
  const unwire = wireEventHandlers({ bus, movies, housekeeping })
  const teardowns = plugins.map((plugin) => plugin.setup?.({ bus }))
  let closed: Promise<void> | undefined
  return {
    bus,
    movies,
    people,
    housekeeping,
    stats,
    trace,
    levels,
    tmdb,
    summary: () => summarize({ stores, levels, data }),
    close() {
      closed ??= (async () => {
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
