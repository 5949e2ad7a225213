import { createStores, openDataFolder } from '../src/index.js'
import type { ValidationIssue } from '../src/index.js'
import { startChild } from './child-process.js'
import { randomGenerator } from './crash-workload.js'

/** Issues a crash may leave that `validate({ fix: true })` repairs: anything else is a failure. */
const repairable = new Set<ValidationIssue['kind']>(['index-missing', 'index-extra', 'index-level', 'index-broken', 'relation-one-sided', 'alias-dangling', 'temporary-file'])

/** What one killed run left, and what became of it. */
export interface CrashRun {
  run: number
  /** The write after which the writer was killed (it may have gone a little further). */
  killedAfter: number
  /** Records found, and issues found before repair (by kind). */
  records: number
  issues: Record<string, number>
  /** Why the run failed: an unreadable or invalid record, an issue left after repair. */
  failures: string[]
}

/**
 * Runs a writer child on `folder`, kills it with SIGKILL after a random write, then opens the
 * folder (taking over the dead writer's lock), checks every record and repairs the indexes. The
 * folder is kept from run to run, so later runs crash in the middle of rewrites.
 */
export async function crashTrial(folder: string, run: number, seed: number, writes: number, driver: 'atomic-fs' | 'fs' = 'atomic-fs'): Promise<CrashRun> {
  const random = randomGenerator(seed * 7919 + run)
  const killedAfter = 1 + Math.floor(random() * writes)
  // A few milliseconds more, at random, so that the signal lands anywhere within the next write.
  const extraMs = random() * 20
  const writer = await startChild('crash-writer', [folder, String(seed * 1000 + run), String(writes), driver])
  const failures: string[] = []
  try {
    await writer.waitFor(new RegExp(`^(w ${killedAfter}|done)$`), 120_000)
  } catch (error) {
    // The writer died on its own: what an earlier crash left kept it from working.
    failures.push(`writer failed before write ${killedAfter}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`)
  }
  await new Promise((resolve) => setTimeout(resolve, extraMs))
  writer.kill('SIGKILL')
  await writer.exited

  const opened = openDataFolder(folder)
  const issues: Record<string, number> = {}
  let records = 0
  try {
    const stores = createStores(opened.storage)
    const before = await stores.validate()
    records = before.checked.movies + before.checked.people + before.checked.stats + before.checked.aliases + before.checked.relationLists
    for (const issue of before.issues) {
      issues[issue.kind] = (issues[issue.kind] ?? 0) + 1
      if (!repairable.has(issue.kind)) failures.push(`${issue.kind} ${issue.key}: ${issue.message}`)
    }
    const repaired = await stores.validate({ fix: true })
    const after = await stores.validate()
    for (const issue of after.issues) failures.push(`left after repair: ${issue.kind} ${issue.key}: ${issue.message}`)
    if (!repaired.ok && after.ok) failures.push('validate({ fix: true }) did not report itself ok')
    const ids = await stores.movies.ids()
    if ((await stores.movies.count()) !== ids.length) failures.push('movie count and id list disagree after repair')
    for (const id of ids) {
      const movie = await stores.movies.get(id).catch(() => null)
      if (!movie || !/^Movie \d+ v\d+$/.test(movie.title ?? '')) failures.push(`${id} does not read back as one version written`)
    }
  } catch (error) {
    failures.push(`checking the folder failed: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await opened.close()
  }
  return { run, killedAfter, records, issues, failures }
}
