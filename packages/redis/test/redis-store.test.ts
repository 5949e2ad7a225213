import { createStores } from '@cinelayer/storage'
import { addMark, describeStoreContract, movie } from '@cinelayer/storage/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis } from '../src/index.js'
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

  // A key base of its own per storage: no flush needed between tests.
  describeStoreContract('redis (withRedisCommit)', async () => ({ storage: (await connectRedis({ url: server!.url, base: `contract-${++sequence}` })).storage }))

  it('two connections (two processes) changing one movie at once lose nothing, and caching nothing, read what the other wrote', async () => {
    const base = `shared-${++sequence}`
    const [first, second] = await Promise.all([connectRedis({ url: server!.url, base }), connectRedis({ url: server!.url, base })])
    const [a, b] = [createStores(first.storage), createStores(second.storage)]
    expect(a.atomic).toBe(true)
    await a.movies.put(movie(550))
    await Promise.all(Array.from({ length: 25 }, (_, index) => [a.movies.update('tmdb:550', addMark(`a${index}`)), b.movies.update('tmdb:550', addMark(`b${index}`))]).flat())
    const marks = ((await b.movies.get('tmdb:550')) as { marks?: string[] } | null)?.marks ?? []
    expect(marks).toHaveLength(50)
    expect(((await a.movies.get('tmdb:550')) as { marks?: string[] } | null)?.marks).toEqual(marks)
    expect((await a.validate()).issues).toEqual([])
    await Promise.all([first.close(), second.close()])
  })

  it('refuses a server that does not answer with CINELAYER_ERR_REDIS_UNAVAILABLE, keeping the URL out of the message', async () => {
    const error = await connectRedis({ url: 'redis://:s3cret@127.0.0.1:1' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_REDIS_UNAVAILABLE' })
    expect((error as Error).message).not.toContain('s3cret')
  })
})

describe.skipIf(redisServerInstalled)('redis store', () => {
  it.skip(redisSkipReason, () => undefined)
})
