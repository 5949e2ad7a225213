/**
 * Runs tasks one at a time per key; tasks of different keys run side by side. cinelayer's one
 * per-key mutex: the stores serialize every change to one movie through it, and the engine keys
 * its per-movie work by the same canonical ids.
 *
 * Why not async-mutex: it offers one mutex per object and no keyed map, so a keyed version is this
 * same map of tails with its cleanup; core keeps to zod and eventemitter3 as dependencies.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Runs `task` once every task queued before it under `key` has settled, and gives back its result. */
  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    // A failed task must not block the ones queued behind it.
    const result = previous.then(task, task)
    const tail = result.then(
      () => undefined,
      () => undefined,
    )
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }

  /** Whether a task holds or waits for `key`. */
  isLocked(key: string): boolean {
    return this.#tails.has(key)
  }

  /** Number of keys with a task running or waiting. */
  get size(): number {
    return this.#tails.size
  }

  /** Resolves once no task of any key runs or waits (tasks queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()])
  }
}
