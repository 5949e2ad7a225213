import { randomBytes } from 'node:crypto'
import { type Stats, constants } from 'node:fs'
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import type { CommitBatch, CommitResult, TransactionalDriver } from './commit.js'
import { StorageConflictError, StorageReadOnlyError } from './errors.js'

/** Options of {@link atomicFsDriver}. */
export interface AtomicFsDriverOptions {
  /** Folder holding the store. Created on the first write. Required. */
  base: string
  /** Refuse every write with `CINELAYER_ERR_STORAGE_READ_ONLY`. Default `false`. */
  readOnly?: boolean
  /**
   * fsync each file written one by one (`setItem`) and its folder, so that a write survives a
   * power cut and not only a killed process: `true`, `false`, or per key. Default `false`. A
   * killed process loses nothing either way (the kernel keeps what was written); fsync matters
   * for a power cut. Commits choose per batch (`CommitBatch.durable`).
   */
  fsync?: boolean | ((key: string) => boolean)
}

/** Name of the driver, as errors and `storage.getMount()` report it. */
export const ATOMIC_FS_DRIVER_NAME = 'atomic-fs'

/**
 * File names starting with this are the store's own (writes in progress, the writer lock): they
 * are never keys, and keys cannot name them.
 */
export const RESERVED_FILE_PREFIX = '.cinelayer-'

