import { type Clock, systemClock } from '@cinelayer/core'

/**
 * Every wait of the watcher goes through a timer, so tests move time instead of sleeping. Same
 * shape as core's `Timer`: `createManualTimer()` from `@cinelayer/core` fits here.
 */
export interface WatcherTimer {
  /** The clock waits are measured on. */
  readonly clock: Clock
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Real time: the system clock and `setTimeout`. */
export const realTimer: WatcherTimer = {
  clock: systemClock,
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = () => {
        clearTimeout(timeout)
        reject(signal!.reason)
      }
      const timeout = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, Math.max(0, ms))
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}
