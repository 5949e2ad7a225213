import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStores, openDataFolder } from '../src/index.js'
import { type Child, startChild } from './child-process.js'
import { temporaryFolder } from './drivers.js'
import { largeCredits } from './records.js'

describe('the fs journal, after a writer killed half-way through applying a commit', { timeout: 30_000 }, () => {
  let folder: { path: string; remove: () => Promise<void> }
  let writer: Child | undefined

  beforeEach(async () => {
    folder = await temporaryFolder()
  })
  afterEach(async () => {
    writer?.kill('SIGKILL')
    await writer?.exited
    await folder.remove()
  })

  it('the entry it left is applied at the next open, before the first read sees anything', async () => {
    const base = join(folder.path, 'data')
    const journal = join(base, '.cinelayer-journal')
    writer = await startChild('big-commit', [base, '600'])
    await writer.waitFor(/^ready$/)
    writer.send('go')
    // Killed as soon as the whole commit is in the journal: the files are being written then.
    while (!(await readdir(journal).catch(() => [])).some((name) => name.endsWith('.json'))) await sleep(2)
    writer.kill('SIGKILL')
    await writer.exited
    expect(writer.lines).not.toContain('done')
    // Half-way on disk: the first credits are written, the record (last in the batch) is not.
    expect(existsSync(join(base, 'movies/tmdb/550'))).toBe(false)

    const opened = openDataFolder(base)
    try {
      const stores = createStores(opened.storage)
      const { credits } = largeCredits('tmdb:550', 600, ' big')
      expect(await stores.movies.get('tmdb:550')).toMatchObject({ title: 'Fight Club', level: 'medium' })
      expect(await readdir(journal)).toEqual([])
      expect(await stores.relations.forMovie('tmdb:550')).toEqual(credits)
      expect(await stores.relations.forPerson(credits[599]!.personId)).toEqual([credits[599]])
      expect(await stores.people.count()).toBe(600)
      expect((await stores.validate()).issues).toEqual([])
    } finally {
      await opened.close()
    }
  })
})
