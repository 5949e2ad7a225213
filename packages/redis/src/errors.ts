import { CinelayerError } from '@cinelayer/core'

/** Codes raised by `@cinelayer/redis`, with what each means. Kept in step with docs/errors.md by a test. */
export const redisErrorCodes = {
  CINELAYER_ERR_REDIS_UNAVAILABLE: 'A Redis feature was asked for, but ioredis or bullmq is not installed, or the Redis server cannot be reached.',
  CINELAYER_ERR_REDIS_LEASE_TIMEOUT: 'A Redis lease (a lock shared by processes) could not be acquired in time.',
} as const

/** A code of {@link redisErrorCodes}. */
export type RedisErrorCode = keyof typeof redisErrorCodes

// Driver errors may quote connection strings, so only the error's own code reaches the message.
function causeCode(cause: unknown): string {
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return ` (${cause.code})`
  return ''
}

/** A Redis feature without its optional package, or without a server that answers. */
export class RedisUnavailableError extends CinelayerError {
  constructor(what: string, cause?: unknown) {
    super('CINELAYER_ERR_REDIS_UNAVAILABLE', `${what}${causeCode(cause)}`, { cause, details: { what } })
  }
}

/** A lease held by another process was not released in time. */
export class RedisLeaseTimeoutError extends CinelayerError {
  constructor(name: string, waitedMs: number) {
    super('CINELAYER_ERR_REDIS_LEASE_TIMEOUT', `Lease "${name}" is still held by another process after ${waitedMs} ms`, { details: { name, waitedMs } })
  }
}
