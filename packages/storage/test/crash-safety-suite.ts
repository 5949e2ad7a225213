import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreKind } from '../src/index.js'
import { type CrashRun, crashTrial } from './crash-harness.js'
import { temporaryFolder } from './drivers.js'

/**
 * The crash test of one store kind: `runs` trials on one folder, every failure listed. On fs, at
 * least one kill must have left a journal entry (else the replay was not exercised).
 */
export function describeCrashSafety(store: StoreKind, runs = 20): void {
  describe(`a ${store} data folder whose writer is killed with SIGKILL mid-commit, ${runs} times`, () => {
    let folder: { path: string; remove: () => Promise<void> }

    beforeEach(async () => {
      folder = await temporaryFolder()
    })
    afterEach(() => folder.remove())

    it('reopens with every change whole or absent: no unreadable record, nothing for validate() to report', { timeout: 60_000 }, async () => {
      const base = join(folder.path, 'data')
      const results: CrashRun[] = []
      for (let run = 1; run <= runs; run++) results.push(await crashTrial(base, run, 7, store))
      expect(results.flatMap((result) => result.failures.map((failure) => `run ${result.run}: ${failure}`))).toEqual([])
      expect(results.some((result) => result.movies > 0)).toBe(true)
      if (store === 'fs') expect(results.filter((result) => result.pendingJournal > 0).length).toBeGreaterThan(0)
    })
  })
}
