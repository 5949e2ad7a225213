import { type Timer, createSystemTimer } from '@cinelayer/core'

/**
 * Attempts of a change that keeps meeting records another writer committed first, before it
 * gives up with `CINELAYER_ERR_STORAGE_CONFLICT`.
 */
export const MAX_ATTEMPTS = 32

// Longest pause between two attempts, in ms.
const MAX_PAUSE_MS = 50

/**
 * Waits before the next attempt of a change that met a newer record in attempt `round`: at once
 * after the first conflict, then a random pause growing with the rounds. Without it, a writer
 * that keeps losing to a busy one (another process editing the same movie in a loop, another
 * store with a queue of changes to it) can lose every attempt until it gives up; the random pause
 * lets the busy one run its course, and two writers that collided do not collide again in step.
 */
export type ConflictPause = (round: number) => Promise<void>

/**
 * The pause of {@link pauseAfterConflict} on a given timer: the stores' waits go through the
 * engine's timer like every other wait, so that a test on fake time controls them too.
 */
export function conflictPause(timer: Timer): ConflictPause {
  return (round) => {
    if (round <= 1) return Promise.resolve()
    return timer.sleep(Math.random() * Math.min(2 ** (round - 1), MAX_PAUSE_MS))
  }
}

/** The pause on real time (a timer that keeps the process alive while a change waits to retry). */
export const pauseAfterConflict: ConflictPause = conflictPause(createSystemTimer({ keepAlive: true }))
