/**
 * Crash safety of the fs store (run: `pnpm bench:crash`): a child process writes 1,000 updates of
 * every kind (movies changing level, aliases, credits, people, stats, removals) through
 * `@cinelayer/storage` on the atomic fs driver and is killed with SIGKILL at a random write, 20
 * times on the same folder. After each kill the folder is opened again (the dead writer's lock is
 * taken over), every record is read and checked against its schema, `validate()` lists what the
 * crash left, `validate({ fix: true })` repairs it, and a last `validate()` must find nothing.
 *
 * `--driver fs` runs the same on unstorage's own fs driver (writes in place), for comparison.
 * `--runs N --writes N --seed N` change the defaults (20, 1000, 1).
 * The process exits with code 1 when a run fails.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { crashTrial } from '../packages/storage/test/crash-harness.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    writes: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    driver: { type: 'string', default: 'atomic-fs' },
  },
})
const runs = Number(values.runs)
const writes = Number(values.writes)
const seed = Number(values.seed)
const driver = values.driver === 'fs' ? 'fs' : 'atomic-fs'

const root = await mkdtemp(join(tmpdir(), 'cinelayer-crash-'))
const folder = join(root, 'store')
let failed = 0
console.log(`crash safety: ${runs} runs of ${writes} writes on the ${driver} driver, SIGKILL at a random write (seed ${seed})`)
try {
  for (let run = 1; run <= runs; run++) {
    const result = await crashTrial(folder, run, seed, writes, driver)
    const found = Object.entries(result.issues)
      .map(([kind, count]) => `${kind} ×${count}`)
      .join(', ')
    const status = result.failures.length === 0 ? 'ok' : 'FAILED'
    if (result.failures.length > 0) failed++
    console.log(`run ${String(run).padStart(2)}: killed after write ${String(result.killedAfter).padStart(4)}, ${result.records} records, found: ${found || 'nothing'} → ${status}`)
    for (const failure of result.failures.slice(0, 5)) console.log(`        ${failure}`)
  }
} finally {
  await rm(root, { recursive: true, force: true })
}
console.log(`runs: ${runs}, failures: ${failed}`)
process.exitCode = failed === 0 ? 0 : 1
