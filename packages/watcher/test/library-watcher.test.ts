import { appendFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryWatcher } from '../src/index.js'
import { type EventLog, type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher, sleep } from './helpers.js'

const fightClub = join('Fight Club (1999)', 'Fight Club (1999).mkv')

describe('createLibraryWatcher on a real file system', () => {
  let sandbox: Sandbox
  let engine: MovieEngine
  let log: EventLog
  let watcher: LibraryWatcher

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
    log = recordEvents(engine)
    watcher = sandboxWatcher(sandbox, engine)
  })

  afterEach(async () => {
    await watcher.close()
    await engine.close()
    await sandbox.cleanup()
  })

  it('picks up a file written slowly in chunks once, after it is complete', async () => {
    await watcher.close()
    // A window ten times the pauses between chunks: a loaded machine must not make a pause look like the end.
    watcher = sandboxWatcher(sandbox, engine, { stableMs: 400, pollMs: 50 })
    await watcher.start()
    const path = join(sandbox.incoming, 'Fight.Club.1999.1080p.BluRay.x264.mkv')
    const chunk = 'x'.repeat(64 * 1024)
    for (let i = 0; i < 8; i += 1) {
      await appendFile(path, chunk)
      await sleep(40)
    }
    const added = await log.next('VideoAdded')
    const detected = log.of('VideoFileDetected')
    expect(detected).toHaveLength(1)
    // Detected with its final size: never while chunks were still arriving.
    expect(detected[0]!.payload.size).toBe(8 * chunk.length)
    expect(added.payload).toMatchObject({ path: join(sandbox.library, fightClub), movieId: 'tmdb:550', from: path })
    expect((await stat(join(sandbox.library, fightClub))).size).toBe(8 * chunk.length)
    await watcher.idle()
    expect(log.of('VideoAdded')).toHaveLength(1)
    expect(await engine.movies.peek('tmdb:550')).toMatchObject({ filePath: join(sandbox.library, fightClub), match: { status: 'matched', score: 1 } })
    const matched = log.of('VideoMatched')[0]!
    expect(matched.payload).toMatchObject({ movieId: 'tmdb:550', score: 1, via: 'search', candidates: [{ tmdb: 550, title: 'Fight Club', year: 1999 }] })
  })

  it('moves sidecars with their video and removes the emptied release folder from incoming', async () => {
    const release = join(sandbox.incoming, 'Fight.Club.1999.1080p.BluRay.x264-GRP')
    await mkdir(release, { recursive: true })
    await writeFile(join(release, 'Fight.Club.1999.1080p.BluRay.x264-GRP.en.srt'), 'subtitles')
    await writeFile(join(release, 'Fight.Club.1999.1080p.BluRay.x264-GRP.nfo'), 'nfo')
    await writeFile(join(release, 'Fight.Club.1999.1080p.BluRay.x264-GRP.mkv'), 'video')
    await watcher.start()
    const added = await log.next('VideoAdded')
    const folder = join(sandbox.library, 'Fight Club (1999)')
    expect(added.payload.sidecars?.sort()).toEqual([join(folder, 'Fight Club (1999).en.srt'), join(folder, 'Fight Club (1999).nfo')])
    expect((await readdir(folder)).sort()).toEqual(['Fight Club (1999).en.srt', 'Fight Club (1999).mkv', 'Fight Club (1999).nfo'])
    expect(await readFile(join(folder, 'Fight Club (1999).en.srt'), 'utf8')).toBe('subtitles')
    await watcher.idle()
    expect(await readdir(sandbox.incoming)).toEqual([])
  })

  it('lets a subtitle that arrives after its video follow it', async () => {
    await watcher.start()
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'video')
    await log.next('VideoAdded')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.fr.srt'), 'sous-titres')
    const placed = join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).fr.srt')
    for (let i = 0; i < 100 && !(await stat(placed).catch(() => null)); i += 1) await sleep(20)
    expect(await readFile(placed, 'utf8')).toBe('sous-titres')
  })

  it('never overwrites: a second copy gets a suffix, or stays in incoming with "skip"', async () => {
    await watcher.start()
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'first')
    await log.next('VideoAdded')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.REPACK.mkv'), 'second')
    const second = await log.next('VideoAdded', (event) => event.payload.from?.includes('REPACK') ?? false)
    expect(second.payload.path).toBe(join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999) (2).mkv'))
    expect(await readFile(join(sandbox.library, fightClub), 'utf8')).toBe('first')
    await watcher.close()

    const skipping = sandboxWatcher(sandbox, engine, { onCollision: 'skip' })
    try {
      await skipping.start()
      const third = join(sandbox.incoming, 'Fight.Club.1999.PROPER.mkv')
      await writeFile(third, 'third')
      const failed = await log.next('VideoOrganizeFailed', (event) => event.payload.path === third)
      expect(failed.payload).toMatchObject({ reason: 'collision', code: 'CINELAYER_ERR_WATCHER_COLLISION', movieId: 'tmdb:550' })
      expect(failed.payload.message).toContain('Fight Club (1999).mkv')
      expect(await readFile(third, 'utf8')).toBe('third')
      expect(await readFile(join(sandbox.library, fightClub), 'utf8')).toBe('first')
    } finally {
      await skipping.close()
    }
  })

  it('leaves an unmatched file in incoming with a local movie and its candidates, until resolved by id', async () => {
    await watcher.start()
    const path = join(sandbox.incoming, 'Fight.Club.1975.mkv')
    await writeFile(path, 'which one?')
    const failed = await log.next('VideoOrganizeFailed')
    expect(failed.payload).toMatchObject({ path, reason: 'unmatched' })
    expect(failed.payload.message).toContain('tmdb:550')
    const localId = failed.payload.movieId!
    expect(localId).toMatch(/^local:[a-f0-9]+$/)
    const local = await engine.movies.peek(localId)
    expect(local).toMatchObject({ level: 'initial', filePath: path, match: { status: 'unmatched' } })
    expect(local!.match!.candidates!.map((candidate) => candidate.tmdb)).toContain(550)
    expect(await readFile(path, 'utf8')).toBe('which one?')
    expect(log.of('VideoMatched')).toEqual([])

    const outcome = await watcher.resolve(localId, 550)
    expect(outcome).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: join(sandbox.library, fightClub) })
    expect(log.of('VideoMatched').at(-1)!.payload).toMatchObject({ path, movieId: 'tmdb:550', score: 1, via: 'manual' })
    // Named by TMDB's title and year, not the file's 1975.
    expect(await readFile(join(sandbox.library, fightClub), 'utf8')).toBe('which one?')
    expect((await engine.movies.peek(localId))?.id).toBe('tmdb:550')
  })

  it('marks the movie when its library file is deleted, keeping what it knows', async () => {
    await watcher.start()
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'video')
    await log.next('VideoAdded')
    await engine.movies.get('tmdb:550', { level: 'basic' })
    // The watcher watches the folder the file was placed in once the file system has told it of
    // that folder: a deletion before then is a deletion it never sees.
    await sleep(300)
    await watcher.idle()
    await rm(join(sandbox.library, fightClub))
    const removed = await log.next('VideoRemoved')
    expect(removed.payload).toEqual({ path: join(sandbox.library, fightClub), movieId: 'tmdb:550' })
    const movie = await engine.movies.peek('tmdb:550')
    expect(movie).toMatchObject({ level: 'basic', title: 'Fight Club', fileMissingSince: '2026-11-21T00:00:00.000Z' })
    expect(movie?.filePath).toBeUndefined()
    expect(movie?.overview).toEqual(expect.any(String))
  })

  it('ignores hidden and partial files, and takes the file once its download is renamed', async () => {
    await watcher.start()
    await writeFile(join(sandbox.incoming, '.Fight.Club.1999.mkv'), 'hidden')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv.part'), 'partial')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv.!qB'), 'partial')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.crdownload'), 'partial')
    await sleep(300)
    await watcher.idle()
    expect(log.of('VideoFileDetected')).toEqual([])
    await rename(join(sandbox.incoming, 'Fight.Club.1999.mkv.part'), join(sandbox.incoming, 'Fight.Club.1999.mkv'))
    await log.next('VideoAdded')
    expect((await readdir(sandbox.incoming)).sort()).toEqual(['.Fight.Club.1999.mkv', 'Fight.Club.1999.crdownload', 'Fight.Club.1999.mkv.!qB'])
  })

  it('reads an id in the name first and names the file from TMDB', async () => {
    await watcher.start()
    await writeFile(join(sandbox.incoming, 'Bergkristall {tmdb-12313}.mkv'), 'video')
    const added = await log.next('VideoAdded')
    expect(added.payload.path).toBe(join(sandbox.library, 'Rock Crystal (2004)', 'Rock Crystal (2004).mkv'))
    expect(log.of('VideoMatched')[0]!.payload).toMatchObject({ movieId: 'tmdb:12313', score: 1, via: 'id' })
  })
})
