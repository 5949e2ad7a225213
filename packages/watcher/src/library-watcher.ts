import { relative, resolve as resolvePath } from 'node:path'
import { type FSWatcher, watch } from 'chokidar'
import { errorCode } from './file-system.js'
import { isIgnoredPath, isInside, kindOf } from './file-kinds.js'
import { LibraryOrganizer } from './library-organizer.js'
import { LibraryReconciler, type ScanResult } from './library-reconciler.js'
import type { OrganizeOutcome } from './organize-outcome.js'
import { StabilityTracker } from './stability-tracker.js'
import { SymlinkReports } from './symbolic-links.js'
import { type LibraryWatcherOptions, type ResolvedWatcherOptions, resolveWatcherOptions } from './watcher-options.js'
import { WorkQueue } from './work-queue.js'

/** A running watcher over an incoming folder and a library. Every step is an event on the engine's bus. */
export interface LibraryWatcher {
  /** The incoming folder, absolute. */
  readonly incoming: string
  /** The library folder, absolute. */
  readonly library: string
  /**
   * Creates the folders if needed, starts watching, and reconciles the library with the store;
   * videos already waiting in incoming are organized once they are stable. Calling it again
   * returns the first call's promise.
   */
  start(): Promise<ScanResult>
  /** Reconciles the folders with the store again (what `start` does once). */
  scan(): Promise<ScanResult>
  /** Matches and organizes one incoming video now, without waiting for it to be stable. */
  organize(path: string): Promise<OrganizeOutcome>
  /**
   * Matches an unmatched file by hand to a TMDB id, then organizes it. `target` is the movie's id
   * (`local:…`) or the file's path.
   * @throws ResolveInvalidError when the target names no movie with a file; InvalidIdError for a bad TMDB id.
   */
  resolve(target: string, tmdbId: number): Promise<OrganizeOutcome>
  /** Resolves when no file is waiting to be stable and no job is queued. */
  idle(): Promise<void>
  /** Stops watching and waits for the job in progress. Leaves the engine open. */
  close(): Promise<void>
}

/**
 * Watches `incoming` for new videos and organizes them into `library`: a file is taken once its
 * size has been stable for `stableMs` and no process holds it open for writing (else it waits,
 * `source-busy`), matched through `engine.movies.addFile` (a TMDB or IMDb id in the name wins; an
 * uncertain match leaves it in incoming with a `local:` movie and its candidates), then moved and
 * renamed with the naming template, sidecars following. Symbolic links are neither followed nor
 * moved; each is reported once (`symlink`). The library is watched too: a video removed from it
 * marks its movie (`fileMissingSince`), a video added by hand is adopted.
 *
 * Events (category `fs`): `VideoFileDetected`, `VideoMatched`, `VideoAdded` (with `from` and
 * `sidecars`), `VideoOrganizeFailed` (with `reason` and `code`), `VideoRemoved`.
 * @throws WatcherOptionsInvalidError when the options cannot work.
 * @example
 * const watcher = createLibraryWatcher({ engine, incoming: './incoming', library: './library' })
 * await watcher.start()
 */
export function createLibraryWatcher(options: LibraryWatcherOptions): LibraryWatcher {
  const settings = resolveWatcherOptions(options)
  return new RunningWatcher(settings)
}

class RunningWatcher implements LibraryWatcher {
  readonly incoming: string
  readonly library: string
  readonly #settings: ResolvedWatcherOptions
  readonly #organizer: LibraryOrganizer
  readonly #reconciler: LibraryReconciler
  readonly #tracker: StabilityTracker
  readonly #queue: WorkQueue
  readonly #idleWaiters = new Set<() => void>()
  readonly #links: SymlinkReports
  /** Files still being written when their turn came, each waiting to be looked at again. */
  readonly #busyRetries = new Map<string, AbortController>()
  #folders: FSWatcher | undefined
  #started: Promise<ScanResult> | undefined
  #closed = false

