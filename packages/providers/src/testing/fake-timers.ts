import { type ManualClock, createManualClock } from '@cinelayer/core'
import type { Timers } from '../timers.js'

/** {@link Timers} on fake time: sleeps resolve only when the test moves the clock. */
export interface FakeTimers extends Timers {
  /** The manual clock behind the timers (share it with an engine or a fake server). */
  readonly clock: ManualClock
  /** Sleeps not yet due. */
  readonly pending: number
  /** When the earliest pending sleep is due (ms since epoch), or `undefined` when none is pending. */
  nextWakeAt(): number | undefined
  /**
   * Moves the clock forward by `ms`, waking due sleeps in time order; between two wakes the event
   * loop turns once, so sleeps started by woken code are honoured within the same advance.
   */
  advance(ms: number): Promise<void>
  /** Moves the clock to the earliest pending sleep and wakes it. Resolves `false` when none is pending. */
  advanceToNext(): Promise<boolean>
  /** Resolves once at least `count` sleeps are pending (the event loop turns meanwhile; real I/O proceeds). */
  waitForSleeps(count?: number): Promise<void>
}

interface Sleeper {
  wakeAt: number
  order: number
  resolve: () => void
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Fake timers for data providers and fake servers. Nothing sleeps for real: a test calls
 * `advance(ms)` or `advanceToNext()`, and may share the clock with the rest of the code under test.
 * @param clock the clock to move; default a new manual clock at `2026-01-01T00:00:00Z`.
 */
export function createFakeTimers(clock: ManualClock = createManualClock()): FakeTimers {
  const sleepers: Sleeper[] = []
  let order = 0
  const earliest = () => sleepers.reduce<Sleeper | undefined>((first, sleeper) => (!first || sleeper.wakeAt < first.wakeAt || (sleeper.wakeAt === first.wakeAt && sleeper.order < first.order) ? sleeper : first), undefined)
  const wake = (sleeper: Sleeper) => {
    sleepers.splice(sleepers.indexOf(sleeper), 1)
    if (sleeper.wakeAt > clock.now()) clock.advance(sleeper.wakeAt - clock.now())
    sleeper.resolve()
  }
  return {
    clock,
    get pending() {
      return sleepers.length
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason)
          return
        }
        if (!(ms > 0)) {
          resolve()
          return
        }
        const sleeper: Sleeper = {
          wakeAt: clock.now() + ms,
          order: (order += 1),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper)
          if (index >= 0) sleepers.splice(index, 1)
          reject(signal!.reason)
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        sleepers.push(sleeper)
      })
    },
    nextWakeAt: () => earliest()?.wakeAt,
    async advance(ms) {
      const target = clock.now() + ms
      for (let next = earliest(); next && next.wakeAt <= target; next = earliest()) {
        wake(next)
        await turn()
      }
      if (target > clock.now()) clock.advance(target - clock.now())
      await turn()
    },
    async advanceToNext() {
      const next = earliest()
      if (!next) return false
      wake(next)
      await turn()
      return true
    },
    async waitForSleeps(count = 1) {
      while (sleepers.length < count) await turn()
    },
  }
}
