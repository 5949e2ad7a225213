import { dirname } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { OrganizeFailedError } from './errors.js'
import { isInside } from './file-kinds.js'
import type { WatcherFileSystem } from './file-system.js'
import type { OrganizeOutcome } from './organize-outcome.js'

/**
 * The watcher never follows a symbolic link, nor moves one: a linked folder would pull files from
 * outside incoming into the library, a moved relative link would dangle, and a loop would be
 * walked until the depth limit. Each link found is reported once, then left alone.
 */

/** Links remembered as reported, so that a rescan does not report them again. */
const REMEMBERED_LINKS = 2000

/** Whether `path` is a link, or lies under a link inside `root` (its real place is elsewhere). */
export async function isThroughLink(fs: WatcherFileSystem, root: string, path: string): Promise<boolean> {
  const facts = await fs.lstat(path).catch(() => null)
  if (facts?.isSymbolicLink) return true
  const [realRoot, realFolder] = await Promise.all([fs.realpath(root).catch(() => root), fs.realpath(dirname(path)).catch(() => undefined)])
  // The folder named inside root must really be there: a linked folder resolves elsewhere.
  if (realFolder === undefined) return false
  return !isInside(realRoot, realFolder) || realFolder.slice(realRoot.length) !== dirname(path).slice(root.length)
}

/** Reports symbolic links found in the watched folders, once per path. */
export class SymlinkReports {
  readonly #engine: MovieEngine
  readonly #fs: WatcherFileSystem
  readonly #reported = new Set<string>()

  constructor(engine: MovieEngine, fs: WatcherFileSystem) {
    this.#engine = engine
    this.#fs = fs
  }

  /** Publishes `VideoOrganizeFailed` (reason `symlink`) the first time `path` is seen; the outcome either way. */
  async report(path: string): Promise<OrganizeOutcome> {
    const error = new OrganizeFailedError('CINELAYER_ERR_WATCHER_SYMLINK', 'symlink', path, await this.#explain(path))
    if (!this.#reported.has(path)) {
      this.#reported.add(path)
      if (this.#reported.size > REMEMBERED_LINKS) this.#reported.delete(this.#reported.values().next().value!)
      this.#engine.bus.publish({ type: 'VideoOrganizeFailed', payload: { path, reason: 'symlink', message: error.message, code: error.code } })
    }
    return { status: 'failed', path, reason: 'symlink', error }
  }

  async #explain(path: string): Promise<string> {
    const target = await this.#fs.realpath(path).catch(() => undefined)
    const where = target === undefined ? 'a symbolic link that loops or dangles' : `a symbolic link (or under one) to ${JSON.stringify(target)}`
    return `it is ${where}; links are neither followed nor moved: put the file itself in the folder`
  }
}
