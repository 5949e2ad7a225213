import { type Clock, type ManualClock, createManualClock, systemClock } from './clock.js'

/**
 * Every wait in cinelayer's background work (the stats tracker's write-behind flush, scheduled
 * jobs) goes through a timer, so that tests move time with a {@link ManualTimer} instead of
 * sleeping. Same shape as the data providers' `Timers`: either fits where the other is asked.
 */
export interface Timer {
  /** The clock the waits are measured on. */
  readonly clock: Clock
  /**
   * Resolves after `ms` milliseconds (at once for 0 or less). Rejects with the signal's reason
   * as soon as `signal` aborts, and the wait is forgotten.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}

/**
 * Real time: the system clock and `setTimeout`.
 * @param options.keepAlive whether a pending wait keeps the Node process alive. Default `false`:
 *   background work (a pending flush, a scheduled job) never holds a process open on its own, while
 *   a request waiting out a rate limit wants `true`.
 */
export function createSystemTimer(options: { keepAlive?: boolean } = {}): Timer {
  const keepAlive = options.keepAlive ?? false
  return {
    clock: systemClock,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal))
          return
        }
        const onAbort = () => {
          clearTimeout(timeout)
          reject(abortReason(signal!))
        }
        const timeout = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }, Math.max(0, ms))
        if (!keepAlive) (timeout as { unref?: () => void }).unref?.()
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}

/** Real time whose waits never keep the process alive: the default of background work. */
export const systemTimer: Timer = createSystemTimer()

/** A timer whose time only moves when told to. */
export interface ManualTimer extends Timer {
  readonly clock: ManualClock
  /**
   * Moves the clock forward by `ms`, waking each sleeper when its time comes, in order, and
   * letting the work it resumes run before the next one wakes. Sleeps started by that work that
   * fall within the window wake too.
   */
  advance(ms: number): Promise<void>
  /** Number of sleeps not yet over. */
  readonly pending: number
}

interface Sleeper {
  due: number
  order: number
  wake: () => void
}

// Lets resumed work run: promise chains (and I/O already completed) settle before the next wake.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Creates a timer on a {@link ManualClock} for tests and simulations.
 * @param clock the clock it moves; default a new manual clock at `2026-01-01T00:00:00Z`
 */
export function createManualTimer(clock: ManualClock = createManualClock()): ManualTimer {
  const sleepers = new Set<Sleeper>()
  let order = 0
  return {
    clock,
    get pending() {
      return sleepers.size
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal))
          return
        }
        if (!(ms > 0)) {
          resolve()
          return
        }
        const onAbort = () => {
          sleepers.delete(sleeper)
          reject(abortReason(signal!))
        }
        const sleeper: Sleeper = {
          due: clock.now() + ms,
          order: order++,
          wake: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        sleepers.add(sleeper)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A timer only moves forward; got ${ms} ms`)
      const target = clock.now() + ms
      await yieldToEventLoop()
      for (;;) {
        let next: Sleeper | undefined
        for (const sleeper of sleepers) {
          if (sleeper.due <= target && (!next || sleeper.due < next.due || (sleeper.due === next.due && sleeper.order < next.order))) next = sleeper
        }
        if (!next) break
        sleepers.delete(next)
        if (next.due > clock.now()) clock.set(next.due)
        next.wake()
        await yieldToEventLoop()
      }
      if (target > clock.now()) clock.set(target)
    },
  }
}
