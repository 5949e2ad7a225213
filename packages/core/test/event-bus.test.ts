import { describe, expect, it } from 'vitest'
import { EventBus, EventInvalidError, type EventType, createManualClock, eventCategories, eventCategoryOf } from '../src/index.js'
import { createBusHarness as setup } from './harness.js'

declare module '../src/index.js' {
  interface EventPayloads {
    TrailerLocked: { movieId: string; key: string }
  }
}

describe('EventBus envelope', () => {
  it('stamps id, time from the clock and the default category', () => {
    const { bus, clock } = setup()
    const first = bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    clock.advance(1500)
    const second = bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:603' } })
    expect(first).toEqual({ type: 'MovieViewed', category: 'ui', id: 'evt-1', at: '2026-11-21T09:00:00.000Z', payload: { movieId: 'tmdb:603' } })
    expect(second.id).toBe('evt-2')
    expect(second.at).toBe('2026-11-21T09:00:01.500Z')
    expect('correlationId' in first).toBe(false)
  })

  it('keeps a correlation id and uses a custom id generator', () => {
    let n = 100
    const bus = new EventBus({ clock: createManualClock(0), idGenerator: () => `id-${n++}` })
    const event = bus.publish({ type: 'SearchRequested', correlationId: 'req-7', payload: { query: 'matrix' } })
    expect(event.id).toBe('id-100')
    expect(event.correlationId).toBe('req-7')
    expect(event.at).toBe('1970-01-01T00:00:00.000Z')
  })

  it('accepts an allowed alternative category and refuses the others with a typed error', () => {
    const { bus } = setup()
    expect(bus.publish({ type: 'PlaybackStarted', category: 'webhook', payload: { movieId: 'tmdb:603', source: 'plex' } }).category).toBe('webhook')
    expect(bus.publish({ type: 'HousekeepingRequested', category: 'schedule', payload: { dryRun: true } }).category).toBe('schedule')
    const wrong = () => bus.publish({ type: 'MovieViewed', category: 'fs', payload: { movieId: 'tmdb:603' } })
    expect(wrong).toThrow(EventInvalidError)
    expect(wrong).toThrow('Event MovieViewed cannot be published in category "fs" (allowed: ui)')
  })

  it('refuses unknown event types, including Object.prototype names', () => {
    const { bus, seen } = setup()
    for (const type of ['NoSuchEvent', 'constructor', 'toString', '__proto__']) {
      const publish = () => bus.publish({ type: type as EventType, payload: {} as never })
      expect(publish).toThrow(EventInvalidError)
      expect(publish).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_EVENT_INVALID' }))
    }
    expect(seen).toEqual([])
  })

  it('declares a category list for every event type, each known', () => {
    for (const [type, categories] of Object.entries(eventCategoryOf)) {
      expect(categories.length, type).toBeGreaterThan(0)
      for (const category of categories) expect(eventCategories).toContain(category)
    }
  })

  it('lets a plugin register its own event type', () => {
    const { bus, seen } = setup()
    expect(() => bus.publish({ type: 'TrailerLocked', payload: { movieId: 'tmdb:603', key: 'x' } })).toThrow(EventInvalidError)
    bus.registerEventType('TrailerLocked', ['ui', 'cli'])
    const got: string[] = []
    bus.on('TrailerLocked', (event) => {
      got.push(event.payload.key)
    })
    expect(bus.publish({ type: 'TrailerLocked', payload: { movieId: 'tmdb:603', key: 'abc' } }).category).toBe('ui')
    expect(bus.publish({ type: 'TrailerLocked', category: 'cli', payload: { movieId: 'tmdb:603', key: 'def' } }).category).toBe('cli')
    expect(got).toEqual(['abc', 'def'])
    expect(seen).toHaveLength(2)
    expect(() => bus.registerEventType('TrailerLocked', ['ui'])).toThrow(EventInvalidError)
    expect(() => bus.registerEventType('MovieViewed', ['ui'])).toThrow(EventInvalidError)
  })

  it('refuses to register a type without valid categories', () => {
    const { bus } = setup()
    expect(() => bus.registerEventType('TrailerLocked', [])).toThrow(EventInvalidError)
    expect(() => bus.registerEventType('TrailerLocked', ['nowhere' as never])).toThrow('needs categories among')
  })
})

