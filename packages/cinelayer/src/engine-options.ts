import type { Clock, CinelayerPlugin, Enricher, FacetDefinition, HousekeepingRule, LevelDefinition } from '@cinelayer/core'
import type { DataProvider } from '@cinelayer/providers'
import type { Storage } from 'unstorage'

/** Where provider data comes from. */
export type DataMode = 'replay' | 'http' | 'hybrid'

/** Options of {@link createMovieEngine}. Every option has a working default. */
export interface MovieEngineOptions {
  /**
   * An unstorage instance holding the catalog. Default: the fs driver under {@link MovieEngineOptions.dataDir}.
   */
  storage?: Storage
  /** Folder of the embedded fs store. Default `./.cinelayer` (from the working directory). */
  dataDir?: string
  /**
   * Provider data: `'replay'` answers from recorded responses (no key, no network); or a
   * {@link DataProvider} of your own. Default `'replay'` when no TMDB token is set.
   */
  data?: DataMode | DataProvider
  /** Folder of recorded responses for `'replay'`. Default: the dataset shipped with `@cinelayer/providers`. */
  replayDir?: string
  /** TMDB options. The token defaults to `process.env.TMDB_TOKEN`; it never appears in logs or errors. */
  tmdb?: { token?: string }
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
    /** Rules used by the housekeeper. Default: `[notReadFor({ days: 180, to: 'basic' })]`. */
    rules?: HousekeepingRule[]
    /** Disk budget in bytes, passed to rules. Default: none. */
    budgetBytes?: number
  }
  /** Plugins (enrichers, facets, levels, rules, bus behaviour). */
  plugins?: CinelayerPlugin[]
  /** Source of "now". Default: the system clock. Inject a manual clock in tests and demos. */
  clock?: Clock
  /** Default level of `movies.get` when none is given. Default `'basic'`. */
  defaultLevel?: string
}
