/**
 * `@cinelayer/storage`: cinelayer's movie, person, relation and stats stores on unstorage, one
 * JSON record per key, validated on the way in and on the way out, with indexes, schema
 * migrations, crash-safe writes on fs, one writer per data folder, and Redis for several processes.
 * @packageDocumentation
 */
export { type CinelayerStores, type StoresOptions, createStores } from './create-stores.js'
export { type MovieListOptions, type MovieRepository, type MovieScanOptions, createMovieRepository } from './movie-repository.js'
export { type PersonRepository, createPersonRepository } from './person-repository.js'
export { type RelationRepository, createRelationRepository } from './relation-repository.js'
export { type StatsRepository, createStatsRepository } from './stats-repository.js'
export { type ImageRef, type ImageStore, type StoredImage, createImageStore } from './image-store.js'
export { ATOMIC_FS_DRIVER_NAME, type AtomicFsDriverOptions, atomicFsDriver } from './atomic-fs-driver.js'
export { LOCK_FILE_NAME, type WriterLock, type WriterLockOptions, acquireWriterLock } from './writer-lock.js'
export { type DataFolder, type DataFolderOptions, openDataFolder } from './data-folder.js'
export { type StoreMutex, createLocalMutex } from './store-mutex.js'
export type { RecordMigration, SchemaMigrations, StoredRecord, VersionedKind } from './schema-migrations.js'
export type { ReindexReport } from './reindex.js'
export type { MigrationReport } from './migrate-store.js'
export type { ValidateOptions, ValidationIssue, ValidationIssueKind, ValidationReport } from './validation-report.js'
export { type BridgedEvent, type BusBridge, type BusBridgeOptions, type EventOrigin, bridgeBusOverRedis, eventOrigin } from './redis-bus-bridge.js'
export {
  type BulkEnrichmentBatch,
  type BulkEnrichmentJob,
  type BulkEnrichmentOptions,
  type BulkEnrichmentQueue,
  type BulkEnrichmentResult,
  type BulkEnrichmentWorker,
  type BulkEnrichmentWorkerOptions,
  createBulkEnrichmentQueue,
  startBulkEnrichmentWorker,
} from './bulk-enrichment.js'
export {
  type EnrichmentLock,
  type EnrichmentLockOptions,
  type RedisBackend,
  type RedisBackendOptions,
  connectRedis,
  redisEnrichmentLock,
} from './redis-backend.js'
export {
  type LockOwner,
  StorageCorruptError,
  type StorageErrorCode,
  StorageIndexBrokenError,
  StorageLeaseTimeoutError,
  StorageLockFailedError,
  StorageLockedError,
  StorageMigrationFailedError,
  StorageMigrationMissingError,
  StorageReadError,
  StorageReadOnlyError,
  StorageRedisUnavailableError,
  StorageWriteError,
  storageErrorCodes,
} from './errors.js'
export type { Driver as UnstorageDriver, Storage as UnstorageInstance } from './unstorage-types.js'
