/**
 * The source of "now" for everything in cinelayer. Inject a {@link ManualClock} in tests
 * and demos to move time without waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void
  /** Sets the clock to an absolute time (ms since epoch, or a Date). */
  set(time: number | Date): void
}

/** One day in milliseconds. */
export const DAY = 24 * 60 * 60 * 1000

/**
 * Creates a clock that stands still until {@link ManualClock.advance} or {@link ManualClock.set} is called.
 * @param start initial time; default `2026-01-01T00:00:00Z`
 */
export function createManualClock(start: number | Date = Date.UTC(2026, 0, 1)): ManualClock {
  let current = toTime(start)
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A clock only moves forward; got ${ms} ms`)
      current = toTime(current + ms)
    },
    set(time) {
      current = toTime(time)
    },
  }
}

const MAX_DATE_MS = 8.64e15

// An invalid Date would stamp every event and record with "Invalid Date" and break toISOString().
function toTime(time: number | Date): number {
  const ms = typeof time === 'number' ? time : time.getTime()
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) throw new RangeError(`A clock needs a representable time; got ${String(time)}`)
  return ms
}
