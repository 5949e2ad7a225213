import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStores, openDataFolder } from '../src/index.js'
import { type Child, startChild } from './child-process.js'
import { temporaryFolder } from './drivers.js'

const EDITS = 200

describe('two processes editing the same movies of one SQLite data folder at once', { timeout: 60_000 }, () => {
  let folder: { path: string; remove: () => Promise<void> }
  const children: Child[] = []

  beforeEach(async () => {
    folder = await temporaryFolder()
  })
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL')
      await child.exited
    }
    await folder.remove()
  })

  /** Starts one writer per tag on `movies`, lets them go together, and gives what each printed at the end. */
  async function race(base: string, tags: readonly string[], movies: readonly string[]): Promise<string[]> {
    const writers = await Promise.all(tags.map((tag) => startChild('edit-writer', [base, tag, String(EDITS), movies.join(',')])))
    children.push(...writers)
    await Promise.all(writers.map((writer) => writer.waitFor(/^ready$/)))
    for (const writer of writers) writer.send('go')
    return Promise.all(writers.map((writer) => writer.waitFor(/^(done|failed) /, 50_000)))
  }

  it('200 edits each to one movie through update: every edit of both is there, and validate finds nothing', async () => {
    const base = join(folder.path, 'data')
    const results = await race(base, ['a', 'b'], ['tmdb:550'])
    expect(results.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([`done ${EDITS}`, `done ${EDITS}`])
    const opened = openDataFolder(base)
    const stores = createStores(opened.storage)
    const marks = ((await stores.movies.get('tmdb:550')) as { marks?: string[] } | null)?.marks ?? []
    const expected = ['a', 'b'].flatMap((tag) => Array.from({ length: EDITS }, (_, index) => `${tag}-${index + 1}`))
    expect(marks.toSorted()).toEqual(expected.toSorted())
    // Each writer's own edits in the order it made them.
    for (const tag of ['a', 'b']) expect(marks.filter((mark) => mark.startsWith(`${tag}-`))).toEqual(expected.filter((mark) => mark.startsWith(`${tag}-`)))
    expect((await stores.validate()).issues).toEqual([])
    // The writers did meet: some changes were run again on the other's newer record.
    const reruns = results.map((line) => Number(line.split(' ')[2]) - EDITS)
    console.log(`re-runs after a conflict: ${reruns.join(', ')}`)
    await opened.close()
  })

  it('three processes on three movies in turn, credits included: nothing lost, both sides of every credit right', async () => {
    const base = join(folder.path, 'data')
    const movies = ['tmdb:550', 'tmdb:603', 'tmdb:680']
    const results = await race(base, ['a', 'b', 'c'], movies)
    expect(results.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([`done ${EDITS}`, `done ${EDITS}`, `done ${EDITS}`])
    const opened = openDataFolder(base)
    const stores = createStores(opened.storage)
    let total = 0
    for (const id of movies) total += (((await stores.movies.get(id)) as { marks?: string[] } | null)?.marks ?? []).length
    expect(total).toBe(3 * EDITS)
    expect((await stores.validate()).issues).toEqual([])
    await opened.close()
  })
})
