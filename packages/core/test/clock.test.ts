import { describe, expect, it } from 'vitest'
import { DAY, createManualClock, systemClock } from '../src/index.js'

describe('createManualClock', () => {
  it('starts at 2026-01-01T00:00:00Z by default and stands still', () => {
    const clock = createManualClock()
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z')
    expect(clock.now()).toBe(clock.now())
  })

  it('starts at a given number or Date', () => {
    expect(createManualClock(1_000).now()).toBe(1_000)
    expect(createManualClock(new Date('2026-11-21T09:00:00Z')).now()).toBe(Date.UTC(2026, 10, 21, 9))
  })

  it('advances by milliseconds and by days', () => {
    const clock = createManualClock(0)
    clock.advance(250)
    clock.advance(2 * DAY)
    expect(clock.now()).toBe(250 + 2 * 86_400_000)
  })

  it('refuses to go backwards or by a non-finite amount through advance()', () => {
    const clock = createManualClock(10)
    expect(() => clock.advance(-1)).toThrow(RangeError)
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError)
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(clock.now()).toBe(10)
  })

  it('sets an absolute time from a number or a Date', () => {
    const clock = createManualClock()
    clock.set(new Date('2030-05-01T00:00:00Z'))
    expect(new Date(clock.now()).toISOString()).toBe('2030-05-01T00:00:00.000Z')
    clock.set(5)
    expect(clock.now()).toBe(5)
  })

  it('refuses times no Date can represent, so toISOString() never throws later', () => {
    expect(() => createManualClock(Number.NaN)).toThrow(RangeError)
    expect(() => createManualClock(new Date('not a date'))).toThrow(RangeError)
    const clock = createManualClock(0)
    expect(() => clock.set(new Date('nope'))).toThrow(RangeError)
    expect(() => clock.set(9e15)).toThrow(RangeError)
    clock.set(8.64e15)
    expect(() => clock.advance(1)).toThrow(RangeError)
    expect(clock.now()).toBe(8.64e15)
  })
})

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now()
    const now = systemClock.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})
