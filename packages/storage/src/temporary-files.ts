import { readdir, stat, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Storage } from './unstorage-types.js'
import { ATOMIC_FS_DRIVER_NAME, type AtomicFsDriverOptions, RESERVED_FILE_PREFIX, temporaryFileWriter } from './atomic-fs-driver.js'

/** A temporary file of an interrupted write. */
export interface TemporaryFile {
  path: string
  /** The writer's pid, from the file name. */
  pid: number
  removed: boolean
}

// A temporary file of this process may belong to a write in flight: only an old one is left over.
const OWN_FILE_AGE_MS = 60_000

/**
 * Finds the temporary files interrupted writes left in a store on the atomic fs driver (none on
 * other drivers), and removes them when asked and allowed (not read-only). Walks the whole folder.
 */
export async function sweepTemporaryFiles(storage: Storage, remove: boolean): Promise<TemporaryFile[]> {
  const driver = storage.getMount('').driver
  if (driver.name !== ATOMIC_FS_DRIVER_NAME) return []
  const options = driver.options as AtomicFsDriverOptions
  const found: TemporaryFile[] = []
  await walk(resolve(options.base), async (path, name) => {
    const pid = temporaryFileWriter(name)
    if (pid === null) return
    let removed = false
    if (remove && !options.readOnly) {
      const old = pid !== process.pid || Date.now() - (await stat(path)).mtimeMs > OWN_FILE_AGE_MS
      if (old) {
        await unlink(path).catch(() => undefined)
        removed = true
      }
    }
    found.push({ path, pid, removed })
  })
  return found
}

async function walk(folder: string, visit: (path: string, name: string) => Promise<void>): Promise<void> {
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) await walk(path, visit)
    else if (entry.name.startsWith(RESERVED_FILE_PREFIX)) await visit(path, entry.name)
  }
}
