import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import unstorageMemoryDriver from 'unstorage/drivers/memory'
import { atomicFsDriver, memoryDriver, sqliteDriver } from '../src/index.js'
import type { StorageUnderTest } from '../src/contract/index.js'

/** A fresh folder under the system temp dir. */
export async function temporaryFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'cinelayer-storage-'))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}

/** unstorage on cinelayer's SQLite driver, in a fresh temp folder removed on cleanup. */
export async function sqliteStorage(): Promise<StorageUnderTest & { path: string }> {
  const folder = await temporaryFolder()
  const path = join(folder.path, 'cinelayer.db')
  return { storage: createStorage({ driver: sqliteDriver({ path }) }), path, cleanup: folder.remove }
}

/** unstorage on the atomic fs driver, in a fresh temp folder removed on cleanup. */
export async function atomicFsStorage(): Promise<StorageUnderTest & { base: string }> {
  const folder = await temporaryFolder()
  const base = join(folder.path, 'store')
  return { storage: createStorage({ driver: atomicFsDriver({ base }) }), base, cleanup: folder.remove }
}

/** unstorage on cinelayer's memory driver (atomic commits). */
export function memoryStorage(): StorageUnderTest {
  return { storage: createStorage({ driver: memoryDriver() }) }
}

/** unstorage on unstorage's own memory driver: no commits of its own, written one key at a time. */
export function plainMemoryStorage(): StorageUnderTest {
  return { storage: createStorage({ driver: unstorageMemoryDriver() }) }
}
