import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher, sleep } from './helpers.js'

describe('a watcher started on folders and a store that disagree', () => {
  let sandbox: Sandbox

  beforeEach(async () => {
    sandbox = await createSandbox()
  })

  afterEach(async () => {
    await sandbox.cleanup()
  })

  it('reconciles on restart: a vanished file is marked, a hand-placed one adopted, a waiting one organized', async () => {
    const first = sandboxEngine(sandbox)
    const before = sandboxWatcher(sandbox, first)
    await before.start()
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'fight club')
    await recordEvents(first).next('VideoAdded')
    await before.close()
    await first.close()

    // While nothing runs: the Fight Club file is deleted, Riddick is placed by hand, Rock Crystal arrives.
    await rm(join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).mkv'))
    const riddick = join(sandbox.library, 'Riddick (2013)', 'Riddick (2013) {tmdb-87421}.mkv')
    await mkdir(join(sandbox.library, 'Riddick (2013)'))
    await writeFile(riddick, 'riddick')
    await writeFile(join(sandbox.incoming, 'Rock.Crystal.2004.{tmdb-12313}.mkv'), 'rock crystal')

    const engine = sandboxEngine(sandbox)
    const log = recordEvents(engine)
    const watcher = sandboxWatcher(sandbox, engine)
    try {
      const scan = await watcher.start()
      expect(scan.removed).toEqual([{ path: join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).mkv'), movieId: 'tmdb:550' }])
      expect(scan.adopted).toEqual([{ status: 'organized', movieId: 'tmdb:87421', path: riddick, sidecars: [] }])
      expect(scan.incoming).toEqual([join(sandbox.incoming, 'Rock.Crystal.2004.{tmdb-12313}.mkv')])
      expect(log.of('VideoRemoved').map((event) => event.payload)).toEqual([scan.removed[0]])
      const fightClub = await engine.movies.peek('tmdb:550')
      expect(fightClub).toMatchObject({ title: 'Fight Club', year: 1999, fileMissingSince: expect.any(String) })
      expect(fightClub?.filePath).toBeUndefined()
      // Adopted where it lies: never moved, even though the template would name it otherwise.
      expect(await engine.movies.byFile(riddick)).toMatchObject({ id: 'tmdb:87421' })
      expect(await readFile(riddick, 'utf8')).toBe('riddick')

      const added = await log.next('VideoAdded', (event) => event.payload.movieId === 'tmdb:12313')
      expect(added.payload.path).toBe(join(sandbox.library, 'Rock Crystal (2004)', 'Rock Crystal (2004).mkv'))
      await watcher.idle()
      expect(await readdir(sandbox.incoming)).toEqual([])
    } finally {
      await watcher.close()
      await engine.close()
    }
  })

  it('does not search again for an unmatched file still waiting after a restart', async () => {
    const first = sandboxEngine(sandbox)
    const before = sandboxWatcher(sandbox, first)
    await before.start()
    const path = join(sandbox.incoming, 'Fight.Club.1975.mkv')
    await writeFile(path, 'which one?')
    const unmatched = await recordEvents(first).next('VideoOrganizeFailed')
    await before.close()
    await first.close()

    const engine = sandboxEngine(sandbox)
    const log = recordEvents(engine)
    const watcher = sandboxWatcher(sandbox, engine)
    try {
      await watcher.start()
      const again = await log.next('VideoOrganizeFailed')
      expect(again.payload).toMatchObject({ path, reason: 'unmatched', movieId: unmatched.payload.movieId })
      expect(log.of('MovieCreated')).toEqual([])
      expect((await engine.summary()).providerCalls.tmdb ?? 0).toBe(0)
      expect(await readFile(path, 'utf8')).toBe('which one?')
    } finally {
      await watcher.close()
      await engine.close()
    }
  })

  it('marks a movie whose unmatched file was deleted from incoming', async () => {
    const engine = sandboxEngine(sandbox)
    const log = recordEvents(engine)
    const watcher = sandboxWatcher(sandbox, engine)
    try {
      await watcher.start()
      const path = join(sandbox.incoming, 'Fight.Club.1975.mkv')
      await writeFile(path, 'which one?')
      const unmatched = await log.next('VideoOrganizeFailed')
      await rm(path)
      const removed = await log.next('VideoRemoved')
      expect(removed.payload).toEqual({ path, movieId: unmatched.payload.movieId })
      expect(await engine.movies.peek(unmatched.payload.movieId!)).toMatchObject({ match: { status: 'unmatched' }, fileMissingSince: expect.any(String) })
    } finally {
      await watcher.close()
      await engine.close()
    }
  })

  it('keeps a movie on its file when a second copy of it appears in the library, now and after a restart', async () => {
    const original = join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).mkv')
    const copy = join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999) {tmdb-550} copy.mkv')
    for (let run = 0; run < 2; run += 1) {
      const engine = sandboxEngine(sandbox)
      const log = recordEvents(engine)
      const watcher = sandboxWatcher(sandbox, engine)
      try {
        if (run === 0) {
          await watcher.start()
          await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'original')
          await log.next('VideoAdded')
          // The watcher watches the folder it just made once the file system has told it of that
          // folder: a file written there before then is seen by the next scan only (run 1 checks it).
          await sleep(300)
          await watcher.idle()
          await writeFile(copy, 'copy')
        } else {
          const scan = await watcher.start()
          expect(scan.adopted).toMatchObject([{ status: 'failed', reason: 'duplicate', path: copy, movieId: 'tmdb:550' }])
        }
        const duplicate = await log.next('VideoOrganizeFailed')
        expect(duplicate.payload).toMatchObject({ path: copy, reason: 'duplicate', code: 'CINELAYER_ERR_WATCHER_DUPLICATE', movieId: 'tmdb:550' })
        expect(await engine.movies.byFile(original)).toMatchObject({ id: 'tmdb:550' })
        expect(await engine.movies.byFile(copy)).toBeNull()
      } finally {
        await watcher.close()
        await engine.close()
      }
    }
  })
})
