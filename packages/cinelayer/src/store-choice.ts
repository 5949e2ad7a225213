import { resolve as resolvePath } from 'node:path'
import { OptionsInvalidError } from '@cinelayer/core'
import { type DataFolder, memoryDriver, openDataFolder } from '@cinelayer/storage'
import { type Storage, createStorage } from 'unstorage'
import type { MovieEngineOptions } from './engine-options.js'

/** The storage an engine works on, and the data folder it opened for it (closed with the engine). */
export interface ChosenStore {
  storage: Storage
  folder: DataFolder | null
  /** Whether the engine writes a data folder of its own (where the event trace goes by default). */
  ownFolder: boolean
  /** Whether the engine made the storage (and disposes of it when it closes); one given is the caller's. */
  owned: boolean
}

/**
 * The storage the options ask for: a shared backend (Redis), an unstorage instance given, an
 * in-memory store, or a data folder (`dataDir`, `./.cinelayer` by default) holding SQLite (the
 * default) or the fs JSON layout.
 * @throws OptionsInvalidError for an unknown store kind; what `openDataFolder` throws.
 */
export function chooseStore(options: MovieEngineOptions): ChosenStore {
  if (options.redis) return { storage: options.redis.storage, folder: null, ownFolder: false, owned: false }
  const storage = options.storage
  if (storage !== undefined && typeof storage === 'object') return { storage, folder: null, ownFolder: false, owned: false }
  if (storage === 'memory') return { storage: createStorage({ driver: memoryDriver() }), folder: null, ownFolder: false, owned: true }
  if (storage !== undefined && storage !== 'sqlite' && storage !== 'fs') {
    throw new OptionsInvalidError('storage', `expected "sqlite", "fs", "memory" or an unstorage instance, got ${JSON.stringify(storage)}`)
  }
  const folder = openDataFolder(resolvePath(options.dataDir ?? '.cinelayer'), {
    readOnly: options.readOnly ?? false,
    ...(storage === undefined ? {} : { store: storage }),
  })
  return { storage: folder.storage, folder, ownFolder: !folder.readOnly, owned: true }
}
