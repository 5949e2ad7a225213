import { AbortableQueue } from './abortable-queue.js'

/** Releases a slot taken from a {@link ConcurrencyGate}; calling it twice releases once. */
export type ReleaseSlot = () => void


/**
 * At most `limit` holders at once; the others wait in order. A waiter whose signal aborts leaves
 * the queue at once. Not part of the public API.
 */
export class ConcurrencyGate {
  readonly #limit: number
  readonly #queue = new AbortableQueue<ReleaseSlot>()
  #active = 0

  constructor(limit: number) {
    this.#limit = limit
  }

  /** Slots held now. */
  get active(): number {
    return this.#active
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#queue.length
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#active < this.#limit) {
      this.#active += 1
      return Promise.resolve(this.#releaser())
    }
    return this.#queue.wait(signal)
  }

  #releaser(): ReleaseSlot {
    let released = false
    return () => {
      if (released) return
      released = true
      // The slot passes straight to the next waiter: the count of holders does not change.
      if (!this.#queue.serveNext(this.#releaser())) this.#active -= 1
    }
  }
}
