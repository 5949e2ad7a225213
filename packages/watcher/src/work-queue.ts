/**
 * Runs jobs one after another. The organizer, the reconciler and the folder events all go
 * through one queue, so that a file being placed is recorded in the store before the event of its
 * arrival in the library is looked at, and two files never race for one name.
 */
export class WorkQueue {
  #tail: Promise<unknown> = Promise.resolve()
  #pending = 0
  readonly #onDrained: () => void

  /** @param onDrained called each time the last pending job ends. */
  constructor(onDrained: () => void) {
    this.#onDrained = onDrained
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.#pending
  }

  /** Queues a job; its promise settles with the job's result. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.#pending += 1
    const result = this.#tail.then(job)
    this.#tail = result
      .catch(() => undefined)
      .finally(() => {
        this.#pending -= 1
        if (this.#pending === 0) this.#onDrained()
      })
    return result
  }

  /** Resolves when every job queued so far has ended. */
  async drained(): Promise<void> {
    while (this.#pending > 0) await this.#tail
  }
}
