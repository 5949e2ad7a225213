import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createStorage } from 'unstorage'
import type { Storage } from './unstorage-types.js'
import { atomicFsDriver } from './atomic-fs-driver.js'
import { StorageOpenFailedError } from './errors.js'
import { sqliteDriver } from './sqlite-driver.js'
import { type WriterLock, type WriterLockOptions, acquireWriterLock } from './writer-lock.js'

/** The kinds of store a data folder holds. */
export type StoreKind = 'sqlite' | 'fs'

/** Name of the SQLite database file inside a data folder. */
export const DATABASE_FILE_NAME = 'cinelayer.db'

/** Options of {@link openDataFolder}. */
export interface DataFolderOptions extends WriterLockOptions {
  /**
   * The store the folder holds: `'sqlite'` (one database file, `cinelayer.db`, shared by several
   * processes of this machine) or `'fs'` (one readable JSON file per record, one writer process).
   * Default: what the folder already holds, `'sqlite'` for a new or empty folder.
   */
  store?: StoreKind
  /**
   * Open without writing: reads work beside a process that writes, every write is refused with
   * `CINELAYER_ERR_STORAGE_READ_ONLY`. Needed on an fs folder another process holds; a SQLite
   * folder is shared without it. Default `false`.
   */
  readOnly?: boolean
}

/** A data folder opened by this process. */
export interface DataFolder {
  /** Absolute path of the folder. */
  readonly path: string
  /** The store the folder holds. */
  readonly store: StoreKind
  /** unstorage on the folder's driver (cinelayer's SQLite or fs JSON driver). */
  readonly storage: Storage
  readonly readOnly: boolean
  /** The writer lock held (an fs folder opened for writing), or `null`. */
  readonly lock: WriterLock | null
  /** Disposes of the storage and releases the lock. Safe to call twice. */
  close(): Promise<void>
}

/**
 * Opens a data folder: SQLite by default (WAL: several processes of one machine share it, each
 * commit one transaction), or the fs JSON folder (its writer lock first: one writer per folder).
 * Synchronous, so that an engine can be created synchronously.
 *
 * ```ts
 * const folder = openDataFolder('./.cinelayer')
 * const stores = createStores(folder.storage)
 * // …
 * await folder.close()
 * ```
 * @throws StorageOpenFailedError when the folder holds the other kind of store than `store` asks
 *   for, or the database cannot be opened; StorageLockedError when another live process writes
 *   to an fs folder (open it `readOnly` to read beside it).
 */
export function openDataFolder(path: string, options: DataFolderOptions = {}): DataFolder {
  const base = resolve(path)
  const found = storeIn(base)
  const store = options.store ?? found ?? 'sqlite'
  if (store !== 'sqlite' && store !== 'fs') throw new StorageOpenFailedError(base, `unknown store kind ${JSON.stringify(store)} (expected "sqlite" or "fs")`)
  if (found && found !== store) {
    throw new StorageOpenFailedError(base, `it holds a${found === 'fs' ? 'n fs JSON' : ' SQLite'} store, not ${store === 'fs' ? 'an fs JSON' : 'a SQLite'} one; open it as "${found}", or copy it over with \`cinelayer export\``)
  }
  const readOnly = options.readOnly ?? false
  if (store === 'sqlite') {
    if (readOnly && !found) throw new StorageOpenFailedError(base, 'it holds no store to read')
    let storage: Storage
    try {
      storage = createStorage({ driver: sqliteDriver({ path: join(base, DATABASE_FILE_NAME), readOnly }) })
    } catch (error) {
      throw new StorageOpenFailedError(base, `the SQLite database ${DATABASE_FILE_NAME} cannot be opened`, error)
    }
    return folderOf(base, store, storage, readOnly, null)
  }
  const lock = readOnly ? null : acquireWriterLock(base, options)
  const storage = createStorage({ driver: atomicFsDriver({ base, readOnly }) })
  return folderOf(base, store, storage, readOnly, lock)
}

function folderOf(path: string, store: StoreKind, storage: Storage, readOnly: boolean, lock: WriterLock | null): DataFolder {
  let closed: Promise<void> | undefined
  return {
    path,
    store,
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

// Folders of an fs store: records (or, in the first layout, relations and indexes).
const FS_STORE_FOLDERS = ['movies', 'people', 'stats', 'summaries', 'aliases', 'relations', 'index', 'meta']

/** The kind of store a folder holds, or `null` for a missing or empty one. */
export function storeIn(folder: string): StoreKind | null {
  if (existsSync(join(folder, DATABASE_FILE_NAME))) return 'sqlite'
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return null
  }
  return names.some((name) => FS_STORE_FOLDERS.includes(name)) ? 'fs' : null
}
