import type { Clock, CinelayerPlugin, Enricher, EventBus, FacetDefinition, FacetMaxAge, HousekeepingRule, LevelDefinition, RetryBackoffOptions, Timer, UsageKind } from '@cinelayer/core'
import type { ImageDownloadOptions } from './image-downloads.js'
import type { EngineScheduleOptions } from './engine-schedule.js'
import type { DataProvider, HttpDataProviderOptions } from '@cinelayer/providers'
import type { EventTraceOptions } from './event-trace.js'
import type { UnstorageInstance as Storage } from '@cinelayer/storage'

/**
 * Where provider data comes from: `'replay'` recorded answers (no key, no network), `'http'` the
 * live APIs, `'hybrid'` recorded answers first, then live, recording what was fetched.
 */
export type DataMode = 'replay' | 'http' | 'hybrid'

/** Options of {@link createMovieEngine}. Every option has a working default. */
export interface MovieEngineOptions {
  /**
   * Where the catalog lives: `'sqlite'` (the embedded default: one database file in `dataDir`, in WAL
   * mode, shared by several processes of this machine, one transaction per change), `'fs'` (one
   * readable JSON file per record in `dataDir`, one writer process), `'memory'` (tests, simulations),
   * or an unstorage instance of your own (it stays yours: closing the engine does not dispose of
   * it). Default: what `dataDir` already holds, SQLite for a new one.
   */
  storage?: Storage | 'sqlite' | 'fs' | 'memory'
  /**
   * Folder of the embedded store. Default `./.cinelayer` (from the working directory). SQLite is
   * shared by every engine of this machine that opens it; an fs folder has one writer (a second
   * engine gets `CINELAYER_ERR_STORAGE_LOCKED` until the first is closed, or opens it `readOnly`).
   */
  dataDir?: string
  /**
   * Open the data folder without writing: reads (`peek`, lists) work, every write is refused with
   * `CINELAYER_ERR_STORAGE_READ_ONLY`, so an enrichment or a usage count fails. Needed only beside
   * the writer of an fs folder. Default `false`.
   */
  readOnly?: boolean
  /**
   * Several engine processes on one Redis (`@cinelayer/redis`): records on Redis, one enrichment
   * per movie across the processes, `engine` and `housekeeping` events bridged between them.
   * Make it with `await connectRedis({ url })`; it wins over `storage` and `dataDir`. Default: none.
   */
  redis?: SharedBackend
  /** Movie records kept parsed in memory (bounded; kept true by every write). Default `1000`; `0` turns it off. */
  cacheSize?: number
  /**
   * How long an id a provider said it does not know is remembered, in ms: asking for it again
   * meanwhile fails at once, without an upstream call (and nothing is ever stored for it).
   * Default `600_000` (ten minutes).
   */
  unknownIdTtlMs?: number
  /**
   * Provider data: `'replay'` answers from recorded responses (no key, no network); `'http'` asks the
   * live APIs (TMDB credentials required); `'hybrid'` answers from recordings and fetches live only
   * what they miss, recording it in `recordDir`; or a {@link DataProvider} of your own.
   * Default: `'http'` when a TMDB token is set (`tmdb.token` or `TMDB_TOKEN`), else `'replay'`.
   */
  data?: DataMode | DataProvider
  /** Folder of recorded responses for `'replay'` and `'hybrid'`. Default: the dataset shipped with `@cinelayer/providers`. */
  replayDir?: string
  /**
   * Where `'hybrid'` records live answers (replay entries, read back first in the next session);
   * with `'http'`, every answer is recorded there. Not allowed with `'replay'` or a provider of your
   * own. Default for `'hybrid'`: `recordings` in `dataDir` (`./.cinelayer/recordings`); for `'http'`: none.
   */
  recordDir?: string
  /**
   * What `recordDir` keeps: only answers that pass the checks of their request (schema, about the
   * movie asked for, not a refusal), each at most `maxBodyBytes` (a larger answer fails with
   * `RecordingTooLargeError`). Default `maxBodyBytes`: 16 MiB.
   */
  recording?: { maxBodyBytes?: number }
  /** TMDB options. Credentials never appear in logs, errors, events or recordings. */
  tmdb?: TmdbEngineOptions
  /**
   * More values the engine must never let out: a webhook secret, an API key, a Redis URL (its
   * password is taken out of it). The engine already knows the TMDB and OMDb credentials it is
   * given; with these, every one is removed from events, the trace, recorded errors, recordings and
   * the HTTP provider's logs (see `engine.redactor`). Default none.
   */
  secrets?: readonly string[]
  /**
   * Options of the live data provider for `'http'` and `'hybrid'`: timeout, retries, rate limits and
   * concurrency per source, timers, a logger (credentials removed from its lines). The provider
   * options (`tmdb`, `wikipedia`, `imdb`) win for credentials and base URLs. Default: the
   * `HttpDataProvider` defaults (TMDB at 40 requests/s, 10 s timeout, 3 attempts).
   */
  http?: HttpDataProviderOptions
  /**
   * Wikipedia summaries (the `wikipedia` facet of `deep`), read through Wikidata sitelinks or a
   * search. `false` turns the provider off: no level then needs the facet. Default: on.
   */
  wikipedia?: false | WikipediaEngineOptions
  /**
   * IMDb rating and votes (the `imdbRating` facet of `deep`), from IMDb's ratings dataset when
   * `datasetPath` is given, else from OMDb. `false` turns the provider off: no level then needs the
   * facet. Default: on with replay data, a `datasetPath`, an `apiKey` (or `OMDB_API_KEY`) or a data
   * provider of your own; off for `'http'` and `'hybrid'` data without a key or dataset.
   */
  imdb?: false | ImdbEngineOptions
  /** Language of the metadata. Default `'en-US'`. */
  language?: string
  /** Languages tried, in order, when a field is missing in `language`. Default `[]`. */
  fallbackLanguages?: string[]
  /** The level ladder. Default `initial < basic < medium < deep`. */
  levels?: LevelDefinition[]
  /** Facet definitions. Default: cinelayer's facets. */
  facets?: FacetDefinition[]
  /** Enrichers added after the default ones. */
  enrichers?: Enricher[]
  /** Housekeeping rules and settings. */
  housekeeping?: {
    /**
     * Rules used by the housekeeper (plugins' rules are added after them). Default:
     * `defaultRules()`: not read for 180 days → basic, popularity below 1 → basic, local files kept
     * at basic, locked fields named in the plan, HD image files dropped while over `budgetBytes`.
     */
    rules?: HousekeepingRule[]
    /** Disk budget in bytes (movie records plus image files), passed to rules. Default: none. */
    budgetBytes?: number
    /**
     * Bytes to keep free on the disk of the data folder (measured with `statfs` when a plan is made):
     * while less is free, the default rules drop HD image files, lowest score first. `false`: none.
     * Default: 1 GiB when `images.download` is on and the engine has a data folder, else none.
     * With your own `rules`, give `diskBudget({ minFreeBytes })` yourself.
     */
    minFreeBytes?: number | false
  }
  /** How usage is counted and written. */
  stats?: {
    /** How long uses are held in memory before one write per movie, in ms. Default `10_000`. */
    flushIntervalMs?: number
    /** Half-life of the popularity score, in days. Default `30`. */
    halfLifeDays?: number
    /** Popularity each use adds, per kind. Default: a play 5, a view 2, a request 1, a search hit 0.5, a recommendation 0.25. */
    weights?: Partial<Record<UsageKind, number>>
    /**
     * Write pending uses when the process is about to exit (`beforeExit`) or receives SIGINT or
     * SIGTERM, so that a host that forgets `close()` loses none: on a signal with no other listener,
     * the process then exits with the signal as it would have. Default `true`.
     */
    flushOnExit?: boolean
  }
  /**
   * Scheduled jobs on cron expressions: housekeeping, trending, discover and provider refresh
   * through TMDB's changes feed. `true` runs all four with their defaults; options tune or turn off
   * each. They never overlap themselves, survive a failure and report as `ScheduledJob*` events.
   * Default: off.
   */
  schedule?: boolean | EngineScheduleOptions
  /**
   * The one time source of the engine: every wait of its background work (the stats flush,
   * scheduled jobs) and of the live data provider (rate limits, retries, `Retry-After`, timeouts,
   * unless `http.timers` gives the provider its own), and its clock is the engine's `clock` when
   * none is given. Give a `ManualTimer` to run a whole engine on fake time. Default: the system timer.
   */
  timer?: Timer
  /** Plugins (enrichers, facets, levels, rules, bus behaviour). */
  plugins?: CinelayerPlugin[]
  /** Source of "now". Default: `timer`'s clock, else the system clock. Inject a manual clock in tests and demos. */
  clock?: Clock
  /** Default level of `movies.get` when none is given. Default `'basic'`. */
  defaultLevel?: string
  /**
   * How long each facet stays fresh, in ms: a stale facet is fetched again by the next `get` that
   * needs it (stale facets of a provider asked anyway ride along in the same call). Facets not
   * listed never go stale. Default `defaultFacetMaxAge`: ratings and IMDb votes 30 days, external
   * ids 365 days, every other facet 180 days.
   */
  maxAge?: FacetMaxAge
  /**
   * Backoff after a provider failed for a movie: the next request that needs it for as much as the
   * failed call asked (or more) waits, exponentially longer after each failure (per movie and
   * provider), and until then `get` fails fast with `EnrichmentBackoffError` naming when it will try
   * again; a smaller call still goes. Only failures since this engine started count. `false` retries
   * at once. Default `defaultRetryBackoff`: 30 s, doubling, at most 1 h.
   */
  retry?: RetryBackoffOptions | false
  /**
   * Image bytes stored with the `poster` and `images` facets: with `{ download: true }`, the poster
   * in `original`, the first 3 backdrops in `w780` and the first logo in `w300` (sizes and counts are
   * options). Default: not downloaded (the records keep the image paths only).
   */
  images?: ImageDownloadOptions
  /** Bulk work (`enrichMany`, `importMany`, `BulkImportRequested`, `BulkEnrichRequested`). */
  bulk?: {
    /** Movies worked on at once. Default `4`. */
    concurrency?: number
  }
  /**
   * The event trace: every event appended as a JSON line to `.cinelayer-trace.jsonl` in the data
   * folder (rotated, bounded), for `cinelayer events --follow` in another process. `true` or
   * options to turn it on, `false` to turn it off. Default: on when the engine writes its own fs
   * data folder (no `storage` or `redis` given, not `readOnly`), off otherwise.
   */
  trace?: boolean | Partial<EventTraceOptions>
}