const TEMPORARY_PREFIX = `${RESERVED_FILE_PREFIX}tmp-`
/** Folder of the commit journal, inside the base folder. */
export const JOURNAL_FOLDER = `${RESERVED_FILE_PREFIX}journal`
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
 * An unstorage driver on the file system, one readable JSON file per key, that never leaves a
 * half-written file: it writes a temporary file in the same folder, renames it over the target
 * (atomic on POSIX), and fsyncs when asked. A reader sees the old file or the new one, never a mix.
 *
 * Batches (`commit`) go through a journal: the whole batch is first written as one file under
 * `.cinelayer-journal/` (fsynced when the batch is durable), then applied file by file, then the
 * journal entry is removed. A process killed in between leaves the entry, and the next open of the
 * folder applies it again before anything is read: a batch is seen whole or not at all. Within this
 * process, reads wait for a batch being applied. Several processes must not write one folder (the
 * data folder's writer lock sees to it); a reader in another process may see a batch half applied.
 *
 * Keys map to paths as in unstorage's fs driver (`movies:tmdb:550` → `movies/tmdb/550`), with the
 * same refusal of `..` segments. Listing walks only the folder of the prefix asked for.
 */
export function atomicFsDriver(options: AtomicFsDriverOptions): TransactionalDriver {
  if (!options?.base) throw new Error(`[unstorage] [${ATOMIC_FS_DRIVER_NAME}] Missing required option \`base\`.`)
  const base = resolve(options.base)
  const fsync = options.fsync ?? false
  const durable = (key: string): boolean => (typeof fsync === 'function' ? fsync(key) : fsync)
  const journal = join(base, JOURNAL_FOLDER)
  // Every operation waits for the journal left by a killed process to be applied, and for the
  // batch being applied now. A journal that could not be applied (a commit that failed half-way,
  // a replay that failed) is applied again first, and until it is, every operation fails with
  // its error: nothing is read over a half-applied batch, and no later commit is made that the
  // replay of an older batch would then overwrite.
  let applying: Promise<unknown> = options.readOnly ? Promise.resolve() : replayJournal(journal, pathOf)
  // A failed replay surfaces through the first operation, not as an unhandled rejection.
  applying.catch(() => undefined)
  const settled = (): Promise<void> => {
    const ready = applying.then(
      () => undefined,
      () => replayJournal(journal, pathOf),
    )
    applying = ready
    return ready
  }

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

  async function commitNow(batch: CommitBatch): Promise<CommitResult> {
    for (const check of batch.checks) {
      const stored = await readOrNull(pathOf(check.key), 'utf8')
      if (stored !== check.value) throw new StorageConflictError(check.key)
    }
    const skipped: string[] = []
    const writes: JournalWrite[] = []
    for (const write of batch.writes) {
      if (write.ifAbsent && (await statOrNull(pathOf(write.key)))?.isFile()) skipped.push(write.key)
      else writes.push(toJournal(write.key, write.value))
    }
    if (writes.length === 0) return { skipped }
    const entry = await writeJournal(journal, writes, batch.durable ?? false)
    await applyJournal(writes, pathOf, batch.durable ?? false)
    await unlink(entry)
    return { skipped }
  }

  const driver: TransactionalDriver = {
    name: ATOMIC_FS_DRIVER_NAME,
    options,
    async hasItem(key) {
      await settled()
      return ((await statOrNull(pathOf(key)))?.isFile()) ?? false
    },
    getItem: async (key) => (await settled(), readOrNull(pathOf(key), 'utf8')),
    getItemRaw: async (key) => (await settled(), readOrNull(pathOf(key))),
    async getMeta(key) {
      await settled()
      const found = await statOrNull(pathOf(key))
      return found ? { atime: found.atime, mtime: found.mtime, ctime: found.ctime, birthtime: found.birthtime, size: found.size } : {}
    },
    async setItem(key, value) {
      writable(key)
      await settled()
      await writeAtomically(pathOf(key), value, durable(key))
    },
    async setItemRaw(key, value) {
      writable(key)
      await settled()
      await writeAtomically(pathOf(key), value, durable(key))
    },
    async removeItem(key) {
      writable(key)
      await settled()
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
      await settled()
      const start = prefix ? pathOf(prefix.replace(/:$/, '')) : base
      const keys: string[] = []
      await walk(start, keys)
      return keys.map((path) => relative(base, path).split(sep).join(':')).filter((key) => !prefix || key.startsWith(prefix))
    },
    async clear(prefix) {
      writable(prefix ?? '')
      await settled()
      const start = prefix ? pathOf(prefix.replace(/:$/, '')) : base
      const files: string[] = []
      await walk(start, files)
      for (const file of files) await unlink(file).catch((error: unknown) => ignoreMissing(error))
    },
    // Read-only beside a writer in another process: nothing tells when that one writes.
    ...(options.readOnly ? { changeToken: () => null } : {}),
    commit(batch) {
      writable(batch.writes[0]?.key ?? '')
      const run = settled().then(() => commitNow(batch))
      applying = run
      return run
    },
  }
  return driver
}

/** One write as the journal keeps it: text as is, bytes in base64. */
interface JournalWrite {
  key: string
  text?: string
  base64?: string
}

function toJournal(key: string, value: string | Uint8Array | null): JournalWrite {
  if (value === null) return { key }
  return typeof value === 'string' ? { key, text: value } : { key, base64: Buffer.from(value).toString('base64') }
}

/** A journal entry: the writes of one commit, and whether the commit was to be durable. */
interface JournalEntry {
  durable: boolean
  writes: JournalWrite[]
}

let journalSequence = 0

async function writeJournal(folder: string, writes: JournalWrite[], durable: boolean): Promise<string> {
  // Named so that entries sort in commit order: a replay applies them in the order they were made.
  const name = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(++journalSequence).padStart(9, '0')}.json`
  const path = join(folder, name)
  await writeAtomically(path, JSON.stringify({ durable, writes } satisfies JournalEntry), durable)
  return path
}

async function applyJournal(writes: readonly JournalWrite[], pathOf: (key: string) => string, durable: boolean): Promise<void> {
  for (const write of writes) {
    const path = pathOf(write.key)
    if (write.text !== undefined) await writeAtomically(path, write.text, durable)
    else if (write.base64 !== undefined) await writeAtomically(path, Buffer.from(write.base64, 'base64'), durable)
    else await unlink(path).catch((error: unknown) => ignoreMissing(error))
  }
}

/**
 * Applies the journal entries a killed process left (a batch it did not finish), oldest first,
 * and removes the temporary files that process left while writing the entry or applying it.
 */
async function replayJournal(folder: string, pathOf: (key: string) => string): Promise<void> {
  let names: string[]
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort()
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return
    throw error
  }
  await removeTemporaryFilesOfOthers(folder)
  for (const name of names) {
    const path = join(folder, name)
    const entry = JSON.parse(await readFile(path, 'utf8')) as JournalEntry | JournalWrite[]
    // As durable as the commit was (entries of the first format, a bare list, were not marked: durable).
    const { durable, writes } = Array.isArray(entry) ? { durable: true, writes: entry } : entry
    await applyJournal(writes, pathOf, durable)
    for (const written of new Set(writes.map((write) => dirname(pathOf(write.key))))) await removeTemporaryFilesOfOthers(written)
    await unlink(path)
  }
}

/** Removes the temporary files of other processes in `folder` (a killed writer's: the folder's writer lock is ours). */
async function removeTemporaryFilesOfOthers(folder: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return
    throw error
  }
  for (const name of names) {
    const pid = temporaryFileWriter(name)
    if (pid !== null && pid !== process.pid) await unlink(join(folder, name)).catch((error: unknown) => ignoreMissing(error))
  }
}

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
