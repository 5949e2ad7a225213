import { OrganizeFailedError } from './errors.js'
import type { FileFacts, WatcherFileSystem } from './file-system.js'

/**
 * The last word before a source file goes: a stable size is only a sign that a download has
 * ended. A writer that paused longer than the stability window still holds the file open, and bytes
 * it writes after a copy would be lost with the source. These checks come before a move starts and
 * again just before the source of a copy is removed.
 */

function busy(path: string, why: string, details: Record<string, unknown> = {}): OrganizeFailedError {
  return new OrganizeFailedError('CINELAYER_ERR_WATCHER_SOURCE_BUSY', 'source-busy', path, `${why}; it stays in incoming and is tried again later`, { details })
}

/**
 * Refuses a file that a process holds open for writing.
 * @throws OrganizeFailedError with reason `source-busy`.
 */
export async function assertNotBeingWritten(fs: WatcherFileSystem, path: string): Promise<void> {
  if ((await fs.openForWriting?.(path)) === true) throw busy(path, 'a process still holds it open for writing')
}

/**
 * Refuses a source that changed since `before` was taken (size or modification time), that is
 * gone, or that a process holds open for writing.
 * @throws OrganizeFailedError with reason `source-busy`.
 */
export async function assertUnchanged(fs: WatcherFileSystem, path: string, before: FileFacts): Promise<void> {
  const now = await fs.stat(path).catch(() => null)
  if (now === null) throw busy(path, 'it vanished while it was copied')
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
    throw busy(path, `it changed while it was copied (${before.size} bytes before, ${now.size} after)`, { sizeBefore: before.size, sizeAfter: now.size })
  }
  await assertNotBeingWritten(fs, path)
}
