import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Driver, createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'
import { atomicFsDriver } from '../src/index.js'
import type { StorageUnderTest } from './contract.js'

/** A fresh folder under the system temp dir. */
export async function temporaryFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'cinelayer-storage-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/** unstorage on the fs driver in a fresh temp folder, removed on cleanup. */
export async function fsStorage(): Promise<StorageUnderTest & { base: string; cleanup: () => Promise<void> }> {
  const folder = await temporaryFolder()
  const base = join(folder.path, 'store')
  return { storage: createStorage({ driver: fsDriver({ base }) }), base, cleanup: folder.remove }
}

/** unstorage on the atomic fs driver in a fresh temp folder, removed on cleanup. */
export async function atomicFsStorage(): Promise<StorageUnderTest & { base: string; cleanup: () => Promise<void> }> {
  const folder = await temporaryFolder()
  const base = join(folder.path, 'store')
  return { storage: createStorage({ driver: atomicFsDriver({ base }) }), base, cleanup: folder.remove }
}

/**
 * A driver that keeps only strings and has no raw methods, the way the redis driver behaves:
 * unstorage then answers `getItemRaw` from `getItem`.
 */
export function stringOnlyDriver(): Driver {
  const data = new Map<string, string>()
  return {
    name: 'strings-only',
    hasItem: (key) => data.has(key),
    getItem: (key) => data.get(key) ?? null,
    setItem(key, value) {
      data.set(key, value)
    },
    removeItem(key) {
      data.delete(key)
    },
    getKeys: () => [...data.keys()],
  }
}
