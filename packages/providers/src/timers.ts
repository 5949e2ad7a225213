import { type Clock, systemClock } from '@cinelayer/core'

/**
 * Every wait of a data provider (rate limit, backoff, `Retry-After`, timeouts) goes through one of
 * these, so tests run on fake time (`createFakeTimers` from `@cinelayer/providers/testing`) and
 * never sleep for real.
 */
export interface Timers {
  /** Source of "now" for token buckets and `Retry-After` dates. */
  readonly clock: Clock
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason as soon as `signal` aborts,
   * and the wait is forgotten (a pending timer never keeps a finished request alive).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

/** Real time: the system clock and `setTimeout`. The default of every data provider. */
export const realTimers: Timers = {
  clock: systemClock,
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }
      const onAbort = () => {
        clearTimeout(timer)
        reject(abortReason(signal!))
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, Math.max(0, ms))
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}