/** TMDB options of {@link MovieEngineOptions.tmdb}. */
export interface TmdbEngineOptions {
  /** TMDB v4 read access token for live data. Default `process.env.TMDB_TOKEN`. */
  token?: string
  /** TMDB v3 api key, used when no token is given. Default none. */
  apiKey?: string
  /** Base URL of the TMDB API for live data (a proxy, a mirror, a local fake). Default `https://api.themoviedb.org`. */
  baseURL?: string
  /** Base URL of TMDB images for live data. Default `https://image.tmdb.org`. */
  imageBaseURL?: string
}

/** Wikipedia options of {@link MovieEngineOptions.wikipedia}. */
export interface WikipediaEngineOptions {
  /**
   * Base URL of Wikipedia for live data, `{site}` standing for the wiki language (a proxy, a mirror, a
   * local fake). Default `https://{site}.wikipedia.org`.
   */
  baseURL?: string
  /** Base URL of Wikidata for live data. Default `https://www.wikidata.org`. */
  wikidataBaseURL?: string
  /**
   * Wiki languages tried in order (`['fr', 'en']`). Default: `language` and `fallbackLanguages`
   * reduced to their language part, then `en`; the movie's original language is tried last.
   */
  languages?: string[]
}

/** IMDb options of {@link MovieEngineOptions.imdb}. */
export interface ImdbEngineOptions {
  /** OMDb API key for live data. Default `process.env.OMDB_API_KEY`; it never appears in logs or errors. */
  apiKey?: string
  /**
   * Path of IMDb's `title.ratings.tsv(.gz)` (https://datasets.imdbws.com/): indexed once in memory,
   * then no request is made for ratings. Default: none (OMDb).
   */
  datasetPath?: string
  /** Base URL of OMDb for live data. Default `https://www.omdbapi.com`. */
  baseURL?: string
}

/**
 * A backend several engine processes share (what `connectRedis()` of `@cinelayer/redis` returns):
 * the storage, a lock so that one movie is enriched once across the processes, and a bridge of
 * the engine's events.
 */
export interface SharedBackend {
  readonly storage: Storage
  readonly enrichmentLock?: { acquire(movieId: string): Promise<() => Promise<void>> }
  bridgeBus?(bus: EventBus): Promise<{ close(): Promise<void> }>
}
