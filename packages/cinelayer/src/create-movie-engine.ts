import {
  type CinelayerPlugin,
  EngineClosedError,
  EnrichmentEngine,
  type MovieSeed,
  type TitleRequest,
  type EventInput,
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
import { type Housekeeper, type HousekeepingRun, type Scheduler, imageInventory } from '@cinelayer/housekeeping'
import { TmdbProvider, createTmdbEnricher } from '@cinelayer/providers'
import { type CinelayerStores, type CopyReport, type ImageStore, type MigrationReport, type ValidateOptions, type ValidationReport, copyCatalog, createStores } from '@cinelayer/storage'
import { type BulkImportOptions, type BulkOptions, type BulkReport, bulkEnrich, bulkImport } from './bulk-operations.js'
import type { ImportItem } from './bulk-import-items.js'
import { pruneImagesOnChange, withImageDownloads } from './image-downloads.js'
import { resolveDataProvider } from './data-provider-choice.js'
import type { MovieEngineOptions } from './engine-options.js'
import { MovieCatalog } from './movie-catalog.js'
import type { VideoFileInfo } from './file-matching.js'
import { PersonDirectory } from './person-directory.js'
import { providerEnrichers } from './provider-enrichers.js'
import { wireEventHandlers } from './event-handlers.js'
import { RequestDesk, type RequestOutcomes, type RequestType } from './engine-requests.js'
import { type EventTrace, resolveEventTrace } from './event-trace-option.js'
import { installRedaction } from './engine-redaction.js'
import { EngineSummary, summarize } from './summary.js'
import { createEngineScheduler } from './engine-schedule.js'
import { type DowngradeOptions, type DowngradeSelection, createDowngrader } from './manual-downgrade.js'
import { type ChosenStore, chooseStore } from './store-choice.js'
import { flushOnExit } from './exit-flush.js'
import { createEngineHousekeeper } from './engine-housekeeper.js'
import { guardClosed } from './closed-guard.js'
import { checkBulkList, checkDowngradeSelection } from './argument-checks.js'

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
   * Adds many movies, `concurrency` at a time: by id (`tmdb:…`, `imdb:…`) or seed, at `initial` or
   * enriched to `options.level`; by title (`{ title, year }`, searched and matched, created at the
   * level, default `defaultLevel`); by video file (`{ path, title, year? }`, matched as the watcher
   * matches one). A movie already stored is skipped; an item that fails is reported and the others
   * go on. Same events and report as `enrichMany`.
   * @throws UnknownLevelError, OptionsInvalidError (before any work)
   */
  importMany(list: ReadonlyArray<ImportItem>, options?: BulkImportOptions): Promise<BulkReport>
  /**
   * Publishes a request event (`BulkImportRequested`, `BulkEnrichRequested`, `HousekeepingRequested`,
   * `RecommendationTriggered`) in the category of whoever asks (`cli`, `webhook`…), and resolves with
   * what the engine did about it (a bulk report, a housekeeping run): the trace shows who asked for
   * what, and the asker gets the answer.
   * @throws EventInvalidError for a category the type does not allow; RequestUnhandledError when no
   *   handler took it; what the work throws (UnknownLevelError…).
   */
  request<T extends RequestType>(input: EventInput<T>): Promise<RequestOutcomes[T]>
  /** Rebuilds every derived entry (summaries, level entries, reverse aliases, filmographies) from the records (a full pass). */
  reindex(): Promise<ValidationReport>
  /**
   * Checks every record against its schema and version, the derived entries against the records,
   * aliases and credits both ways; with `fix: true`, quarantines unreadable records (their bytes
   * kept aside, a movie rebuilt with its recoverable edits and locks) and repairs the rest.
   */
  validate(options?: ValidateOptions): Promise<ValidationReport>
  /**
   * Copies the whole catalog into another store (records, derived entries, images, usage): how a
   * catalog moves between SQLite, the fs JSON folder (the export format) and Redis.
   */
  copyTo(target: CinelayerStores): Promise<CopyReport>
  /** The stores underneath (maintenance, export): every change to a movie still goes through `stores.movies.update`. */
  readonly stores: CinelayerStores
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
  /**
   * Stops the scheduled jobs, waits for the work in flight (handlers, enrichments, creations), writes
   * the uses counted, then releases the storage. Every call made after it fails with
   * `CINELAYER_ERR_ENGINE_CLOSED`. Safe to call twice.
   */
  close(): Promise<void>
}

