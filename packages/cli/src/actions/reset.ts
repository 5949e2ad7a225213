import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DATABASE_FILE_NAME, acquireWriterLock, createStores, openDataFolder, storeIn } from '@cinelayer/storage'
import type { CliContext } from '../cli-context.js'
import { CliFileError, ResetRefusedError, ResetUnconfirmedError } from '../errors.js'

/** Top-level folders the fs store writes (one per key prefix; `relations` and `index` of its first layout). */
const storeFolders = new Set(['movies', 'summaries', 'levels', 'aliases', 'aliases-of', 'people', 'credits', 'filmography', 'files', 'stats', 'images', 'quarantine', 'meta', 'relations', 'index', 'recordings'])
/** Files of cinelayer's own (lock, trace, journal, temporary files) start with this. */
const RESERVED_PREFIX = '.cinelayer-'

/** The `reset` command. */
export default async function resetCommand(context: CliContext, options: { yes?: boolean }): Promise<void> {
  const folder = context.dataDir
  if (!options.yes) throw new ResetUnconfirmedError(folder)
  const entries = await entriesOf(folder)
  const ours = (name: string) => storeFolders.has(name) || name.startsWith(RESERVED_PREFIX) || name.startsWith(DATABASE_FILE_NAME)
  const foreign = entries.filter((name) => !ours(name))
  // Someone pointed --data at the wrong folder: nothing of it is touched.
  if (foreign.length > 0) throw new ResetRefusedError(folder, foreign)
  const removed = storeIn(folder) === 'sqlite' ? await resetDatabase(folder, entries) : await resetFolder(folder, entries)
  context.out.result({ folder, removed }, (value) =>
    context.out.line(value.removed.length === 0 ? `Nothing to remove in ${folder}` : `Emptied ${folder} (${value.removed.join(', ')})`),
  )
}

/**
 * A SQLite catalog is emptied in one transaction, not deleted: another process may have it open
 * (the database is shared), and it then sees an empty catalog rather than a file pulled from under it.
 */
async function resetDatabase(folder: string, entries: readonly string[]): Promise<string[]> {
  const opened = openDataFolder(folder)
  const stores = createStores(opened.storage)
  try {
    const keys = await stores.kv.keys('')
    for (let start = 0; start < keys.length; start += 1000) {
      await stores.kv.commit({ checks: [], writes: keys.slice(start, start + 1000).map((key) => ({ key, value: null })) })
    }
  } finally {
    await stores.close({ dispose: false })
    await opened.close()
  }
  const removed = [DATABASE_FILE_NAME]
  for (const name of entries) {
    if (name.startsWith(DATABASE_FILE_NAME)) continue
    await rm(join(folder, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

async function resetFolder(folder: string, entries: readonly string[]): Promise<string[]> {
  // Taking the writer lock first: a folder an engine is using is never emptied under it.
  const lock = entries.length > 0 ? acquireWriterLock(folder) : null
  const removed: string[] = []
  try {
    for (const name of entries) {
      if (lock && join(folder, name) === lock.path) continue
      await rm(join(folder, name), { recursive: true, force: true })
      removed.push(name)
    }
  } finally {
    await lock?.release()
  }
  return removed
}

async function entriesOf(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new CliFileError(folder, 'read', error)
  }
}
