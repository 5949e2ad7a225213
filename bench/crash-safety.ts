/**
 * Crash safety of the data folder (run: `pnpm bench:crash`): a child process commits
 * Fight-Club-sized changes (150 to 300 credits with their people, an alias, stats and a file link
 * per change; removals; merges; stats flushes) through `@cinelayer/storage` and is killed with
 * SIGKILL at a random point, `--runs` times on the same folder. After each kill the folder is
 * opened again (on fs: the journal replayed, the dead writer's lock taken over) and, before any
 * repair, `validate()` must find nothing and every movie must read back with its change whole.
 *
 * `--store sqlite` (the default store) or `--store fs` (the JSON folder); `--runs N --seed N`
 * change the defaults (20, 1). The process exits with code 1 when a run fails.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { crashTrial } from '../packages/storage/test/crash-harness.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    store: { type: 'string', default: 'sqlite' },
  },
})
const runs = Number(values.runs)
const seed = Number(values.seed)
const store = values.store === 'fs' ? 'fs' : 'sqlite'

const root = await mkdtemp(join(tmpdir(), 'cinelayer-crash-'))
const folder = join(root, 'data')
let failed = 0
let replayed = 0
console.log(`crash safety: ${runs} runs on a ${store} data folder, SIGKILL at a random point of a commit (seed ${seed})`)
try {
  for (let run = 1; run <= runs; run++) {
    const result = await crashTrial(folder, run, seed, store)
    const status = result.failures.length === 0 ? 'ok' : 'FAILED'
    if (result.failures.length > 0) failed++
    if (result.pendingJournal > 0) replayed++
    console.log(`run ${String(run).padStart(2)}: killed after commit ${result.killedAfter}, ${result.movies} movies, ${result.pendingJournal} journal entries replayed → ${status}`)
    for (const failure of result.failures.slice(0, 5)) console.log(`        ${failure}`)
  }
} finally {
  await rm(root, { recursive: true, force: true })
}
console.log(`runs: ${runs}, failures: ${failed}${store === 'fs' ? `, kills that left a journal entry: ${replayed}` : ''}`)
process.exitCode = failed === 0 ? 0 : 1
