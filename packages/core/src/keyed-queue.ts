/**
 * Runs tasks one at a time per key (tasks of different keys run side by side). Used so that every
 * read-modify-write of one movie record (an enrichment commit, an edit, a lock) sees the writes
 * before it. Not exported from the package.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    // A failed task must not block the ones queued behind it.
    const result = previous.then(task, task)
    const tail = result.catch(() => undefined)
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }
}
