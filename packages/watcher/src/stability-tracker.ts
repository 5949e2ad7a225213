import type { Timer } from '@cinelayer/core'
import type { FileFacts } from './file-system.js'

/** Options of {@link StabilityTracker}. */
export interface StabilityTrackerOptions {
  /** How long size and modification time must stay the same before a file counts as written. */
  stableMs: number
  /** How often a file being written is looked at. */
  pollMs: number
  timer: Timer
  /** Facts of a path, or `null` when it is gone. */
  stat(path: string): Promise<FileFacts | null>
  /** Called once per file, when it has stopped changing. */
  onStable(path: string, facts: FileFacts): void
  /** Called when looking at a file failed for another reason than its absence. */
  onError(path: string, error: unknown): void
}

/**
 * Tells when a file has been fully written: its size and modification time have not changed over
 * `stableMs`, seen by at least two looks. A download that pauses longer than that would be taken
 * too early, which is why partial-download names (`.part`, `.!qB`, `.crdownload`) are never
 * tracked at all.
 */
export class StabilityTracker {
  readonly #options: StabilityTrackerOptions
  readonly #watched = new Map<string, AbortController>()
  readonly #onSettled = new Set<() => void>()

  constructor(options: StabilityTrackerOptions) {
    this.#options = options
  }

  /** Number of files being watched until they stop changing. */
  get pending(): number {
    return this.#watched.size
  }

  /** Starts watching a path (again a no-op while it is watched): a file appeared or changed. */
  touch(path: string): void {
    if (this.#watched.has(path)) return
    const controller = new AbortController()
    this.#watched.set(path, controller)
    void this.#follow(path, controller.signal).finally(() => {
      if (this.#watched.get(path) === controller) this.#watched.delete(path)
      if (this.#watched.size === 0) for (const settled of this.#onSettled) settled()
    })
  }

  /** Stops watching a path (it was removed or renamed away). */
  forget(path: string): void {
    this.#watched.get(path)?.abort()
    this.#watched.delete(path)
  }

  /** Calls `listener` each time the last watched file is settled. */
  onSettled(listener: () => void): () => void {
    this.#onSettled.add(listener)
    return () => this.#onSettled.delete(listener)
  }

  /** Stops watching everything. */
  close(): void {
    for (const controller of this.#watched.values()) controller.abort()
    this.#watched.clear()
  }

  async #follow(path: string, signal: AbortSignal): Promise<void> {
    const { stableMs, pollMs, timer, stat, onStable, onError } = this.#options
    let last: FileFacts | undefined
    let since = 0
    while (!signal.aborted) {
      let facts: FileFacts | null
      try {
        facts = await stat(path)
      } catch (error) {
        onError(path, error)
        return
      }
      if (signal.aborted || facts === null || !facts.isFile) return
      const now = timer.clock.now()
      if (last === undefined || facts.size !== last.size || facts.mtimeMs !== last.mtimeMs) {
        last = facts
        since = now
      } else if (now - since >= stableMs) {
        onStable(path, facts)
        return
      }
      try {
        await timer.sleep(Math.max(1, Math.min(pollMs, stableMs - (now - since))), signal)
      } catch {
        return
      }
    }
  }
}
