import { randomBytes } from 'node:crypto'
import { type Stats, constants } from 'node:fs'
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { defineDriver } from 'unstorage'
import type { Driver } from './unstorage-types.js'
import { StorageReadOnlyError } from './errors.js'

/** Options of {@link atomicFsDriver}. */
export interface AtomicFsDriverOptions {
  /** Folder holding the store. Created on the first write. Required. */
  base: string
  /** Refuse every write with `CINELAYER_ERR_STORAGE_READ_ONLY`. Default `false`. */
  readOnly?: boolean
  /**
   * fsync each file and its folder, so that a write survives a power cut and not only a killed
   * process: `true`, `false`, or per key. Default: every key but the indexes (`index:…`), which
   * `reindex()` rebuilds from the records. A killed process loses nothing either way: the order
   * of writes is kept by the kernel; fsync matters for a power cut.
   */
  fsync?: boolean | ((key: string) => boolean)
}

/** The default of {@link AtomicFsDriverOptions.fsync}: records are synced, indexes are not. */
export const syncAllButIndexes = (key: string): boolean => !key.startsWith('index:')

/** Name of the driver, as errors and `storage.getMount()` report it. */
export const ATOMIC_FS_DRIVER_NAME = 'atomic-fs'

/**
 * File names starting with this are the store's own (writes in progress, the writer lock): they
 * are never keys, and keys cannot name them.
 */
export const RESERVED_FILE_PREFIX = '.cinelayer-'

const TEMPORARY_PREFIX = `${RESERVED_FILE_PREFIX}tmp-`
// Same rule as unstorage's fs driver: no `..` segment may climb out of the base folder.
const PATH_TRAVERSE_RE = /\.\.:|\.\.$/
let sequence = 0

/** Whether a file name is a temporary file left by a write, and the pid of its writer. */
export function temporaryFileWriter(name: string): number | null {
  if (!name.startsWith(TEMPORARY_PREFIX)) return null
  const pid = Number.parseInt(name.slice(TEMPORARY_PREFIX.length), 10)
  return Number.isSafeInteger(pid) ? pid : null
}

/**
 * An unstorage driver on the file system that never leaves a half-written file. unstorage's own fs
 * driver writes in place, so a crash mid-write leaves a truncated record; this one writes a
 * temporary file in the same folder, fsyncs it, renames it over the target (atomic on POSIX), then
 * fsyncs the folder. A reader sees the old file or the new one, never a mix.
 *
 * Keys map to paths as in unstorage's fs driver (`movies:tmdb:550` → `movies/tmdb/550`), with the
 * same refusal of `..` segments. Listing walks only the folder of the prefix asked for.
 */
export const atomicFsDriver: (options: AtomicFsDriverOptions) => Driver<AtomicFsDriverOptions> = defineDriver((options: AtomicFsDriverOptions) => {
  if (!options?.base) throw new Error(`[unstorage] [${ATOMIC_FS_DRIVER_NAME}] Missing required option \`base\`.`)
  const base = resolve(options.base)
  const fsync = options.fsync ?? syncAllButIndexes
  const durable = (key: string): boolean => (typeof fsync === 'function' ? fsync(key) : fsync)

  function pathOf(key: string): string {
    if (PATH_TRAVERSE_RE.test(key)) throw driverError(`Invalid key: ${JSON.stringify(key)}. It should not contain .. segments`)
    const path = join(base, key.replace(/:/g, '/'))
    if (path !== base && !path.startsWith(base + sep)) throw driverError(`Invalid key: ${JSON.stringify(key)}. It leaves the base folder`)
    if (path.slice(base.length).split(sep).some((segment) => segment.startsWith(RESERVED_FILE_PREFIX))) {
      throw driverError(`Invalid key: ${JSON.stringify(key)}. Names starting with "${RESERVED_FILE_PREFIX}" are reserved`)
    }
    return path
  }

  function writable(key: string): void {
    if (options.readOnly) throw new StorageReadOnlyError(key, base)
  }

  return {
    name: ATOMIC_FS_DRIVER_NAME,
    options,
    async hasItem(key) {
      return ((await statOrNull(pathOf(key)))?.isFile()) ?? false
    },
    getItem: (key) => readOrNull(pathOf(key), 'utf8'),
    getItemRaw: (key) => readOrNull(pathOf(key)),
    async getMeta(key) {
      const found = await statOrNull(pathOf(key))
      return found ? { atime: found.atime, mtime: found.mtime, ctime: found.ctime, birthtime: found.birthtime, size: found.size } : {}
    },
    async setItem(key, value) {
      writable(key)
      await writeAtomically(pathOf(key), value, durable(key))
    },
    async setItemRaw(key, value) {
      writable(key)
      await writeAtomically(pathOf(key), value, durable(key))
    },
    async removeItem(key) {
      writable(key)
      const path = pathOf(key)
      try {
        await unlink(path)
      } catch (error) {
        if (codeOf(error) === 'ENOENT') return
        throw error
      }
      if (durable(key)) await syncFolder(dirname(path))
    },
    async getKeys(prefix) {
      const start = prefix ? pathOf(prefix.replace(/:$/, '')) : base
      const keys: string[] = []
      await walk(start, keys)
      return keys.map((path) => relative(base, path).split(sep).join(':'))
    },
    async clear(prefix) {
      writable(prefix ?? '')
      const start = prefix ? pathOf(prefix.replace(/:$/, '')) : base
      const files: string[] = []
      await walk(start, files)
      for (const file of files) await unlink(file).catch((error: unknown) => ignoreMissing(error))
    },
  }
})

function driverError(message: string): Error {
  return new Error(`[unstorage] [${ATOMIC_FS_DRIVER_NAME}] ${message}`)
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code
}

function ignoreMissing(error: unknown): void {
  if (codeOf(error) !== 'ENOENT') throw error
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path)
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return null
    throw error
  }
}

async function readOrNull(path: string, encoding?: 'utf8'): Promise<string | Buffer | null> {
  try {
    return await readFile(path, encoding ? { encoding } : {})
  } catch (error) {
    // A folder where a key is asked for (`movies:tmdb` is a folder of records) holds no value.
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'EISDIR') return null
    throw error
  }
}

async function walk(folder: string, into: string[]): Promise<void> {
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return
    throw error
  }
  for (const entry of entries) {
    if (entry.name.startsWith(RESERVED_FILE_PREFIX)) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) await walk(path, into)
    else if (entry.isFile()) into.push(path)
  }
}

/** Creates `folder` and any missing parent, fsyncing each parent that gained an entry. */
async function ensureFolder(folder: string, durable: boolean): Promise<void> {
  const first = await mkdir(folder, { recursive: true })
  if (!first || !durable) return
  // mkdir gives the topmost folder it created: every parent from there down gained an entry.
  let current = folder
  const created: string[] = []
  while (current.length >= first.length) {
    created.push(current)
    current = dirname(current)
  }
  for (const path of created.reverse()) await syncFolder(dirname(path))
}

async function writeAtomically(path: string, value: string | Uint8Array, durable: boolean): Promise<void> {
  const folder = dirname(path)
  await ensureFolder(folder, durable)
  const temporary = join(folder, `${TEMPORARY_PREFIX}${process.pid}-${++sequence}-${randomBytes(4).toString('hex')}`)
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644)
  try {
    try {
      await handle.writeFile(value)
      if (durable) await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
  if (durable) await syncFolder(folder)
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY)
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
