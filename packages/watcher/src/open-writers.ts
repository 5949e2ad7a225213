import { readFile, readdir, readlink, realpath } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Tells whether a process holds a file open for writing, from Linux's `/proc`: a download client
 * that paused longer than the stability window still has its file open, and its next bytes would
 * be lost if the file were copied and the source removed now.
 */

/** `O_ACCMODE` and the two access modes that write (`O_WRONLY`, `O_RDWR`), as `fdinfo` prints `flags` in octal. */
const ACCESS_MODE = 0o3
const WRITE_ONLY = 0o1
const READ_WRITE = 0o2

async function entries(folder: string): Promise<string[]> {
  // A process that ended, or one of another user (EACCES), says nothing: skip it.
  return readdir(folder).catch(() => [] as string[])
}

async function writes(procRoot: string, pid: string, fd: string): Promise<boolean> {
  const info = await readFile(join(procRoot, pid, 'fdinfo', fd), 'utf8').catch(() => '')
  const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1]
  if (flags === undefined) return false
  const mode = Number.parseInt(flags, 8) & ACCESS_MODE
  return mode === WRITE_ONLY || mode === READ_WRITE
}

async function processWrites(procRoot: string, pid: string, target: string): Promise<boolean> {
  const folder = join(procRoot, pid, 'fd')
  for (const fd of await entries(folder)) {
    const linked = await readlink(join(folder, fd)).catch(() => undefined)
    if (linked === target && (await writes(procRoot, pid, fd))) return true
  }
  return false
}

/**
 * Whether any process this one may inspect holds `path` open for writing: `true` or `false` on
 * Linux, `undefined` elsewhere (the question cannot be answered there). Processes of other users
 * are invisible to an unprivileged process; a downloader running as another user is not seen.
 * @param procRoot the proc file system's mount point. Default `/proc`.
 */
export async function isOpenForWriting(path: string, procRoot = '/proc'): Promise<boolean | undefined> {
  if (process.platform !== 'linux') return undefined
  let target: string
  try {
    target = await realpath(path)
  } catch {
    return false
  }
  const pids = (await entries(procRoot)).filter((name) => /^\d+$/.test(name))
  if (pids.length === 0) return undefined
  const found = await Promise.all(pids.map((pid) => processWrites(procRoot, pid, target)))
  return found.includes(true)
}
