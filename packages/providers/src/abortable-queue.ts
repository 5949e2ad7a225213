interface Waiter<T> {
  resolve: (value: T) => void
  reject: (reason: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

/**
 * A first-come, first-served queue of callers waiting for something (a token, a slot). A caller
 * whose signal aborts leaves the queue at once with the signal's reason. Not part of the public API.
 */
export class AbortableQueue<T> {
  readonly #waiters: Waiter<T>[] = []

  /** Callers waiting. */
  get length(): number {
    return this.#waiters.length
  }

  /** Joins the queue; resolves when {@link AbortableQueue.serveNext} hands this caller a value. */
  wait(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter)
          if (index >= 0) this.#waiters.splice(index, 1)
          reject(signal!.reason)
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.#waiters.push(waiter)
    })
  }

  /** Hands `value` to the first caller in line; `false` when nobody waits. */
  serveNext(value: T): boolean {
    const waiter = this.#waiters.shift()
    if (!waiter) return false
    waiter.signal?.removeEventListener('abort', waiter.onAbort)
    waiter.resolve(value)
    return true
  }
}
