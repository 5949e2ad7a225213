import { describe, expect, it } from 'vitest'
import { createManualClock, createManualTimer, systemTimer } from '../src/index.js'

describe('createManualTimer', () => {
  it('wakes sleepers in time order, with the clock at their due time', async () => {
    const timer = createManualTimer(createManualClock(1000))
    const woke: Array<[string, number]> = []
    const sleep = (name: string, ms: number) => timer.sleep(ms).then(() => woke.push([name, timer.clock.now()]))
    void sleep('late', 300)
    void sleep('early', 100)
    void sleep('tied-first', 200)
    void sleep('tied-second', 200)
    expect(timer.pending).toBe(4)
    await timer.advance(250)
    expect(woke).toEqual([
      ['early', 1100],
      ['tied-first', 1200],
      ['tied-second', 1200],
    ])
    expect(timer.clock.now()).toBe(1250)
    await timer.advance(50)
    expect(woke.at(-1)).toEqual(['late', 1300])
    expect(timer.pending).toBe(0)
  })

  it('wakes a sleep started by resumed work when it falls within the window', async () => {
    const timer = createManualTimer(createManualClock(0))
    const ticks: number[] = []
    const loop = async () => {
      for (let index = 0; index < 5; index++) {
        await timer.sleep(10)
        ticks.push(timer.clock.now())
      }
    }
    void loop()
    await timer.advance(35)
    expect(ticks).toEqual([10, 20, 30])
    expect(timer.clock.now()).toBe(35)
  })

  it('resolves a sleep of 0 at once and rejects an aborted one with the reason', async () => {
    const timer = createManualTimer()
    await expect(timer.sleep(0)).resolves.toBeUndefined()
    const controller = new AbortController()
    const sleeping = timer.sleep(1000, controller.signal)
    controller.abort(new Error('stopped'))
    await expect(sleeping).rejects.toThrow('stopped')
    expect(timer.pending).toBe(0)
    await expect(timer.sleep(5, controller.signal)).rejects.toThrow('stopped')
  })

  it('only moves forward', async () => {
    await expect(createManualTimer().advance(-1)).rejects.toThrow(RangeError)
  })
})

describe('systemTimer', () => {
  it('rejects at once when aborted, before or during the wait', async () => {
    const controller = new AbortController()
    const sleeping = systemTimer.sleep(60_000, controller.signal)
    controller.abort(new Error('closing'))
    await expect(sleeping).rejects.toThrow('closing')
    await expect(systemTimer.sleep(60_000, controller.signal)).rejects.toThrow('closing')
  })
})
