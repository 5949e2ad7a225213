import { CinelayerError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { documentedErrorCodes } from '../../../test-support/error-docs.js'
import { RedisLeaseTimeoutError, RedisUnavailableError, redisErrorCodes } from '../src/index.js'

describe('redis error codes', () => {
  const driverFailure = Object.assign(new Error('connect ECONNREFUSED redis://:s3cret@localhost:6379'), { code: 'ECONNREFUSED' })
  const errors: CinelayerError[] = [new RedisUnavailableError('The Redis server could not be reached', driverFailure), new RedisLeaseTimeoutError('enrich:tmdb:550', 1000)]

  it('docs/errors.md lists exactly the registry in its @cinelayer/redis section', async () => {
    expect(await documentedErrorCodes('`@cinelayer/redis`')).toEqual({ ...redisErrorCodes })
  })

  it('every code of the registry has its class', () => {
    expect(errors.map((error) => error.code).sort()).toEqual(Object.keys(redisErrorCodes).sort())
  })

  it('a driver error keeps its message, which may hold a secret, out of ours, and stays the cause', () => {
    expect(errors[0]!.message).toContain('ECONNREFUSED')
    expect(errors[0]!.message).not.toContain('s3cret')
    expect(errors[0]!.cause).toBe(driverFailure)
    expect(errors[1]!.message).toContain('enrich:tmdb:550')
  })
})