describe('EventBus subscriptions', () => {
  it('delivers to handlers of one type only', () => {
    const { bus } = setup()
    const viewed: string[] = []
    bus.on('MovieViewed', (event) => {
      viewed.push(event.payload.movieId)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    bus.publish({ type: 'RecommendationShown', payload: { movieId: 'tmdb:2' } })
    expect(viewed).toEqual(['tmdb:1'])
  })

  it('delivers to handlers of a list of types', () => {
    const { bus } = setup()
    const types: string[] = []
    const off = bus.on(['MovieViewed', 'PlaybackStarted'], (event) => {
      types.push(`${event.type}:${event.payload.movieId}`)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    bus.publish({ type: 'PlaybackStarted', payload: { movieId: 'tmdb:2' } })
    bus.publish({ type: 'SearchHit', payload: { movieId: 'tmdb:3', query: 'q' } })
    off()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:4' } })
    expect(types).toEqual(['MovieViewed:tmdb:1', 'PlaybackStarted:tmdb:2'])
  })

  it('delivers once() only the next occurrence', () => {
    const { bus } = setup()
    const got: string[] = []
    bus.once('MovieViewed', (event) => {
      got.push(event.payload.movieId)
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:2' } })
    expect(got).toEqual(['tmdb:1'])
  })

  it('lets once() be cancelled before it fires', () => {
    const { bus } = setup()
    let calls = 0
    const off = bus.once('MovieViewed', () => {
      calls++
    })
    off()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(calls).toBe(0)
  })

  it('delivers once() a single time even when its handler publishes the same type', () => {
    const { bus } = setup()
    let calls = 0
    bus.once('MovieViewed', () => {
      calls++
      bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:2' } })
    })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(calls).toBe(1)
  })

  it('delivers a category to onCategory, whatever the type', () => {
    const { bus } = setup()
    const fs: string[] = []
    bus.onCategory('fs', (event) => {
      fs.push(event.type)
    })
    bus.publish({ type: 'VideoFileDetected', payload: { path: '/in/a.mkv' } })
    bus.publish({ type: 'VideoRemoved', payload: { path: '/in/a.mkv' } })
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    bus.publish({ type: 'PlaybackStarted', category: 'webhook', payload: { movieId: 'tmdb:1' } })
    expect(fs).toEqual(['VideoFileDetected', 'VideoRemoved'])
  })

  it('delivers a type in its published category, not its default one', () => {
    const { bus } = setup()
    const ui: string[] = []
    const webhook: string[] = []
    bus.onCategory('ui', (event) => void ui.push(event.type))
    bus.onCategory('webhook', (event) => void webhook.push(event.type))
    bus.publish({ type: 'PlaybackStarted', category: 'webhook', payload: { movieId: 'tmdb:1' } })
    expect(ui).toEqual([])
    expect(webhook).toEqual(['PlaybackStarted'])
  })

  it('delivers type, category and any handlers in that order, and stops after unsubscribe', () => {
    const { bus } = setup()
    const order: string[] = []
    const offs = [
      bus.onAny(() => void order.push('any')),
      bus.onCategory('ui', () => void order.push('category')),
      bus.on('MovieViewed', () => void order.push('type')),
    ]
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(order).toEqual(['type', 'category', 'any'])
    offs.forEach((off) => off())
    offs.forEach((off) => off())
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(order).toHaveLength(3)
  })

  it('removes every handler and middleware on clear()', () => {
    const { bus, seen } = setup()
    let filtered = 0
    bus.use(() => void filtered++)
    bus.clear()
    bus.publish({ type: 'MovieViewed', payload: { movieId: 'tmdb:1' } })
    expect(seen).toEqual([])
    expect(filtered).toBe(0)
  })
})
