import { AbortableQueue } from './abortable-queue.js'
import type { Timers } from './timers.js'


// A clock that moved by exactly the computed wait can leave 0.9999999 tokens behind.
const EPSILON = 1e-9

/**
 * A token bucket for one source: `requestsPerSecond` tokens per second, at most `burst` saved up.
 * Takers are served first come, first served; a `Retry-After` pauses the whole source, since the
 * limit it signals is the source's, not one request's. Not part of the public API.
 */
export class TokenBucket {
  readonly #rate: number
  readonly #burst: number
  readonly #timers: Timers
  readonly #queue = new AbortableQueue<void>()
  #tokens: number
  #updatedAt: number
  #pausedUntil = 0
  #pumping = false

  constructor(requestsPerSecond: number, burst: number, timers: Timers) {
    this.#rate = requestsPerSecond
    this.#burst = burst
    this.#timers = timers
    this.#tokens = burst
    this.#updatedAt = timers.clock.now()
  }

  /** Takers waiting for a token. */
  get waiting(): number {
    return this.#queue.length
  }

  /** Resolves when a token is taken; rejects with the signal's reason if aborted first. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#rate === Number.POSITIVE_INFINITY && this.#pausedUntil <= this.#timers.clock.now()) return Promise.resolve()
    const taken = this.#queue.wait(signal)
    void this.#pump()
    return taken
  }

  /** No token is handed out before `time` (ms since epoch). A later pause wins over an earlier one. */
  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time)
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return
    this.#pumping = true
    try {
      while (this.#queue.length > 0) {
        const wait = this.#wait()
        if (wait > 0) {
          await this.#timers.sleep(wait)
          continue
        }
        if (this.#queue.serveNext() && this.#rate !== Number.POSITIVE_INFINITY) this.#tokens -= 1
      }
    } finally {
      this.#pumping = false
    }
  }

  /** Milliseconds until the head of the queue may have a token (0: now). */
  #wait(): number {
    const now = this.#timers.clock.now()
    if (now < this.#pausedUntil) return this.#pausedUntil - now
    if (this.#rate === Number.POSITIVE_INFINITY) return 0
    this.#tokens = Math.min(this.#burst, this.#tokens + (Math.max(0, now - this.#updatedAt) * this.#rate) / 1000)
    this.#updatedAt = now
    return this.#tokens >= 1 - EPSILON ? 0 : ((1 - this.#tokens) * 1000) / this.#rate
  }
}
