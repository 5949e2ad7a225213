import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { hostname as osHostname } from 'node:os'
import { join, resolve } from 'node:path'
import { type Clock, systemClock } from '@cinelayer/core'
import { RESERVED_FILE_PREFIX } from './atomic-fs-driver.js'
import { type LockOwner, StorageLockFailedError, StorageLockedError } from './errors.js'

/** Name of the lock file inside a data folder. */
export const LOCK_FILE_NAME = `${RESERVED_FILE_PREFIX}lock`

/** Options of {@link acquireWriterLock}. */
export interface WriterLockOptions {
  /** Host name written in the lock; a lock of another host is never judged stale. Default: `os.hostname()`. */
  hostname?: string
  /** Stamps `startedAt`. Default: the system clock. */
  clock?: Clock
  /**
   * An unreadable lock file (a writer killed between creating and filling it) older than this is
   * stale. Default `5000` ms.
   */
  unreadableStaleAfterMs?: number
}

/** The writer lock of one data folder, held by this process until released. */
export interface WriterLock {
  /** Path of the lock file. */
  readonly path: string
  /** What the lock file says: this process. */
  readonly owner: LockOwner
  /** The dead owner whose stale lock was taken over, if any. */
  readonly recovered: LockOwner | null
  /** Removes the lock file (only if it is still ours). Safe to call twice. */
  release(): Promise<void>
}

interface LockContent extends LockOwner {
  token: string
  /** Start of the process in clock ticks since boot (Linux), to tell a reused pid from the owner. */
  processStart?: number
}

// Two stores of one folder in one process would interleave their index updates just as two
// processes would: the lock is refused to a second holder in the same process too.
const heldHere = new Set<string>()

/**
 * Takes the exclusive writer lock of a data folder: a lock file created with `open(…, 'wx')`
 * holding pid, host name and start time. A lock left by a dead process of this host (or by a
 * process whose pid has since been reused) is stale: it is taken over.
 * Synchronous, so that an engine can be created synchronously.
 * @throws StorageLockedError (`CINELAYER_ERR_STORAGE_LOCKED`) when a live process holds it;
 *   StorageLockFailedError when the lock file cannot be created or read.
 */
export function acquireWriterLock(folder: string, options: WriterLockOptions = {}): WriterLock {
  const base = resolve(folder)
  const path = join(base, LOCK_FILE_NAME)
  const content: LockContent = {
    pid: process.pid,
    hostname: options.hostname ?? osHostname(),
    startedAt: new Date((options.clock ?? systemClock).now()).toISOString(),
    token: randomBytes(8).toString('hex'),
    ...optional('processStart', processStartOf(process.pid)),
  }
  if (heldHere.has(path)) throw new StorageLockedError(base, ownerOf(content))
  try {
    mkdirSync(base, { recursive: true })
  } catch (error) {
    throw new StorageLockFailedError(path, 'create', error)
  }
  let recovered: LockOwner | null = null
  let acquired = false
  let holder: LockOwner = unknownOwner(path)
  // A few rounds: a stale lock taken over may be re-created by a racing process in between.
  for (let attempt = 0; attempt < 5 && !acquired; attempt++) {
    acquired = tryCreate(path, content)
    if (acquired) break
    const existing = readLock(path)
    if (existing === 'missing') continue
    holder = existing === 'unreadable' ? unknownOwner(path) : ownerOf(existing)
    if (!isStale(existing, content.hostname, path, options.unreadableStaleAfterMs ?? 5000)) throw new StorageLockedError(base, holder)
    if (takeOver(path, existing)) recovered = holder
  }
  if (!acquired) throw new StorageLockedError(base, holder)
  heldHere.add(path)
  let released = false
  return {
    path,
    owner: ownerOf(content),
    recovered,
    async release() {
      if (released) return
      released = true
      heldHere.delete(path)
      const current = readLock(path)
      // Never remove a lock that is not ours any more (taken over by mistake, or replaced by hand).
      if (typeof current === 'object' && current.token === content.token) {
        try {
          unlinkSync(path)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StorageLockFailedError(path, 'remove', error)
        }
      }
    },
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function ownerOf(content: LockOwner): LockOwner {
  return { pid: content.pid, hostname: content.hostname, startedAt: content.startedAt }
}

function unknownOwner(path: string): LockOwner {
  return { pid: 0, hostname: 'unknown (unreadable lock file)', startedAt: mtimeOf(path) ?? 'unknown' }
}

function tryCreate(path: string, content: LockContent): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new StorageLockFailedError(path, 'create', error)
  }
  try {
    writeSync(fd, JSON.stringify(content))
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    unlinkSync(path)
    throw new StorageLockFailedError(path, 'create', error)
  }
  closeSync(fd)
  return true
}

function readLock(path: string): LockContent | 'missing' | 'unreadable' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw new StorageLockFailedError(path, 'read', error)
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.token === 'string') {
      return { startedAt: 'unknown', ...parsed } as LockContent
    }
  } catch {
    // handled below
  }
  return 'unreadable'
}

function isStale(existing: LockContent | 'unreadable', hostname: string, path: string, unreadableStaleAfterMs: number): boolean {
  if (existing === 'unreadable') {
    const mtime = mtimeOf(path)
    return mtime !== undefined && Date.now() - Date.parse(mtime) > unreadableStaleAfterMs
  }
  // A process of another host cannot be checked from here: its lock is always respected.
  if (existing.hostname !== hostname) return false
  if (!isAlive(existing.pid)) return true
  // Same pid, another process start: the owner died and its pid went to someone else.
  const start = processStartOf(existing.pid)
  return existing.processStart !== undefined && start !== undefined && start !== existing.processStart
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Field 22 of /proc/<pid>/stat (start time in ticks since boot); undefined off Linux. */
function processStartOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const start = Number(fields[19])
    return Number.isFinite(start) ? start : undefined
  } catch {
    return undefined
  }
}

function mtimeOf(path: string): string | undefined {
  try {
    return statSync(path).mtime.toISOString()
  } catch {
    return undefined
  }
}

/**
 * Moves a stale lock aside. Two processes may judge the same lock stale at once: the lock is
 * renamed (atomic) to a private name and checked there, so that only the one that moved the stale
 * file goes on; a live lock moved by mistake is put back.
 * @returns whether the stale lock was removed.
 */
function takeOver(path: string, stale: LockContent | 'unreadable'): boolean {
  const aside = `${path}-stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    renameSync(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw new StorageLockFailedError(path, 'remove', error)
  }
  const moved = readLock(aside)
  const same = stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === stale.token
  if (!same) {
    try {
      linkSync(aside, path)
    } catch {
      // Someone created a new lock meanwhile: theirs stands.
    }
  }
  unlinkSync(aside)
  return same
}
