import { CinelayerError } from '@cinelayer/core'

/**
 * Codes raised by `@cinelayer/storage`, with what each means. Kept in step with the table in
 * this package's README, docs/storage.md and docs/errors.md by a test. Schema problems use core's
 * `CINELAYER_ERR_RECORD_INVALID` and `CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED`; malformed ids use
 * `CINELAYER_ERR_ID_INVALID`.
 */
export const storageErrorCodes = {
  CINELAYER_ERR_STORAGE_CORRUPT: 'A stored value is not parseable JSON; it was left untouched.',
  CINELAYER_ERR_STORAGE_READ: 'The unstorage driver failed while reading or listing keys.',
  CINELAYER_ERR_STORAGE_WRITE: 'The unstorage driver failed while writing or removing a key.',
  CINELAYER_ERR_STORAGE_LOCKED: 'Another live process holds the writer lock of the data folder.',
  CINELAYER_ERR_STORAGE_LOCK_FAILED: 'The writer lock file could not be created, read or removed.',
  CINELAYER_ERR_STORAGE_READ_ONLY: 'A write was attempted on a store opened read-only.',
  CINELAYER_ERR_STORAGE_CONFLICT: 'Another writer kept committing to the same records first; the change was retried and given up (nothing of it was written).',
  CINELAYER_ERR_STORAGE_CLOSED: 'The store was closed: it refuses every call made after close().',
  CINELAYER_ERR_STORAGE_OPEN_FAILED: 'The data folder cannot be opened as the store asked for (a database that does not open, an unknown store kind, a folder of the other kind).',
  CINELAYER_ERR_STORAGE_MIGRATION_MISSING: 'A record has an older schema version and no migration is registered for one of its steps.',
  CINELAYER_ERR_STORAGE_MIGRATION_FAILED: 'A migration threw, or did not return a record.',
} as const

/** A code of {@link storageErrorCodes}. */
export type StorageErrorCode = keyof typeof storageErrorCodes

// Driver errors may quote connection strings or request URLs, so only the error's own code
// (ENOENT, EACCES, ECONNREFUSED…) reaches the message; the full error stays in `cause`.
function causeCode(cause: unknown): string {
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return ` (${cause.code})`
  return ''
}

/** A stored value under `key` is not JSON. The value is left as it is for inspection. */
export class StorageCorruptError extends CinelayerError {
  constructor(key: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super('CINELAYER_ERR_STORAGE_CORRUPT', `Stored value at key "${key}" is not valid JSON (${why}); it was left untouched`, {
      cause,
      details: { key },
    })
  }
}

/** The driver failed to read `key` (or to list keys under a prefix). */
export class StorageReadError extends CinelayerError {
  constructor(key: string, driver: string, cause: unknown) {
    super('CINELAYER_ERR_STORAGE_READ', `Reading "${key}" from the unstorage driver "${driver}" failed${causeCode(cause)}`, {
      cause,
      details: { key, driver },
    })
  }
}

/** The driver failed to write or remove `key`. */
export class StorageWriteError extends CinelayerError {
  constructor(key: string, driver: string, cause: unknown) {
    super('CINELAYER_ERR_STORAGE_WRITE', `Writing "${key}" to the unstorage driver "${driver}" failed${causeCode(cause)}`, {
      cause,
      details: { key, driver },
    })
  }
}

/** Who holds a writer lock, as written in the lock file. */
export interface LockOwner {
  pid: number
  hostname: string
  /** ISO time the lock was taken. */
  startedAt: string
}

/** Another live process writes to the data folder. */
export class StorageLockedError extends CinelayerError {
  constructor(folder: string, owner: LockOwner) {
    super(
      'CINELAYER_ERR_STORAGE_LOCKED',
      `Data folder "${folder}" is locked by process ${owner.pid} on ${owner.hostname} since ${owner.startedAt}; close it there, or open this one read-only`,
      { details: { folder, ...owner } },
    )
  }
}

/** The lock file itself could not be handled (permissions, a folder where the file should be…). */
export class StorageLockFailedError extends CinelayerError {
  constructor(path: string, action: 'create' | 'read' | 'remove', cause: unknown) {
    super('CINELAYER_ERR_STORAGE_LOCK_FAILED', `Could not ${action} the writer lock file "${path}"${causeCode(cause)}`, {
      cause,
      details: { path, action },
    })
  }
}

/** A write on a store opened read-only. */
export class StorageReadOnlyError extends CinelayerError {
  constructor(key: string, folder: string) {
    super('CINELAYER_ERR_STORAGE_READ_ONLY', `Cannot write "${key}": the data folder "${folder}" is open read-only`, { details: { key, folder } })
  }
}

/**
 * A commit whose precondition failed: a record it was computed from changed meanwhile. The stores
 * retry the change on the newer record; this surfaces only when they give up.
 */
export class StorageConflictError extends CinelayerError {
  constructor(key: string, attempts?: number) {
    super(
      'CINELAYER_ERR_STORAGE_CONFLICT',
      attempts === undefined
        ? `"${key}" changed since it was read: the commit was refused and nothing of it was written`
        : `"${key}" kept changing under ${attempts} attempts to commit a change to it; nothing of the change was written`,
      { details: { key, ...(attempts === undefined ? {} : { attempts }) } },
    )
  }
}

/** A call on a store after its close(). */
export class StorageClosedError extends CinelayerError {
  constructor(what: string) {
    super('CINELAYER_ERR_STORAGE_CLOSED', `The store is closed: ${what} was called after close()`, { details: { call: what } })
  }
}

/** A data folder that cannot be opened as asked. */
export class StorageOpenFailedError extends CinelayerError {
  constructor(folder: string, problem: string, cause?: unknown) {
    super('CINELAYER_ERR_STORAGE_OPEN_FAILED', `Cannot open the data folder "${folder}": ${problem}${causeCode(cause)}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { folder },
    })
  }
}

/** A record older than the current schema, with a step no migration covers. */
export class StorageMigrationMissingError extends CinelayerError {
  constructor(kind: string, key: string, fromVersion: number, targetVersion: number) {
    super(
      'CINELAYER_ERR_STORAGE_MIGRATION_MISSING',
      `${kind} record ${key} has schema version ${fromVersion} and no migration from ${fromVersion} is registered (target ${targetVersion}); it was left untouched`,
      { details: { kind, key, fromVersion, targetVersion } },
    )
  }
}

/** A migration threw or gave back something that is not a record. */
export class StorageMigrationFailedError extends CinelayerError {
  constructor(kind: string, key: string, fromVersion: number, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause)
    super('CINELAYER_ERR_STORAGE_MIGRATION_FAILED', `Migrating ${kind} record ${key} from schema version ${fromVersion} failed: ${why}; it was left untouched`, {
      cause,
      details: { kind, key, fromVersion },
    })
  }
}
