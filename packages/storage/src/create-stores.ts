import { type Clock, LevelSet, type Timer, systemClock } from '@cinelayer/core'
import { conflictPause, pauseAfterConflict } from './conflict-retry.js'
import type { Storage } from './unstorage-types.js'
import { type ImageStore, createImageStore } from './image-store.js'
import { JsonRecords } from './json-records.js'
import { KeyValueStore } from './key-value-store.js'
import { type MigrationReport, migrateStore } from './migrate-store.js'
import { type MovieRepository, createMovieRepository } from './movie-repository.js'
import { type PersonRepository, createPersonRepository } from './person-repository.js'
import { type RelationRepository, createRelationRepository } from './relation-repository.js'
import type { SchemaMigrations } from './schema-migrations.js'
import { type StateStore, createStateStore } from './state-store.js'
import { type StatsRepository, createStatsRepository } from './stats-repository.js'
import { type StoreCheck, checkStore } from './store-check.js'
import { storedPrefixes } from './storage-keys.js'
import { validateStore } from './validate-store.js'
import type { ValidateOptions, ValidationReport } from './validation-report.js'

/** Options of {@link createStores}. */
export interface StoresOptions {
  /** Stamps maintenance work (a quarantined record's rebuild). Default: the system clock. */
  clock?: Clock
  /**
   * The engine's levels and facets: summaries say what each facet of a record weighs, level
   * entries list movies per level. Default: cinelayer's default levels and facets.
   */
  levels?: LevelSet
  /**
   * Migrations of records written by older schema versions, per record kind, keyed by the version
   * they start from. Applied on read; the record is rewritten at the current version on its next
   * write, or by {@link CinelayerStores.migrate}. Default: none (an older record is refused with
   * `CINELAYER_ERR_STORAGE_MIGRATION_MISSING`).
   */
  migrations?: SchemaMigrations
  /**
   * The waits of the stores (a change that met a newer record pauses briefly before it runs again)
   * go through it, so that a test on fake time controls them. Default: real time.
   */
  timer?: Timer
  /** Movie records kept parsed in memory (invalidated by every commit, and by other processes' on SQLite). Default `1000`; `0` turns it off. */
  cacheSize?: number
}

/** Every store cinelayer needs, on one unstorage instance, with its maintenance. */
export interface CinelayerStores {
  movies: MovieRepository
  people: PersonRepository
  relations: RelationRepository
  stats: StatsRepository
  /** Image bytes by movie, size and file (`images:<movieId>:<size>:<file>`). */
  images: ImageStore
  /** Small named records of the engine's own (a scheduled job's window), kept with the catalog. */
  state: StateStore
  /** Bytes of every value cinelayer keeps: movies, aliases, people, credits, stats and images (derived entries excepted). */
  bytesStored(): Promise<number>
  /**
   * The cheap check made once per store before its first listing: layout version, and counts of
   * records against their summaries and level entries; a store that disagrees is repaired
   * (`reindex`). Resolves with what it found.
   */
  check(): Promise<StoreCheck>
  /**
   * Rebuilds every derived entry (summaries, level and file entries, reverse aliases, filmography
   * sides) from the records, each repair checked against the record it was computed from. Unlike
   * `validate({ fix: true })` it quarantines nothing: an unreadable record is reported and left.
   */
  reindex(): Promise<ValidationReport>
  /**
   * Checks records against their schemas and versions and derived entries against the records;
   * with `{ fix: true }`, quarantines unreadable records and repairs the rest (a full pass).
   */
  validate(options?: ValidateOptions): Promise<ValidationReport>
  /** Rewrites every record of an older schema version at the current one (a full pass). */
  migrate(): Promise<MigrationReport>
  /** The key-value access every store shares (commits, listings). */
  kv: KeyValueStore
  /** The unstorage instance underneath. */
  storage: Storage
  /** Whether a commit lands whole or not at all even when the process is killed (cinelayer's drivers). */
  atomic: boolean
  /** The clock given in the options. */
  clock: Clock
  /**
   * Refuses every later call (`CINELAYER_ERR_STORAGE_CLOSED`) and disposes of the storage, unless
   * `dispose: false` (a storage the caller keeps using).
   */
  close(options?: { dispose?: boolean }): Promise<void>
}

/**
 * Creates the movie, person, relation, stats and image stores on one unstorage instance.
 *
 * ```ts
 * const folder = openDataFolder('./.cinelayer')          // SQLite by default
 * const stores = createStores(folder.storage)
 * ```
 * @param storage any unstorage instance: cinelayer's SQLite driver (the embedded default), its fs
 *   JSON folder, its memory driver for tests, Redis through `@cinelayer/redis`, or any other driver
 *   (then without atomic commits)
 */
export function createStores(storage: Storage, options: StoresOptions = {}): CinelayerStores {
  const clock = options.clock ?? systemClock
  const levels = options.levels ?? new LevelSet()
  const kv = new KeyValueStore(storage)
  const records = new JsonRecords(kv, options.migrations)
  const pause = options.timer ? conflictPause(options.timer) : pauseAfterConflict
  const movies = createMovieRepository({ records, levels, pause, ...(options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize }) })
  const people = createPersonRepository(records, pause)
  const stats = createStatsRepository(records, pause)
  const validate = (validateOptions?: ValidateOptions) => validateStore({ records, levels, movies, clock }, validateOptions)
  // Derived entries rebuilt from the records; an unreadable record is reported, left where it is.
  const reindex = () => validateStore({ records, levels, movies, clock }, { fix: true, quarantine: false })
  let checked: Promise<StoreCheck> | undefined
  const check = () => (checked ??= checkStore(records, reindex))
  return {
    movies: withCheck(movies, check),
    people,
    relations: createRelationRepository(records),
    stats,
    images: createImageStore(kv),
    state: createStateStore(records),
    async bytesStored() {
      let total = 0
      for (const prefix of storedPrefixes) total += await kv.bytes(`${prefix}:`)
      return total
    },
    check,
    reindex,
    validate,
    migrate: () => migrateStore({ records, movies, people, stats }),
    kv,
    storage,
    atomic: kv.atomic,
    clock,
    close: (closeOptions) => kv.close(closeOptions),
  }
}

/** The movie repository whose listings wait for the store's check (a missing index is rebuilt first). */
function withCheck(movies: MovieRepository, check: () => Promise<StoreCheck>): MovieRepository {
  return {
    ...movies,
    list: async (options) => (await check(), movies.list(options)),
    count: async (options) => (await check(), movies.count(options)),
    ids: async () => (await check(), movies.ids()),
    async *scan(options) {
      await check()
      yield* movies.scan(options)
    },
    async *summaries(options) {
      await check()
      yield* movies.summaries(options)
    },
  }
}
