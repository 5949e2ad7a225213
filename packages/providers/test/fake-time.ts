import type { FakeTimers } from '../src/testing/index.js'

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Runs `work` to its end on fake time: whenever nothing is on the wire (`idle()`), the clock jumps
 * to the next pending sleep (a rate-limit token, a backoff, a Retry-After); while a request is in
 * flight, real I/O is left to finish first, so a per-request timeout never fires by accident.
 */
export async function onFakeTime<T>(timers: FakeTimers, work: Promise<T>, idle: () => boolean): Promise<T> {
  let settled = false
  const watched = work.finally(() => {
    settled = true
  })
  watched.catch(() => {})
  while (!settled) {
    await turn()
    if (settled) break
    if (idle() && timers.pending > 0) await timers.advanceToNext()
  }
  return watched
}
