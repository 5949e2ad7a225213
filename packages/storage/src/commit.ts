import type { Driver } from './unstorage-types.js'

/** One write of a commit: a value, or `null` to remove the key. */
export interface CommitWrite {
  key: string
  /** Text (JSON records) or bytes (images); `null` removes the key. */
  value: string | Uint8Array | null
  /** Write only when the key holds nothing: a person seed never replaces a richer person. */
  ifAbsent?: boolean
}

/** A precondition of a commit: the key must hold exactly `value` (`null`: nothing). */
export interface CommitCheck {
  key: string
  value: string | null
}

/** Writes that land together or not at all, under preconditions checked in the same unit. */
export interface CommitBatch {
  /** Checked before anything is written; one that fails refuses the whole batch. */
  checks: readonly CommitCheck[]
  writes: readonly CommitWrite[]
  /**
   * Make the commit durable against a power cut (SQLite `synchronous=FULL`, an fsynced journal on
   * fs), not only against a killed process. Asked for changes holding what cannot be fetched
   * again: edits, locks, file links, usage. Default `false`.
   */
  durable?: boolean
}

/** What a commit did. */
export interface CommitResult {
  /** Keys of `ifAbsent` writes that were not made (the key held something). */
  skipped: string[]
}

/**
 * An unstorage driver that commits batches as one unit: cinelayer's drivers (SQLite, the fs JSON
 * folder, memory) and the Redis one of `@cinelayer/redis`. unstorage's own drivers lack it; the
 * stores then fall back to writes one by one (still serialized within the process, but not atomic
 * against a crash).
 */
export interface TransactionalDriver extends Driver {
  /**
   * Checks every precondition and applies every write as one unit.
   * @throws StorageConflictError when a precondition fails (nothing is written)
   */
  commit(batch: CommitBatch): Promise<CommitResult>
  /**
   * Tells whether another process may have changed the data since the last call: a number that
   * changes when it has (SQLite's `data_version`). Absent on drivers only this process writes
   * (memory, the fs folder under its writer lock): then records can be cached without asking.
   * `null` from a driver that cannot tell (cache nothing).
   */
  changeToken?(): number | null
  /**
   * Values stored under `base`, in key order, for a walk over many records without one round trip
   * each. Optional: the stores list keys and read them otherwise.
   */
  getEntries?(base: string): Promise<Array<{ key: string; value: string }>>
  /** Keys under `base` counted without listing them. Optional. */
  countKeys?(base: string): Promise<number>
  /** Bytes stored under `base`. Optional. */
  bytesUnder?(base: string): Promise<number>
}

/** Whether a driver commits batches itself. */
export function isTransactional(driver: Driver): driver is TransactionalDriver {
  return typeof (driver as Partial<TransactionalDriver>).commit === 'function'
}

/** The first key past every key starting with `base` (for range queries on ordered stores). */
export function rangeEnd(base: string): string {
  if (base === '') return '\u{10FFFF}'
  return base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + 1)
}
