import { describe, expect, it } from 'vitest'
import { createCompressedClock } from '../src/lab-simulation.js'

describe('the compressed clock of lab --simulate', () => {
  it('runs at real speed, jumps forward over idle time, and never goes back', async () => {
    const start = Date.UTC(2026, 0, 1)
    const clock = createCompressedClock(start)
    expect(clock.now() - start).toBeLessThan(50)
    await new Promise((resolve) => setTimeout(resolve, 60))
    const ran = clock.now() - start
    expect(ran).toBeGreaterThanOrEqual(55)
    expect(ran).toBeLessThan(1_000)
    clock.jumpTo(start + 3 * 24 * 60 * 60 * 1000)
    expect(clock.now() - start).toBeGreaterThanOrEqual(3 * 24 * 60 * 60 * 1000)
    const before = clock.now()
    clock.jumpTo(start)
    expect(clock.now()).toBeGreaterThanOrEqual(before)
  })
})