  constructor(settings: ResolvedWatcherOptions) {
    this.#settings = settings
    this.incoming = settings.incoming
    this.library = settings.library
    const { engine, fs, incoming, library, template, collision, hash, videoExtensions } = settings
    const links = new SymlinkReports(engine, fs)
    this.#links = links
    this.#organizer = new LibraryOrganizer({ engine, fs, incoming, library, template, collision, hash, links })
    this.#reconciler = new LibraryReconciler({ engine, fs, incoming, library, videoExtensions, links })
    this.#queue = new WorkQueue(() => this.#checkIdle())
    this.#tracker = new StabilityTracker({
      stableMs: settings.stableMs,
      pollMs: settings.pollMs,
      timer: settings.timer,
      stat: async (path) => {
        try {
          const facts = await fs.lstat(path)
          // A link is never followed: reported once, and not tracked.
          if (facts.isSymbolicLink) void this.#enqueue(() => this.#links.report(path))
          return facts.isSymbolicLink ? null : facts
        } catch (error) {
          if (errorCode(error) === 'ENOENT') return null
          throw error
        }
      },
      onStable: (path) => void this.#enqueue(() => this.#stable(path)),
      onError: (_, error) => settings.onError(error),
    })
    this.#tracker.onSettled(() => this.#checkIdle())
  }

  start(): Promise<ScanResult> {
    this.#started ??= this.#start()
    return this.#started
  }

  scan(): Promise<ScanResult> {
    return this.#queue.run(() => this.#scan())
  }

  organize(path: string): Promise<OrganizeOutcome> {
    return this.#queue.run(() => this.#organizer.organize(resolvePath(path)))
  }

  resolve(target: string, tmdbId: number): Promise<OrganizeOutcome> {
    return this.#queue.run(() => this.#organizer.resolve(target, tmdbId))
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.add(resolve))
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#tracker.close()
    for (const retry of this.#busyRetries.values()) retry.abort()
    this.#busyRetries.clear()
    await this.#folders?.close()
    await this.#started?.catch(() => undefined)
    await this.#queue.drained()
    this.#checkIdle()
  }

  async #start(): Promise<ScanResult> {
    const { fs, incoming, library, usePolling, pollMs } = this.#settings
    await fs.mkdir(incoming)
    await fs.mkdir(library)
    // Without following links, chokidar would not enter a watched folder that is itself a link
    // ("incoming" → a disk mounted elsewhere): it watches the real folders, named back as configured.
    const roots = await Promise.all([incoming, library].map(async (root) => [await fs.realpath(root), root] as const))
    const named = (path: string) => {
      for (const [real, root] of roots) if (real !== root && isInside(real, path)) return root + path.slice(real.length)
      return path
    }
    const folders = watch(
      roots.map(([real]) => real),
      {
        ignoreInitial: true,
        // A linked folder would bring files from elsewhere, and a loop would be walked to the depth limit.
        followSymlinks: false,
        usePolling,
        interval: pollMs,
        ignored: (path: string) => isIgnoredPath(this.#relative(named(path))),
      },
    )
    this.#folders = folders
    folders.on('add', (path) => this.#arrived(named(path)))
    folders.on('change', (path) => this.#arrived(named(path)))
    folders.on('unlink', (path) => this.#left(named(path)))
    folders.on('unlinkDir', (path) => {
      if (isInside(library, named(path))) void this.#enqueue(() => this.#reconciler.removedFolder(named(path)))
    })
    folders.on('error', (error) => this.#settings.onError(error))
    await new Promise<void>((resolve) => folders.once('ready', () => resolve()))
    return this.scan()
  }

  async #scan(): Promise<ScanResult> {
    const result = await this.#reconciler.scan()
    if (!this.#closed) for (const path of result.incoming) this.#tracker.touch(path)
    return result
  }

  #relative(path: string): string {
    const { incoming, library } = this.#settings
    if (isInside(incoming, path)) return relative(incoming, path)
    if (isInside(library, path)) return relative(library, path)
    return path
  }

  #arrived(path: string): void {
    if (this.#closed) return
    const relativePath = this.#relative(path)
    const kind = kindOf(relativePath, this.#settings.videoExtensions)
    const inIncoming = isInside(this.#settings.incoming, path)
    // Unfollowed, a linked folder arrives as a file without a video extension: it is still reported.
    if (kind === 'ignored' && inIncoming && !isIgnoredPath(relativePath)) void this.#enqueue(() => this.#reportIfLink(path))
    if (kind === 'ignored') return
    if (inIncoming) this.#tracker.touch(path)
    // Looked at in turn: by then the move that placed the file (if ours) is recorded.
    else if (kind === 'video') void this.#enqueue(async () => (this.#organizer.isOwnMove(path) ? undefined : this.#reconciler.adopt(path)))
  }

  #left(path: string): void {
    if (this.#closed) return
    if (isInside(this.#settings.incoming, path)) this.#tracker.forget(path)
    if (kindOf(this.#relative(path), this.#settings.videoExtensions) !== 'video') return
    void this.#enqueue(async () => (this.#organizer.isOwnMove(path) ? undefined : this.#reconciler.removed(path)))
  }

  async #stable(path: string): Promise<unknown> {
    const kind = kindOf(relative(this.#settings.incoming, path), this.#settings.videoExtensions)
    if (kind === 'sidecar') return this.#organizer.followSidecar(path)
    if (kind !== 'video') return undefined
    const outcome = await this.#organizer.organize(path)
    if (outcome.status === 'failed' && outcome.reason === 'source-busy') this.#retryLater(path)
    return outcome
  }

  async #reportIfLink(path: string): Promise<unknown> {
    const facts = await this.#settings.fs.lstat(path).catch(() => null)
    return facts?.isSymbolicLink ? this.#links.report(path) : undefined
  }

  /**
   * A file still being written is looked at again after `busyRetryMs` (sooner if it is written
   * to: the folder event restarts its stability window). The wait does not hold `idle()`.
   */
  #retryLater(path: string): void {
    if (this.#closed || this.#busyRetries.has(path)) return
    const controller = new AbortController()
    this.#busyRetries.set(path, controller)
    this.#settings.timer.sleep(this.#settings.busyRetryMs, controller.signal).then(
      () => {
        this.#busyRetries.delete(path)
        if (!this.#closed) this.#tracker.touch(path)
      },
      () => undefined,
    )
  }

  /** Background jobs report what no event carries to `onError`; they never reject. */
  #enqueue(job: () => Promise<unknown>): Promise<unknown> {
    if (this.#closed) return Promise.resolve()
    return this.#queue.run(job).catch((error: unknown) => this.#settings.onError(error))
  }

  #isIdle(): boolean {
    return this.#queue.pending === 0 && this.#tracker.pending === 0
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return
    for (const resolve of this.#idleWaiters) resolve()
    this.#idleWaiters.clear()
  }
}
