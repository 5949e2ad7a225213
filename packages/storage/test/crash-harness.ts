import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type StoreKind, createStores, openDataFolder } from '../src/index.js'
import { startChild } from './child-process.js'
import { randomGenerator } from './crash-workload.js'

/** What one killed run left, and what the next open found. */
export interface CrashRun {
  run: number
  /** The commit after which the writer was killed (it may have gone a little further). */
  killedAfter: number
  /** Journal entries the killed writer left (fs), applied by the next open. */
  pendingJournal: number
  /** Movies found after the crash. */
  movies: number
  /** What went wrong: an issue `validate()` found, a change seen in part, a journal or temporary file left. */
  failures: string[]
}

/** Every file under `root` whose name starts with `.cinelayer-tmp-`. */
async function temporaryFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile() && entry.name.startsWith('.cinelayer-tmp-')).map((entry) => join(entry.parentPath, entry.name))
}

/**
 * Runs the crash writer on `folder`, kills it with SIGKILL at a random point of a commit, then
 * opens the folder again (the fs folder: its journal replayed, the dead writer's lock taken over)
 * and checks, before any repair, that `validate()` finds nothing, that every movie's change is
 * there whole (its credits and stats carry the same change number as its record), and that no
 * journal entry or temporary file is left. The folder is kept from run to run, so later runs
 * crash in the middle of rewrites.
 */
export async function crashTrial(folder: string, run: number, seed: number, store: StoreKind): Promise<CrashRun> {
  const random = randomGenerator(seed * 7919 + run)
  // A SQLite commit of this size takes a few ms, an fs one a few hundred: the signal lands after a
  // random number of commits, a random time into the next ones.
  const killedAfter = store === 'fs' ? Math.floor(random() * 2) : 1 + Math.floor(random() * 4)
  const extraMs = random() * (store === 'fs' ? 400 : 20)
  const writer = await startChild('crash-writer', [folder, store, String(seed * 1000 + run)])
  const failures: string[] = []
  try {
    await writer.waitFor(killedAfter === 0 ? /^ready$/ : new RegExp(`^c ${killedAfter}$`), 30_000)
  } catch (error) {
    failures.push(`writer failed before commit ${killedAfter}: ${error instanceof Error ? error.message.slice(0, 400) : String(error)}`)
  }
  await sleep(extraMs)
  writer.kill('SIGKILL')
  await writer.exited

  const journal = join(folder, '.cinelayer-journal')
  const pendingJournal = (await readdir(journal).catch(() => [])).filter((name) => name.endsWith('.json')).length
  const opened = openDataFolder(folder, { store })
  let movies = 0
  try {
    const stores = createStores(opened.storage)
    // Before anything else: what the crash left, as a reader finds it.
    for (const issue of (await stores.validate()).issues) failures.push(`${issue.kind} ${issue.key}: ${issue.message}`)
    for (const id of await stores.movies.ids()) {
      movies++
      const record = await stores.movies.get(id)
      const version = / v(\d+)$/.exec(record?.title ?? '')?.[1]
      if (!version) {
        failures.push(`${id} reads back as ${JSON.stringify(record?.title)}`)
        continue
      }
      const stray = (await stores.relations.forMovie(id)).filter((credit) => !(credit.character ?? credit.job ?? '').endsWith(` v${version}`))
      if (stray.length > 0) failures.push(`${id} at v${version} has ${stray.length} credits of another change`)
      const usage = await stores.stats.get(id)
      if (usage?.views !== Number(version)) failures.push(`${id} at v${version} has the stats of change ${usage?.views ?? 'none'}`)
    }
    if (store === 'fs') {
      const left = (await readdir(journal).catch(() => [])).length
      if (left > 0) failures.push(`${left} journal files left after the open`)
      for (const file of await temporaryFiles(folder)) failures.push(`temporary file left: ${file}`)
    }
  } catch (error) {
    failures.push(`checking the folder failed: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await opened.close()
  }
  return { run, killedAfter, pendingJournal, movies, failures }
}

