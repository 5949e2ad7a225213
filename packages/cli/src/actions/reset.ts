import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { acquireWriterLock } from '@cinelayer/storage'
import type { CliContext } from '../cli-context.js'
import { CliFileError, ResetRefusedError, ResetUnconfirmedError } from '../errors.js'

/** Top-level folders the fs store writes (one per key prefix). */
const storeFolders = new Set(['movies', 'aliases', 'people', 'relations', 'stats', 'images', 'index'])
/** Files of cinelayer's own (lock, trace, temporary files) start with this. */
const RESERVED_PREFIX = '.cinelayer-'

/** The `reset` command. */
export default async function resetCommand(context: CliContext, options: { yes?: boolean }): Promise<void> {
  const folder = context.dataDir
  if (!options.yes) throw new ResetUnconfirmedError(folder)
  const entries = await entriesOf(folder)
  const foreign = entries.filter((name) => !storeFolders.has(name) && !name.startsWith(RESERVED_PREFIX))
  // Someone pointed --data at the wrong folder: nothing of it is touched.
  if (foreign.length > 0) throw new ResetRefusedError(folder, foreign)
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
  context.out.result({ folder, removed }, (value) =>
    context.out.line(value.removed.length === 0 ? `Nothing to remove in ${folder}` : `Emptied ${folder} (${value.removed.join(', ')})`),
  )
}

async function entriesOf(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new CliFileError(folder, 'read', error)
  }
}
