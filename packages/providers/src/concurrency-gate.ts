/** Releases a slot taken from a {@link ConcurrencyGate}; calling it twice releases once. */
export type ReleaseSlot = () => void

interface Waiter {
  grant: (release: ReleaseSlot) => void
  reject: (reason: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

/**
 * At most `limit` holders at once; the others wait in order. A waiter whose signal aborts leaves
 * the queue at once. Not part of the public API.
 */
export class ConcurrencyGate {
  readonly #limit: number
  readonly #queue: Waiter[] = []
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
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#queue.indexOf(waiter)
          if (index >= 0) this.#queue.splice(index, 1)
          reject(signal!.reason)
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.#queue.push(waiter)
    })
  }

  #releaser(): ReleaseSlot {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#queue.shift()
      if (!next) {
        this.#active -= 1
        return
      }
      // The slot passes straight to the next waiter: the count of holders does not change.
      next.signal?.removeEventListener('abort', next.onAbort)
      next.grant(this.#releaser())
    }
  }
}
