import { CinelayerError } from '@cinelayer/core'

/**
 * Codes raised by `@cinelayer/storage`, with what each means. Kept in step with the table in
 * this package's README by a test. Schema problems use core's `CINELAYER_ERR_RECORD_INVALID`
 * and `CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED`; malformed ids use `CINELAYER_ERR_ID_INVALID`.
 */
export const storageErrorCodes = {
  CINELAYER_ERR_STORAGE_CORRUPT: 'A stored value is not parseable JSON; it was left untouched.',
  CINELAYER_ERR_STORAGE_READ: 'The unstorage driver failed while reading or listing keys.',
  CINELAYER_ERR_STORAGE_WRITE: 'The unstorage driver failed while writing or removing a key.',
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
