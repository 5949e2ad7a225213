import { resolve as resolvePath } from 'node:path'
import {
  type CinelayerPlugin,
  EnrichmentEngine,
  type MovieSeed,
  EventBus,
  type Redactor,
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
import { type DataFolder, type ImageStore, type MigrationReport, type ReindexReport, type ValidateOptions, type ValidationReport, createStores, openDataFolder } from '@cinelayer/storage'
import { type BulkImportOptions, type BulkOptions, type BulkReport, bulkEnrich, bulkImport } from './bulk-operations.js'
import { pruneImagesOnChange, withImageDownloads } from './image-downloads.js'
import { resolveDataProvider } from './data-provider-choice.js'
import type { MovieEngineOptions } from './engine-options.js'
import { MovieCatalog } from './movie-catalog.js'
import { PersonDirectory } from './person-directory.js'
import { providerEnrichers } from './provider-enrichers.js'
import { wireEventHandlers } from './event-handlers.js'
import { type EventTrace, resolveEventTrace } from './event-trace-option.js'
import { installRedaction } from './engine-redaction.js'
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
  /**
   * Removes every secret the engine knows (credentials, `secrets`) from a text, a value or an error;
   * `redactor.with([more])` for a host's own (see `Redactor`). Events are already cleaned by it.
   */
  readonly redactor: Redactor
  /** The TMDB provider (search, trending, discover) the engine uses. */
  readonly tmdb: TmdbProvider
  /** Image bytes by movie, size and file (see `MovieEngineOptions.images`); bytes per movie with `bytesOf`. */
  readonly images: ImageStore
  /**
   * Brings many movies (`'all'`: every stored one) to `level`, `concurrency` at a time (default
   * `bulk.concurrency`, 4), each item's error isolated. Publishes `BulkProgress` per item; resolves
   * with a report of every item (ok, skipped as already there, failed with the reason).
   * @throws UnknownLevelError, OptionsInvalidError (before any work)
   */
  enrichMany(ids: readonly string[] | 'all', level: string, options?: BulkOptions): Promise<BulkReport>
  /**
   * Adds many movies by id (`tmdb:…`, `imdb:…`) or seed, `concurrency` at a time, at `initial` or
   * enriched to `options.level`; a movie already stored is skipped. Same events and report as `enrichMany`.
   * @throws UnknownLevelError, OptionsInvalidError (before any work)
   */
  importMany(list: ReadonlyArray<string | MovieSeed>, options?: BulkImportOptions): Promise<BulkReport>
  /** Rebuilds the movie and people indexes from the records (a full pass); see `@cinelayer/storage`. */
  reindex(): Promise<ReindexReport>
  /**
   * Checks every record against its schema and version, the indexes against the records, aliases
   * and relations both ways; with `fix: true`, repairs what can be (see `ValidationIssueKind`).
   */
  validate(options?: ValidateOptions): Promise<ValidationReport>
  /** Rewrites every record of an older schema version at the current one (see `@cinelayer/storage`). */
  migrate(): Promise<MigrationReport>
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
  // The embedded store: one writer per data folder (the lock), writes that survive a crash (atomic fs driver).
  const folder = options.redis || options.storage ? undefined : openDataFolder(resolvePath(options.dataDir ?? '.cinelayer'), { readOnly: options.readOnly ?? false })
  try {
    return composeEngine(options, folder)
  } catch (error) {
    // Refused options must not leave the data folder locked (the lock goes synchronously).
    void folder?.lock?.release()
    void folder?.storage.dispose()
    throw error
  }
}

function composeEngine(options: MovieEngineOptions, folder: DataFolder | undefined): MovieEngine {
  const clock = options.clock ?? systemClock
  const plugins: CinelayerPlugin[] = options.plugins ?? []
  checkPlugins(plugins)
  const bus = new EventBus({ clock })
  const redactor = installRedaction(options, bus)
  const trace = resolveEventTrace(options, bus, redactor)
  const storage = options.redis?.storage ?? options.storage ?? folder!.storage
  const stores = createStores(storage, { clock })
  // Engine events of every process reach this bus; connected in the background, closed with the engine.
  const bridge = options.redis?.bridgeBus(bus)
  bridge?.catch(() => undefined)
  const data = resolveDataProvider(options)
  const language = options.language ?? 'en-US'
  const tmdb = new TmdbProvider({ data, language })
  const tmdbEnricher = options.images?.download ? withImageDownloads(createTmdbEnricher(tmdb), { tmdb, images: stores.images, options: options.images ?? {} }) : createTmdbEnricher(tmdb)
  const enrichers = [tmdbEnricher, ...providerEnrichers(options, data), ...(options.enrichers ?? []), ...plugins.flatMap((plugin) => plugin.enrichers ?? [])]
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
    ...(options.maxAge === undefined ? {} : { maxAge: options.maxAge }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.redis ? { lock: options.redis.enrichmentLock } : {}),
    redactor,
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
    images: imageInventory(stores.images, storage),
    tracker: stats,
  })
  const downgrade = createDowngrader({ movies: stores.movies, stats: stores.stats, levels, bus, clock, images: imageInventory(stores.images, storage), tracker: stats })
  const movies = new MovieCatalog({ stores, engine, levels, bus, clock, tmdb, defaultLevel: levels.assert(options.defaultLevel ?? 'basic'), flushStats: async () => void (await stats.flush()) })
  const people = new PersonDirectory({ stores, bus, clock, tmdb, movies })
  const bulkDeps = {
    stores,
    engine,
    levels,
    bus,
    find: (id: string) => movies.find(id),
    findOrCreate: (id: string) => movies.findOrCreate(id),
    async createSeed(seed: MovieSeed) {
      const [result] = await movies.createMany([seed], 'import')
      return { movieId: result!.movie.id, created: result!.created }
    },
  }
  const bulk = { concurrency: options.bulk?.concurrency }
  const enrichMany = (ids: readonly string[] | 'all', level: string, extra: BulkOptions = {}) => bulkEnrich(bulkDeps, ids, level, { ...bulk, ...extra })
  const importMany = (list: ReadonlyArray<string | MovieSeed>, extra: BulkImportOptions = {}) => bulkImport(bulkDeps, list, { ...bulk, ...extra })
  const unwireHandlers = wireEventHandlers({ bus, movies, housekeeping, people, tmdb, stores, enrichMany, importMany })
  const unwirePruning = pruneImagesOnChange({ bus, movies: stores.movies, images: stores.images, engine })
  const unwire = () => {
    unwireHandlers()
    unwirePruning()
  }
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
    redactor,
    tmdb,
    images: stores.images,
    enrichMany,
    importMany,
    reindex: () => stores.reindex(),
    validate: (validateOptions) => stores.validate(validateOptions),
    migrate: () => stores.migrate(),
    downgrade,
    summary: () => summarize({ stores, levels, data }),
    close() {
      closed ??= (async () => {
        await scheduler?.stop()
        await movies.settled()
        unwire()
        await bus.settled()
        await stats.flush()
        stats.stop()
        for (const teardown of teardowns) if (typeof teardown === 'function') await teardown()
        await trace?.stop()
        await bridge?.then((bridged) => bridged.close(), () => undefined)
        if (folder) await folder.close()
        else await storage.dispose()
      })()
      return closed
    },
  }
}
