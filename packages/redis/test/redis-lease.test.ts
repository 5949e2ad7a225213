import { Redis } from 'ioredis'
import { createStorage } from 'unstorage'
import redisDriver from 'unstorage/drivers/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisLeaseTimeoutError, RedisUnavailableError, redisEnrichmentLock } from '../src/index.js'
import { RedisLeases } from '../src/redis-lease.js'
import { type RedisServer, redisServerInstalled, redisSkipReason, startRedisServer } from './redis-server.js'

describe.runIf(redisServerInstalled)('Redis leases', () => {
  let server: RedisServer
  let first: Redis
  let second: Redis
  let sequence = 0
  const name = () => `lease-${++sequence}`

  beforeAll(async () => {
    server = await startRedisServer()
    first = new Redis(server.url)
    second = new Redis(server.url)
  })
  afterAll(async () => {
    first.disconnect()
    second.disconnect()
    await server.stop()
  })

  it('one holder at a time; released, it goes to the next', async () => {
    const key = name()
    const a = new RedisLeases(first)
    const b = new RedisLeases(second)
    const held = await a.tryAcquire(key)
    expect(held).not.toBeNull()
    expect(await b.tryAcquire(key)).toBeNull()
    const waiting = b.acquire(key)
    await held!.release()
    const next = await waiting
    expect(next.lost).toBe(false)
    await next.release()
    expect(await first.keys('cinelayer-lease:*')).toEqual([])
  })

  it('a holder that dies frees the lease when it expires; a live holder keeps it by renewal', async () => {
    const key = name()
    const crashed = new RedisLeases(first, { ttlMs: 150 })
    // Taken with SET NX PX and never renewed nor released: a process killed while holding it.
    await first.set(`cinelayer-lease:${key}`, 'dead-token', 'PX', 150, 'NX')
    const started = Date.now()
    const lease = await new RedisLeases(second, { ttlMs: 150 }).acquire(key)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(lease.lost).toBe(false)
    expect(await crashed.tryAcquire(key)).toBeNull()
    await lease.release()
  })

  it('a lease taken from under its holder is marked lost, and its release leaves the new holder alone', async () => {
    const key = name()
    const lease = await new RedisLeases(first, { ttlMs: 90 }).acquire(key)
    await first.set(`cinelayer-lease:${key}`, 'someone-else')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(lease.lost).toBe(true)
    await lease.release()
    expect(await first.get(`cinelayer-lease:${key}`)).toBe('someone-else')
  })

  it('gives up with CINELAYER_ERR_REDIS_LEASE_TIMEOUT', async () => {
    const key = name()
    const held = await new RedisLeases(first).acquire(key)
    const error = await new RedisLeases(second, { timeoutMs: 120 }).acquire(key).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedisLeaseTimeoutError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_REDIS_LEASE_TIMEOUT', details: { name: key } })
    await held.release()
  })

  it('the enrichment lock of a redis storage serializes one movie, not two', async () => {
    const storage = createStorage({ driver: redisDriver({ url: server.url, base: 'enrich-lock' }) })
    const lock = redisEnrichmentLock(storage)
    const order: string[] = []
    const run = async (movieId: string, label: string) => {
      const release = await lock.acquire(movieId)
      order.push(`${label} in`)
      await new Promise((resolve) => setTimeout(resolve, 40))
      order.push(`${label} out`)
      await release()
    }
    await Promise.all([run('tmdb:550', 'a'), run('tmdb:550', 'b'), run('tmdb:603', 'c')])
    const ab = order.filter((entry) => !entry.startsWith('c'))
    expect(['a in,a out,b in,b out', 'b in,b out,a in,a out']).toContain(ab.join(','))
    // Another movie is not held up: it ran beside the first of the two.
    expect(order.indexOf('c in')).toBeLessThan(Math.min(order.indexOf('a out'), order.indexOf('b out')))
    await storage.dispose()
  })

  it('an enrichment lock needs a storage on the redis driver', () => {
    expect(() => redisEnrichmentLock(createStorage())).toThrow(RedisUnavailableError)
  })
})

describe.skipIf(redisServerInstalled)('Redis leases', () => {
  it.skip(redisSkipReason, () => undefined)
})
