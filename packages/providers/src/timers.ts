import { type Timer, createSystemTimer } from '@cinelayer/core'

/**
 * Every wait of a data provider (rate limit, backoff, `Retry-After`, timeouts) goes through one of
 * these, so tests run on fake time (`createFakeTimers` from `@cinelayer/providers/testing`) and
 * never sleep for real. The same shape as core's `Timer`.
 */
export type Timers = Timer

/**
 * Real time: the system clock and `setTimeout`, the default of every data provider. A request
 * waiting out a rate limit or a `Retry-After` keeps the process alive until it is answered.
 */
export const realTimers: Timers = createSystemTimer({ keepAlive: true })
