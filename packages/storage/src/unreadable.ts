import { CinelayerError } from '@cinelayer/core'

/** A record a listing, an export or a bulk pass skipped because it cannot be read. */
export interface UnreadableRecord {
  /** Its storage key. */
  key: string
  /** The error's code (`CINELAYER_ERR_STORAGE_CORRUPT`, `CINELAYER_ERR_RECORD_INVALID`…). */
  code: string
  message: string
}

/** The report of a record that could not be read. Errors that are not cinelayer's are bugs: they propagate. */
export function unreadable(key: string, error: unknown): UnreadableRecord {
  if (!(error instanceof CinelayerError)) throw error
  return { key, code: error.code, message: error.message }
}
