import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { crashTrial } from './crash-harness.js'
import { temporaryFolder } from './drivers.js'

// The fast version of bench/crash-safety.ts (20 runs of 1,000 writes): a few runs, fewer writes.
describe('crash safety: a writer killed with SIGKILL at random points', () => {
  let folder: { path: string; remove: () => Promise<void> }

  beforeEach(async () => {
    folder = await temporaryFolder()
  })
  afterEach(() => folder.remove())

  it('leaves every record readable and valid, and the indexes repairable', { timeout: 60_000 }, async () => {
    const base = join(folder.path, 'store')
    const runs = []
    for (let run = 1; run <= 3; run++) runs.push(await crashTrial(base, run, 42, 200))
    expect(runs.flatMap((result) => result.failures)).toEqual([])
    expect(runs.every((result) => result.records > 0)).toBe(true)
  })
})
