/**
 * Runs tasks one at a time per name. The stores take it around every read-modify-write (an index
 * shard, a movie and its level, a person's relations): in one process by default, across
 * processes with `redisStoreMutex` when several processes share one Redis.
 */
export interface StoreMutex {
  /** Runs `task` once no other task of the same `name` runs, and gives back its result. */
  run<T>(name: string, task: () => Promise<T>): Promise<T>
}

/** A {@link StoreMutex} within this process: tasks of one name wait for each other, in order. */
export function createLocalMutex(): StoreMutex {
  const tails = new Map<string, Promise<unknown>>()
  return {
    run(name, task) {
      const previous = tails.get(name) ?? Promise.resolve()
      // A failed task must not block the ones queued behind it.
      const run = previous.then(task, task)
      const tail = run.catch(() => undefined)
      tails.set(name, tail)
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name)
      })
      return run
    },
  }
}

/**
 * Chains a local mutex in front of a shared one, so that tasks of one process queue locally and
 * only one of them at a time asks the shared lock.
 */
export function layeredMutex(shared: StoreMutex): StoreMutex {
  const local = createLocalMutex()
  return { run: (name, task) => local.run(name, () => shared.run(name, task)) }
}
