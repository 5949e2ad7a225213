import { type AnyCinelayerEvent, EventBus } from '@cinelayer/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BusBridge, RedisUnavailableError, bridgeBusOverRedis, eventOrigin } from '../src/index.js'
import { type RedisServer, redisServerInstalled, redisSkipReason, startRedisServer } from './redis-server.js'

/** Resolves once `predicate` holds, checking as messages come in (pub/sub delivery is asynchronous). */
async function eventually(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe.runIf(redisServerInstalled)('bus bridged over Redis pub/sub', () => {
  let server: RedisServer
  let sequence = 0

  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(() => server.stop())

  async function pair() {
    const channel = `events-${++sequence}`
    const buses = [new EventBus(), new EventBus(), new EventBus()]
    const seen = buses.map(() => [] as AnyCinelayerEvent[])
    buses.forEach((bus, index) => bus.onAny((event) => void seen[index]!.push(event)))
    const bridges: BusBridge[] = []
    for (const [index, bus] of buses.entries()) bridges.push(await bridgeBusOverRedis(bus, { url: server.url, channel, node: `node-${index}` }))
    return { buses, seen, bridges, close: () => Promise.all(bridges.map((bridge) => bridge.close())) }
  }

  it('engine events reach every other process once, marked with their origin, never echoed back', async () => {
    const { buses, seen, bridges, close } = await pair()
    buses[0]!.publish({ type: 'MovieCreated', correlationId: 'c-1', payload: { movieId: 'tmdb:550', level: 'initial', via: 'request' } })
    buses[1]!.publish({ type: 'EnrichmentCompleted', payload: { movieId: 'tmdb:550', from: 'initial', to: 'basic', facets: ['details'], calls: { tmdb: 1 }, durationMs: 3 } })
    await eventually(() => seen.every((events) => events.length === 2))
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const events of seen) expect(events.map((event) => event.type).sort()).toEqual(['EnrichmentCompleted', 'MovieCreated'])
    const remote = seen[2]!.find((event) => event.type === 'MovieCreated')!
    expect(eventOrigin(remote)).toMatchObject({ node: 'node-0', eventId: expect.any(String), at: expect.any(String) })
    expect(remote).toMatchObject({ correlationId: 'c-1', category: 'engine', payload: { movieId: 'tmdb:550' } })
    expect(eventOrigin(seen[0]!.find((event) => event.type === 'MovieCreated')!)).toBeUndefined()
    expect(bridges.map((bridge) => bridge.counters)).toEqual([
      { sent: 1, received: 1, dropped: 0 },
      { sent: 1, received: 1, dropped: 0 },
      { sent: 0, received: 2, dropped: 0 },
    ])
    await close()
  })

  it('requests and usage stay where they were published unless their category is asked for', async () => {
    const { buses, seen, close } = await pair()
    buses[0]!.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:550' } })
    buses[0]!.publish({ type: 'HousekeepingCompleted', payload: { dryRun: true, examined: 1, downgraded: 0, skipped: 0, bytesFreed: 0 } })
    await eventually(() => seen[1]!.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen[1]!.map((event) => event.type)).toEqual(['HousekeepingCompleted'])
    await close()

    const channel = `events-${++sequence}`
    const [a, b] = [new EventBus(), new EventBus()]
    const received: AnyCinelayerEvent[] = []
    b.onAny((event) => void received.push(event))
    const bridges = [await bridgeBusOverRedis(a, { url: server.url, channel, categories: ['ui'] }), await bridgeBusOverRedis(b, { url: server.url, channel, categories: ['ui'] })]
    a.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    await eventually(() => received.length === 1)
    expect(received[0]).toMatchObject({ type: 'MovieViewed', category: 'ui' })
    await Promise.all(bridges.map((bridge) => bridge.close()))
  })

  it('drops what it cannot re-publish here (a plugin event type unknown to this process) and goes on', async () => {
    const channel = `events-${++sequence}`
    const [a, b] = [new EventBus(), new EventBus()]
    a.registerEventType('TrailerLocked' as never, ['engine'])
    const received: string[] = []
    b.onAny((event) => void received.push(event.type))
    const bridgeA = await bridgeBusOverRedis(a, { url: server.url, channel })
    const bridgeB = await bridgeBusOverRedis(b, { url: server.url, channel })
    a.publish({ type: 'TrailerLocked' as never, payload: { movieId: 'tmdb:550' } as never })
    a.publish({ type: 'MovieAliased', payload: { from: 'imdb:tt0137523', to: 'tmdb:550' } })
    await eventually(() => received.length === 1)
    expect(received).toEqual(['MovieAliased'])
    expect(bridgeB.counters).toMatchObject({ received: 1, dropped: 1 })
    await bridgeA.close()
    await bridgeB.close()
    // Closed: nothing travels any more.
    a.publish({ type: 'MovieAliased', payload: { from: 'imdb:tt0133093', to: 'tmdb:603' } })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(received).toEqual(['MovieAliased'])
  })

  it('a server that does not answer is a coded error, the URL (and its password) kept out of the message', async () => {
    const error = await bridgeBusOverRedis(new EventBus(), { url: 'redis://:s3cret@127.0.0.1:1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedisUnavailableError)
    expect((error as Error).message).not.toContain('s3cret')
    expect((error as Error).message).toMatch(/could not be reached/)
  })
})

describe.skipIf(redisServerInstalled)('bus bridged over Redis pub/sub', () => {
  it.skip(redisSkipReason, () => undefined)
})
