import { type Clock, systemClock } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { type ImageStore, createImageStore } from './image-store.js'
import { JsonRecords } from './json-records.js'
import { type MigrationReport, migrateStore } from './migrate-store.js'
import { MovieAliases } from './movie-aliases.js'
import { type MovieRepository, createMovieRepository } from './movie-repository.js'
import { type PersonRepository, createPersonRepository } from './person-repository.js'
import { redisClientOf } from './redis-connection.js'
import { RedisLeases, redisStoreMutex } from './redis-lease.js'
import { type ReindexReport, reindexStore } from './reindex.js'
import { type RelationRepository, createRelationRepository } from './relation-repository.js'
import type { SchemaMigrations } from './schema-migrations.js'
import { type StatsRepository, createStatsRepository } from './stats-repository.js'
import { StoreIndexes } from './store-indexes.js'
import { type StoreMutex, createLocalMutex, layeredMutex } from './store-mutex.js'
import { storedPrefixes } from './storage-keys.js'
import { validateStore } from './validate-store.js'
import type { ValidateOptions, ValidationReport } from './validation-report.js'

/** Options of {@link createStores}. */
export interface StoresOptions {
  /** Stamps maintenance reports; kept on {@link CinelayerStores.clock}. Default: the system clock. */
  clock?: Clock
  /**
   * Migrations of records written by older schema versions, per record kind, keyed by the version
   * they start from. Applied on read; the record is rewritten at the current version on its next
   * write, or by {@link CinelayerStores.migrate}. Default: none (an older record is refused with
   * `CINELAYER_ERR_STORAGE_MIGRATION_MISSING`).
   */
  migrations?: SchemaMigrations
  /**
   * Serializes read-modify-writes (index shards, a movie and its level, relations). Default: on a
   * storage of unstorage's redis driver, Redis leases on the driver's own client, so that several
   * processes can share it; otherwise a mutex within this process (one writer per store: on fs,
   * `openDataFolder`'s lock sees to it).
   */
  mutex?: StoreMutex
  /** Largest index shard, in ids. Default `2048`. */
  maxShardSize?: number
}

/** Every store cinelayer needs, on one unstorage instance, with its maintenance. */
export interface CinelayerStores {
  movies: MovieRepository
  people: PersonRepository
  relations: RelationRepository
  stats: StatsRepository
  /** Image bytes by movie, size and file (`images:<movieId>:<size>:<file>`). */
  images: ImageStore
  /**
   * Bytes of every value cinelayer keeps: movies, aliases, people, relations, stats and images
   * (indexes excepted). Keys outside those prefixes (another application's, on a shared storage)
   * are not counted. Lists keys: a full pass, for reports.
   */
  bytesStored(): Promise<number>
  /** Rebuilds every index from the records (a full pass). */
  reindex(): Promise<ReindexReport>
  /**
   * Checks records against their schemas and versions, indexes against records, aliases and
   * relations; with `{ fix: true }` repairs what can be (a full pass).
   */
  validate(options?: ValidateOptions): Promise<ValidationReport>
  /** Rewrites every record of an older schema version at the current one (a full pass). */
  migrate(): Promise<MigrationReport>
  /** The unstorage instance underneath, for what this package does not cover yet. */
  storage: Storage
  /** The clock given in the options. */
  clock: Clock
  /** The mutex the stores serialize their updates with. */
  mutex: StoreMutex
}

/**
 * Creates the movie, person, relation and stats stores on one unstorage instance.
 *
 * ```ts
 * const folder = openDataFolder('./.cinelayer')          // writer lock + atomic fs driver
 * const stores = createStores(folder.storage)
 * ```
 * @param storage any unstorage instance: the atomic fs driver (the embedded default), memory for
 *   tests, redis for several processes
 */
export function createStores(storage: Storage, options: StoresOptions = {}): CinelayerStores {
  const clock = options.clock ?? systemClock
  const records = new JsonRecords(storage, options.migrations)
  const mutex = options.mutex ?? defaultMutex(storage)
  const indexes = new StoreIndexes(records, mutex, options.maxShardSize)
  const aliases = new MovieAliases(records, mutex)
  const movies = createMovieRepository(storage, { records, indexes, aliases, mutex })
  const relations = createRelationRepository(storage, { records, mutex })
  const reindex = () => reindexStore({ records, indexes, aliases, clock })
  return {
    movies,
    people: createPersonRepository(storage, { records, index: indexes.people }),
    relations,
    stats: createStatsRepository(storage, { records, index: indexes.stats }),
    images: createImageStore(storage),
    async bytesStored() {
      let total = 0
      for (const prefix of storedPrefixes) {
        for (const key of await records.keys(prefix)) total += await records.size(key)
      }
      return total
    },
    reindex,
    validate: (validateOptions) => validateStore({ records, indexes, relations, reindex, putMovie: (movie) => movies.put(movie) }, validateOptions),
    migrate: () => migrateStore({ records, putMovie: (movie) => movies.put(movie) }),
    storage,
    clock,
    mutex,
  }
}

function defaultMutex(storage: Storage): StoreMutex {
  const redis = redisClientOf(storage)
  if (!redis) return createLocalMutex()
  return layeredMutex(redisStoreMutex(new RedisLeases(redis.client, { prefix: `cinelayer-lease:${redis.base}` })))
}
