/**
 * `@cinelayer/storage`: cinelayer's movie, person, relation and stats stores on unstorage, one
 * JSON record per key, validated on the way in and on the way out. Every change to a movie is one
 * commit (record, summary, level entry, credits, aliases, people, stats together) through the
 * movie store's `update`. The embedded default is SQLite (WAL, shared by several processes); the fs
 * JSON folder and memory are options, and any unstorage driver plugs in.
 * @packageDocumentation
 */
export { type CinelayerStores, type StoresOptions, createStores } from './create-stores.js'
export type { MovieListOptions, MoviePage, MovieRepository, MovieScanOptions } from './movie-repository.js'
export type { StoredMovie } from './movie-commit.js'
export type { PersonPage, PersonRepository } from './person-repository.js'
export type { RelationRepository } from './relation-repository.js'
export type { StatsRepository } from './stats-repository.js'
export type { StateStore } from './state-store.js'
export type { ImageRef, ImageStore, StoredImage } from './image-store.js'
export type { UnreadableRecord } from './unreadable.js'
export type { StoreCheck } from './store-check.js'
export { type CommitListener, KeyValueStore } from './key-value-store.js'
export { type CommitBatch, type CommitCheck, type CommitResult, type CommitWrite, type TransactionalDriver, isTransactional } from './commit.js'
export { SQLITE_DRIVER_NAME, type SqliteDriverOptions, sqliteDriver } from './sqlite-driver.js'
export { MEMORY_DRIVER_NAME, memoryDriver } from './memory-driver.js'
export { ATOMIC_FS_DRIVER_NAME, type AtomicFsDriverOptions, atomicFsDriver } from './atomic-fs-driver.js'
export { LOCK_FILE_NAME, type WriterLock, type WriterLockOptions, acquireWriterLock } from './writer-lock.js'
export { DATABASE_FILE_NAME, type DataFolder, type DataFolderOptions, type StoreKind, openDataFolder, storeIn } from './data-folder.js'
export { type CopyOptions, type CopyReport, copyCatalog } from './copy-catalog.js'
export type { RecordMigration, SchemaMigrations, StoredRecord, VersionedKind } from './schema-migrations.js'
export type { MigrationReport } from './migrate-store.js'
export type { ValidateOptions, ValidationIssue, ValidationIssueKind, ValidationReport } from './validation-report.js'
export { STORE_LAYOUT } from './storage-keys.js'
export {
  type LockOwner,
  StorageClosedError,
  StorageConflictError,
  StorageCorruptError,
  type StorageErrorCode,
  StorageLockFailedError,
  StorageLockedError,
  StorageMigrationFailedError,
  StorageMigrationMissingError,
  StorageOpenFailedError,
  StorageReadError,
  StorageReadOnlyError,
  StorageWriteError,
  storageErrorCodes,
} from './errors.js'
export type { Driver as UnstorageDriver, Storage as UnstorageInstance } from './unstorage-types.js'
