import { createStorage } from 'unstorage'
import redisDriver from 'unstorage/drivers/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStores } from '../src/index.js'
import { describeStoreContract } from './contract.js'
import { movie } from './records.js'
import { type RedisServer, redisServerInstalled, redisSkipReason, startRedisServer } from './redis-server.js'

let server: RedisServer | undefined
let sequence = 0

describe.runIf(redisServerInstalled)('on a real redis-server', () => {
  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(async () => {
    await server?.stop()
  })

  /** unstorage on the redis driver, under a base of its own (one per test, so no flush is needed). */
  const redisStorage = (base = `contract-${++sequence}`) => createStorage({ driver: redisDriver({ url: server!.url, base }) })

  describeStoreContract('redis driver', () => {
    const storage = redisStorage()
    return { storage, cleanup: () => storage.dispose() }
  })

  it('two processes sharing one Redis lose no index update (the store mutex is a Redis lease)', async () => {
    const base = `shared-${++sequence}`
    // Two storages, two connections: what two processes would have.
    const [first, second] = [redisStorage(base), redisStorage(base)]
    const [a, b] = [createStores(first), createStores(second)]
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => a.movies.put(movie(i + 1, { level: i % 2 ? 'basic' : 'initial' }))),
      ...Array.from({ length: 40 }, (_, i) => b.movies.put(movie(i + 41, { level: i % 2 ? 'initial' : 'basic' }))),
    ])
    expect(await a.movies.count()).toBe(80)
    expect(await b.movies.count({ level: 'basic' })).toBe(40)
    expect((await a.validate()).issues).toEqual([])
    await Promise.all([first.dispose(), second.dispose()])
  })
})

describe.skipIf(redisServerInstalled)('redis', () => {
  it.skip(redisSkipReason, () => undefined)
})
