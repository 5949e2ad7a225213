import { randomBytes } from 'node:crypto'
import { basename, dirname, extname, join } from 'node:path'
import { OrganizeFailedError } from './errors.js'
import { type FileFacts, type WatcherFileSystem, errorCode } from './file-system.js'
import { assertNotBeingWritten, assertUnchanged } from './source-guard.js'

/** What to do when the destination already exists: never overwrite. */
export type CollisionPolicy = 'suffix' | 'skip'

/** Options of {@link moveFile}. */
export interface MoveOptions {
  fs: WatcherFileSystem
  /** `'suffix'` names the file `Name (2).mkv`, `(3)`…; `'skip'` leaves it where it was. */
  collision: CollisionPolicy
  /** Checks a copy across devices with sha256 as well as size. */
  hash: boolean
}

/** How a file reached its place. */
export interface MoveResult {
  /** Where the file is now. */
  to: string
  /** `link` or `rename` on one device; `copy` across devices (verified, then the source removed). */
  method: 'link' | 'rename' | 'copy'
  /** The destination wanted first, when a collision gave the file another name. */
  collidedWith?: string
}

/** Most suffixes tried before a collision counts as unresolvable. */
const MAX_SUFFIX = 99

/** Errors of `link` that mean "this file system has no hard links here", not "something is wrong". */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EACCES'])

function withSuffix(path: string, n: number): string {
  const extension = extname(path)
  return join(dirname(path), `${basename(path, extension)} (${n})${extension}`)
}

function ioFailure(path: string, step: string, cause: unknown): OrganizeFailedError {
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new OrganizeFailedError('CINELAYER_ERR_WATCHER_MOVE_FAILED', 'move-failed', path, `${step} failed (${detail})`, {
    cause,
    details: { step, errno: errorCode(cause) },
  })
}

type Placement = 'link' | 'rename' | 'exists' | 'other-device'

/**
 * Gives `from` the name `to` without ever overwriting: a hard link (which fails on an existing
 * name, atomically) then removal of the old name; where hard links do not exist, a rename after a
 * check.
 */
async function place(fs: WatcherFileSystem, from: string, to: string): Promise<Placement> {
  try {
    await fs.link(from, to)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'EEXIST') return 'exists'
    if (code === 'EXDEV') return 'other-device'
    if (!code || !noHardLinks.has(code)) throw error
    if (await exists(fs, to)) return 'exists'
    try {
      await fs.rename(from, to)
      return 'rename'
    } catch (renameError) {
      if (errorCode(renameError) === 'EXDEV') return 'other-device'
      throw renameError
    }
  }
  try {
    await fs.unlink(from)
  } catch (error) {
    // Two names for one file would leave the source behind: take the new name back.
    await fs.unlink(to).catch(() => undefined)
    throw error
  }
  return 'link'
}

async function exists(fs: WatcherFileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw error
  }
}

/**
 * Copies to a hidden temporary name beside the destination, checks that the source did not change
 * meanwhile, then compares size (and sha256).
 */
async function verifiedCopy(fs: WatcherFileSystem, from: string, folder: string, source: FileFacts, hash: boolean): Promise<string> {
  const { size } = source
  // Short and hidden: the watcher ignores it, and it fits whatever the destination's length.
  const temporary = join(folder, `.cinelayer-${randomBytes(8).toString('hex')}.partial`)
  try {
    await fs.copyFile(from, temporary)
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined)
    throw ioFailure(from, 'copy to the library', error)
  }
  try {
    await assertUnchanged(fs, from, source)
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined)
    throw error
  }
  const copied = await fs.stat(temporary).catch((error: unknown) => error)
  const mismatch =
    copied instanceof Error || (copied as { size: number }).size !== size
      ? `the copy has ${copied instanceof Error ? 'no readable size' : `${(copied as { size: number }).size} bytes`}, the source ${size}`
      : hash && (await fs.sha256(from)) !== (await fs.sha256(temporary))
        ? 'the copy and the source have different sha256 digests'
        : undefined
  if (mismatch !== undefined) {
    await fs.unlink(temporary).catch(() => undefined)
    throw new OrganizeFailedError('CINELAYER_ERR_WATCHER_COPY_MISMATCH', 'copy-mismatch', from, `${mismatch}; the source is kept`, {
      details: { size },
    })
  }
  return temporary
}

/**
 * Moves a file to `to` (or a suffixed name beside it) without overwriting anything: a link or a
 * rename on one device; across devices (`EXDEV`) a copy to a temporary name, checked for size and
 * optionally sha256, put in place, and only then the source removed — if it has not changed since
 * and no process holds it open for writing. A file open for writing is not moved at all. On any
 * failure the source is where it was and no partial file is left in the library.
 * @throws OrganizeFailedError with reason `collision`, `copy-mismatch`, `source-busy` or `move-failed`.
 */
export async function moveFile(from: string, to: string, options: MoveOptions): Promise<MoveResult> {
  const { fs, collision, hash } = options
  const source = await fs.stat(from).catch((error: unknown) => {
    throw ioFailure(from, 'reading the source', error)
  })
  await assertNotBeingWritten(fs, from)
  const folder = dirname(to)
  await fs.mkdir(folder).catch((error: unknown) => {
    throw ioFailure(from, `creating the folder ${JSON.stringify(folder)}`, error)
  })
  let current = from
  let copied: string | undefined
  try {
    for (let n = 1; n <= MAX_SUFFIX; n += 1) {
      const target = n === 1 ? to : withSuffix(to, n)
      let placement = await place(fs, current, target).catch((error: unknown) => {
        throw ioFailure(from, `moving to ${JSON.stringify(target)}`, error)
      })
      if (placement === 'other-device') {
        copied = await verifiedCopy(fs, from, folder, source, hash)
        current = copied
        placement = await place(fs, current, target).catch((error: unknown) => {
          throw ioFailure(from, `moving the copy to ${JSON.stringify(target)}`, error)
        })
        if (placement === 'other-device') {
          throw ioFailure(from, `moving the copy to ${JSON.stringify(target)}`, new Error('its own folder answers EXDEV'))
        }
      }
      if (placement === 'link' || placement === 'rename') {
        const method = copied === undefined ? placement : 'copy'
        if (copied !== undefined) {
          copied = undefined
          await removeSource(fs, from, target, source)
        }
        return { to: target, method, ...(n === 1 ? {} : { collidedWith: to }) }
      }
      if (collision === 'skip') {
        throw new OrganizeFailedError('CINELAYER_ERR_WATCHER_COLLISION', 'collision', from, `${JSON.stringify(to)} already exists in the library`, {
          details: { destination: to },
        })
      }
    }
    throw new OrganizeFailedError('CINELAYER_ERR_WATCHER_COLLISION', 'collision', from, `${JSON.stringify(to)} and ${MAX_SUFFIX - 1} suffixed names exist`, {
      details: { destination: to },
    })
  } finally {
    if (copied !== undefined) await fs.unlink(copied).catch(() => undefined)
  }
}

/**
 * After a verified copy: the source goes, unless it changed since the copy began or is still open
 * for writing; if it cannot go, the copy goes instead, so the file is in one place, whole.
 */
async function removeSource(fs: WatcherFileSystem, from: string, placed: string, before: FileFacts): Promise<void> {
  try {
    await assertUnchanged(fs, from, before)
  } catch (error) {
    await fs.unlink(placed).catch(() => undefined)
    throw error
  }
  try {
    await fs.unlink(from)
  } catch (error) {
    await fs.unlink(placed).catch(() => undefined)
    throw ioFailure(from, 'removing the source after a verified copy', error)
  }
}
