import { describe, expect, it } from 'vitest'
import { createBusHarness as setup, deferred } from './harness.js'

describe('EventBus middleware', () => {
  it('runs filter, transform and trace in the order added', () => {
    const { bus, seen } = setup()
    const trace: string[] = []
    bus.use((event, next) => {
      trace.push(`filter:${event.id}`)
      if (event.type !== 'SearchHit') next(event)
    })
    bus.use((event, next) => {
      trace.push(`transform:${event.id}`)
      next(event.type === 'MovieViewed' ? { ...event, correlationId: 'tagged' } : event)
    })
    bus.use((event, next) => {
      trace.push(`trace:${event.id}:${event.correlationId ?? '-'}`)
      next(event)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    bus.publish({ type: 'SearchHit', payload: { movieId: 'tmdb:1', query: 'q' } })
    expect(trace).toEqual(['filter:evt-1', 'transform:evt-1', 'trace:evt-1:tagged', 'filter:evt-2'])
    expect(seen.map((event) => [event.type, event.correlationId])).toEqual([['MovieViewed', 'tagged']])
  })

  it('returns the event as published, before any transform', () => {
    const { bus } = setup()
    bus.use((event, next) => next({ ...event, correlationId: 'changed' }))
    expect(bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } }).correlationId).toBeUndefined()
  })

  it('delivers once when a middleware calls next twice', () => {
    const { bus, seen } = setup()
    bus.use((event, next) => {
      next(event)
      next(event)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(seen).toHaveLength(1)
  })

  it('can be removed', () => {
    const { bus, seen } = setup()
    const off = bus.use(() => {})
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    off()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:2' } })
    expect(seen.map((event) => event.id)).toEqual(['evt-2'])
  })

  it('reports a throwing middleware and still delivers the event unchanged', () => {
    const { bus, seen, failures } = setup()
    const after: string[] = []
    bus.use(() => {
      throw new Error('middleware broke')
    })
    bus.use((event, next) => {
      after.push(event.type)
      next(event)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(seen.filter((event) => event.type === 'MovieViewed')).toHaveLength(1)
    expect(after).toContain('MovieViewed')
    expect(failures()).toHaveLength(1)
    expect(failures()[0]!.payload).toEqual({ eventType: 'MovieViewed', eventId: 'evt-1', stage: 'middleware', message: 'middleware broke' })
    expect(failures()[0]!.correlationId).toBe('evt-1')
  })

  it('does not deliver twice when a middleware throws after calling next', () => {
    const { bus, seen, failures } = setup()
    bus.use((event, next) => {
      next(event)
      throw new Error('late')
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(seen.filter((event) => event.type === 'MovieViewed')).toHaveLength(1)
    expect(failures()).toHaveLength(1)
  })
})

describe('EventBus handler isolation', () => {
  it('isolates a throwing sync handler: the others still run and a HandlerFailed is published', () => {
    const { bus, failures } = setup()
    const ran: string[] = []
    bus.on('MovieViewed', () => void ran.push('first'))
    bus.on('MovieViewed', () => {
      throw new Error('handler broke')
    })
    bus.on('MovieViewed', () => void ran.push('third'))
    const event = bus.publish({ type: 'MovieViewed', correlationId: 'req-1', payload: { movieId: 'tmdb:1' } })
    expect(ran).toEqual(['first', 'third'])
    expect(failures()).toHaveLength(1)
    expect(failures()[0]).toMatchObject({
      category: 'engine',
      correlationId: 'req-1',
      payload: { eventType: 'MovieViewed', eventId: event.id, stage: 'handler', message: 'handler broke' },
    })
  })

  it('reports a thrown non-Error by its string form', () => {
    const { bus, failures } = setup()
    bus.on('MovieViewed', () => {
      throw 'plain string'
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(failures()[0]!.payload.message).toBe('plain string')
  })

  it('isolates a rejecting async handler and reports it once settled', async () => {
    const { bus, failures } = setup()
    const gate = deferred()
    const ran: string[] = []
    bus.on('PlaybackStarted', async () => {
      await gate.promise
      throw new Error('async broke')
    })
    bus.on('PlaybackStarted', () => void ran.push('sync'))
    bus.publish({ type: 'PlaybackStarted', payload: { movieId: 'tmdb:1' } })
    expect(ran).toEqual(['sync'])
    expect(failures()).toHaveLength(0)
    gate.resolve()
    await bus.settled()
    expect(failures()).toHaveLength(1)
    expect(failures()[0]!.payload).toMatchObject({ eventType: 'PlaybackStarted', stage: 'handler', message: 'async broke' })
  })

  it('does not loop when a HandlerFailed handler throws or rejects', async () => {
    const { bus, failures } = setup()
    let failedCalls = 0
    bus.on('HandlerFailed', () => {
      failedCalls++
      throw new Error('observer broke')
    })
    bus.on('HandlerFailed', async () => {
      failedCalls++
      throw new Error('async observer broke')
    })
    bus.on('MovieViewed', () => {
      throw new Error('handler broke')
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    await bus.settled()
    expect(failedCalls).toBe(2)
    expect(failures()).toHaveLength(1)
  })

  it('does not loop when a middleware throws on every event', () => {
    const { bus, failures, seen } = setup()
    bus.use(() => {
      throw new Error('always')
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(failures()).toHaveLength(1)
    expect(seen).toHaveLength(2)
  })
})

describe('EventBus.settled', () => {
  it('resolves at once with nothing pending', async () => {
    await expect(setup().bus.settled()).resolves.toBeUndefined()
  })

  it('waits for async handlers and for the handlers they trigger', async () => {
    const { bus } = setup()
    const first = deferred()
    const second = deferred()
    const done: string[] = []
    bus.on('MovieViewed', async () => {
      await first.promise
      bus.publish({ type: 'PlaybackStarted', payload: { movieId: 'tmdb:1' } })
      done.push('viewed')
    })
    bus.on('PlaybackStarted', async () => {
      await second.promise
      done.push('played')
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    let settled = false
    const waiting = bus.settled().then(() => {
      settled = true
    })
    first.resolve()
    await first.promise
    await Promise.resolve()
    expect(settled).toBe(false)
    second.resolve()
    await waiting
    expect(done).toEqual(['viewed', 'played'])
  })

  it('also settles when async handlers reject', async () => {
    const { bus } = setup()
    bus.on('MovieViewed', () => Promise.reject(new Error('no')))
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    await expect(bus.settled()).resolves.toBeUndefined()
  })
})
