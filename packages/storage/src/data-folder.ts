import { resolve } from 'node:path'
import { createStorage } from 'unstorage'
import type { Storage } from './unstorage-types.js'
import { type AtomicFsDriverOptions, atomicFsDriver } from './atomic-fs-driver.js'
import { type WriterLock, type WriterLockOptions, acquireWriterLock } from './writer-lock.js'

/** Options of {@link openDataFolder}. */
export interface DataFolderOptions extends WriterLockOptions {
  /**
   * Open without the writer lock: reads work while another process writes, every write is refused
   * with `CINELAYER_ERR_STORAGE_READ_ONLY`. Default `false`.
   */
  readOnly?: boolean
  /** Which writes are fsynced (see {@link AtomicFsDriverOptions.fsync}). Default: every record, not the indexes. */
  fsync?: AtomicFsDriverOptions['fsync']
}

/** A data folder opened by this process: its storage, and its writer lock unless read-only. */
export interface DataFolder {
  /** Absolute path of the folder. */
  readonly path: string
  /** unstorage on the atomic fs driver. */
  readonly storage: Storage
  readonly readOnly: boolean
  /** The writer lock held, or `null` when read-only. */
  readonly lock: WriterLock | null
  /** Disposes of the storage and releases the lock. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Opens an fs data folder the safe way: the writer lock first (one writer per folder), then
 * unstorage on {@link atomicFsDriver}. Synchronous, so an engine can be created synchronously.
 *
 * ```ts
 * const folder = openDataFolder('./.cinelayer')
 * const stores = createStores(folder.storage)
 * // …
 * await folder.close()
 * ```
 * @throws StorageLockedError when another live process writes to the folder (open it with
 *   `readOnly: true` to read beside it).
 */
export function openDataFolder(path: string, options: DataFolderOptions = {}): DataFolder {
  const base = resolve(path)
  const readOnly = options.readOnly ?? false
  const lock = readOnly ? null : acquireWriterLock(base, options)
  const storage = createStorage({ driver: atomicFsDriver({ base, readOnly, ...(options.fsync === undefined ? {} : { fsync: options.fsync }) }) })
  let closed: Promise<void> | undefined
  return {
    path: base,
    storage,
    readOnly,
    lock,
    close() {
      closed ??= (async () => {
        try {
          await storage.dispose()
        } finally {
          await lock?.release()
        }
      })()
      return closed
    },
  }
}