/**
 * Creates a movie engine with the embedded defaults: a SQLite store under `./.cinelayer`, replay
 * data when no TMDB token is set, the default levels and housekeeping rules; no scheduled jobs
 * unless asked.
 */
export function createMovieEngine(options: MovieEngineOptions = {}): MovieEngine {
  const chosen = chooseStore(options)
  try {
    return composeEngine(options, chosen)
  } catch (error) {
    // Refused options must not leave the data folder locked (the lock goes synchronously).
    void chosen.folder?.lock?.release()
    if (chosen.owned) void chosen.storage.dispose()
    throw error
  }
}

function composeEngine(options: MovieEngineOptions, chosen: ChosenStore): MovieEngine {
  const clock = options.clock ?? options.timer?.clock ?? systemClock
  const plugins: CinelayerPlugin[] = options.plugins ?? []
  checkPlugins(plugins)
  const bus = new EventBus({ clock })
  const redactor = installRedaction(options, bus)
  const trace = resolveEventTrace(options, bus, chosen.ownFolder, redactor)
  const { storage } = chosen
  // Engine events of every process reach this bus; connected in the background, closed with the engine.
  const bridge = options.redis?.bridgeBus?.(bus)
  bridge?.catch(() => undefined)
  const data = resolveDataProvider(options)
  const language = options.language ?? 'en-US'
  const tmdb = new TmdbProvider({ data, language })
  const tmdbEnricher = createTmdbEnricher(tmdb)
  const others = [...providerEnrichers(options, data), ...(options.enrichers ?? []), ...plugins.flatMap((plugin) => plugin.enrichers ?? [])]
  const merged = mergePluginLevels(options.levels ?? defaultLevels, options.facets ?? defaultFacets, plugins)
  const levels = new LevelSet(merged.levels, merged.facets, [tmdbEnricher, ...others].flatMap((enricher) => enricher.provides))
  const stores = createStores(storage, { clock, levels, ...(options.timer ? { timer: options.timer } : {}), ...(options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize }) })
  const enrichers = [options.images?.download ? withImageDownloads(tmdbEnricher, { tmdb, images: stores.images, options: options.images ?? {} }) : tmdbEnricher, ...others]
  const engine = new EnrichmentEngine({
    movies: stores.movies,
    enrichers,
    levels,
    bus,
    clock,
    languages: [language, ...(options.fallbackLanguages ?? [])],
    ...(options.maxAge === undefined ? {} : { maxAge: options.maxAge }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.redis?.enrichmentLock ? { lock: options.redis.enrichmentLock } : {}),
    redactor,
  })
  const timer = options.timer ?? systemTimer
  const { flushOnExit: exitFlush = true, ...statsOptions } = options.stats ?? {}
  const stats = new StatsTracker({ bus, stats: stores.stats, movies: stores.movies, clock, timer, ...statsOptions }).start()
  const images = imageInventory(stores.images)
  // The disk budget measures the data folder's disk, when the engine has one.
  const housekeeping = createEngineHousekeeper({ options, plugins, stores, levels, bus, clock, images, tracker: stats, folderPath: chosen.folder?.path })
  const downgrader = createDowngrader({ movies: stores.movies, stats: stores.stats, levels, bus, clock, images, tracker: stats })
  const movies = new MovieCatalog({
    stores,
    engine,
    levels,
    bus,
    clock,
    tmdb,
    defaultLevel: levels.assert(options.defaultLevel ?? 'basic'),
    flushStats: async () => void (await stats.flush()),
    ...(options.unknownIdTtlMs === undefined ? {} : { unknownIdTtlMs: options.unknownIdTtlMs }),
  })
  const people = new PersonDirectory({ stores, bus, clock, tmdb, movies })
  const bulkDeps = {
    stores,
    engine,
    levels,
    bus,
    find: (id: string) => movies.find(id),
    findOrCreate: (id: string) => movies.findOrCreate(id),
    get: (id: string, level: string) => movies.get(id, { level }),
    addByTitle: (query: TitleRequest, level: string | undefined) => movies.addByTitle(query, level === undefined ? {} : { level }),
    addFile: (path: string, info: VideoFileInfo) => movies.addFile(path, info),
    async createSeed(seed: MovieSeed) {
      const [result] = await movies.createMany([seed], 'import')
      return { movieId: result!.movie.id, created: result!.created }
    },
  }
  const bulk = { concurrency: options.bulk?.concurrency }
  const enrichMany = (ids: readonly string[] | 'all', level: string, extra: BulkOptions = {}) => {
    if (ids !== 'all') checkBulkList('enrichMany', ids, false)
    return bulkEnrich(bulkDeps, ids, level, { ...bulk, ...extra })
  }
  const importMany = (list: ReadonlyArray<ImportItem>, extra: BulkImportOptions = {}) => {
    checkBulkList('importMany', list, true)
    return bulkImport(bulkDeps, list, { ...bulk, ...extra })
  }
  const desk = new RequestDesk(bus)
  const recommendationLevel = levels.assert(options.defaultLevel ?? 'basic')
  const unwireHandlers = wireEventHandlers({ bus, movies, housekeeping, people, tmdb, stores, enrichMany, importMany, desk, recommendationLevel })
  const unwirePruning = pruneImagesOnChange({ bus, movies: stores.movies, images: stores.images, engine })
  const teardowns = plugins.map((plugin) => plugin.setup?.({ bus }))
  const scheduler =
    createEngineScheduler(options.schedule, {
      bus,
      clock,
      timer,
      tmdb,
      housekeeping,
      movies: stores.movies,
      levels,
      // What TMDB's changes feed says changed: the facets TMDB filled.
      refresh: (movieId) => movies.refresh(movieId, { providers: ['tmdb'] }),
      state: stores.state,
    })?.start() ?? null
  const stopExitFlush = exitFlush ? flushOnExit(() => stats.flush()) : () => undefined
  let closed: Promise<void> | undefined
  const isClosed = () => closed !== undefined
  const guard = <T extends object>(target: T, name: string) => guardClosed(target, name, isClosed)
  // The engine's own calls: refused once closed, and every error (a bad argument too) a rejection.
  const call =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (isClosed()) throw new EngineClosedError(name)
      return fn(...args)
    }
  return {
    bus,
    movies: guard(movies, 'movies'),
    people: guard(people, 'people'),
    housekeeping: guard(housekeeping, 'housekeeping'),
    stats: guard(stats, 'stats'),
    scheduler,
    trace,
    levels,
    redactor,
    tmdb,
    images: guard(stores.images, 'images'),
    stores,
    enrichMany: call('enrichMany', enrichMany),
    importMany: call('importMany', importMany),
    request: call('request', <T extends RequestType>(input: EventInput<T>) => desk.request(input)) as MovieEngine['request'],
    reindex: call('reindex', () => stores.reindex()),
    validate: call('validate', (validateOptions?: ValidateOptions) => stores.validate(validateOptions)),
    migrate: call('migrate', () => stores.migrate()),
    copyTo: call('copyTo', (target: CinelayerStores) => copyCatalog(stores, target)),
    downgrade: call('downgrade', async (selection: DowngradeSelection, downgradeOptions?: DowngradeOptions) => {
      checkDowngradeSelection(selection)
      return downgrader(selection, downgradeOptions)
    }),
    summary: call('summary', () => summarize({ stores, levels, data })),
    close() {
      closed ??= (async () => {
        await scheduler?.stop()
        // No new work from events, then the work in flight ends (runs, creations, background).
        unwireHandlers()
        await bus.settled()
        await engine.close()
        unwirePruning()
        await bus.settled()
        await stats.flush()
        stats.stop()
        stopExitFlush()
        for (const teardown of teardowns) if (typeof teardown === 'function') await teardown()
        await trace?.stop()
        await bridge?.then((bridged) => bridged.close(), () => undefined)
        // A storage given by the caller stays open for it; one the engine made goes with it.
        await stores.close({ dispose: chosen.owned })
        await chosen.folder?.close()
      })()
      return closed
    },
  }
}
