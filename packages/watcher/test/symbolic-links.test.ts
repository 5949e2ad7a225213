import { mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryWatcher } from '../src/index.js'
import { type EventLog, type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher, sleep } from './helpers.js'

/** Real symbolic links in a real temporary folder: none is followed, none is moved, each is reported once. */
describe('symbolic links in the watched folders', () => {
  let sandbox: Sandbox
  let engine: MovieEngine
  let log: EventLog
  let watcher: LibraryWatcher
  let outside: string
  const errors: unknown[] = []

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
    log = recordEvents(engine)
    outside = join(sandbox.root, 'outside')
    await mkdir(outside)
    await mkdir(sandbox.incoming)
    errors.length = 0
    watcher = sandboxWatcher(sandbox, engine, { onError: (error) => errors.push(error) })
  })

  afterEach(async () => {
    await watcher.close()
    await engine.close()
    await sandbox.cleanup()
  })

  const symlinkEvents = () => log.of('VideoOrganizeFailed').filter((event) => event.payload.reason === 'symlink')

  it('does not pull a file from outside incoming through a linked folder', async () => {
    await writeFile(join(outside, 'Fight.Club.1999.mkv'), 'not yours')
    await symlink(outside, join(sandbox.incoming, 'linked'))
    const scan = await watcher.start()
    await watcher.idle()
    expect(scan.incoming).toEqual([])
    expect(scan.symlinks).toEqual([join(sandbox.incoming, 'linked')])
    expect(symlinkEvents().map((event) => event.payload)).toEqual([
      expect.objectContaining({ path: join(sandbox.incoming, 'linked'), code: 'CINELAYER_ERR_WATCHER_SYMLINK' }),
    ])
    expect(await readFile(join(outside, 'Fight.Club.1999.mkv'), 'utf8')).toBe('not yours')
    expect(await readdir(sandbox.library)).toEqual([])
    // Asked by name, a path through the link is refused too.
    const outcome = await watcher.organize(join(sandbox.incoming, 'linked', 'Fight.Club.1999.mkv'))
    expect(outcome).toMatchObject({ status: 'failed', reason: 'symlink' })
    expect(await readFile(join(outside, 'Fight.Club.1999.mkv'), 'utf8')).toBe('not yours')
    // Nor matched by hand.
    expect(await watcher.resolve(join(sandbox.incoming, 'linked', 'Fight.Club.1999.mkv'), 550)).toMatchObject({ status: 'failed', reason: 'symlink' })
    expect(await readFile(join(outside, 'Fight.Club.1999.mkv'), 'utf8')).toBe('not yours')
    expect(await readdir(sandbox.library)).toEqual([])
    expect(log.of('VideoAdded')).toEqual([])
  })

  it('leaves a relative file link where it is, still pointing at its file', async () => {
    await writeFile(join(outside, 'real.mkv'), 'the movie')
    const link = join(sandbox.incoming, 'Fight.Club.1999.mkv')
    await symlink('../outside/real.mkv', link)
    await watcher.start()
    await watcher.idle()
    expect(await watcher.organize(link)).toMatchObject({ status: 'failed', reason: 'symlink' })
    expect(await readlink(link)).toBe('../outside/real.mkv')
    expect(await readFile(link, 'utf8')).toBe('the movie')
    expect(await readdir(sandbox.library)).toEqual([])
    expect(symlinkEvents()).toHaveLength(1)
    expect(symlinkEvents()[0]!.payload.message).toContain(join(outside, 'real.mkv'))
  })

  it('reports a link arriving while watching once, and never follows it', async () => {
    await watcher.start()
    await writeFile(join(outside, 'Fight.Club.1999.mkv'), 'not yours')
    await symlink(outside, join(sandbox.incoming, 'late-folder'))
    await symlink(join(outside, 'Fight.Club.1999.mkv'), join(sandbox.incoming, 'Fight.Club.1999.mkv'))
    await log.next('VideoOrganizeFailed', (event) => event.payload.path.endsWith('late-folder'))
    await log.next('VideoOrganizeFailed', (event) => event.payload.path.endsWith('Fight.Club.1999.mkv'))
    await sleep(300)
    await watcher.idle()
    expect(symlinkEvents()).toHaveLength(2)
    expect(log.of('VideoAdded')).toEqual([])
    expect(await readFile(join(outside, 'Fight.Club.1999.mkv'), 'utf8')).toBe('not yours')
    expect(errors).toEqual([])
  })

  it('reports a loop once: one event, no error, no walk to the depth limit', async () => {
    await symlink('.', join(sandbox.incoming, 'self'))
    await symlink('b', join(sandbox.incoming, 'a'))
    await symlink('a', join(sandbox.incoming, 'b'))
    await mkdir(sandbox.library)
    await symlink('..', join(sandbox.library, 'up'))
    const scan = await watcher.start()
    await sleep(300)
    await watcher.idle()
    expect(scan.incoming).toEqual([])
    expect(scan.symlinks.sort()).toEqual([join(sandbox.incoming, 'a'), join(sandbox.incoming, 'b'), join(sandbox.incoming, 'self'), join(sandbox.library, 'up')].sort())
    expect(symlinkEvents().map((event) => event.payload.path).sort()).toEqual(scan.symlinks.sort())
    expect(symlinkEvents().find((event) => event.payload.path.endsWith('/a'))!.payload.message).toContain('loops or dangles')
    expect(log.of('VideoFileDetected')).toEqual([])
    expect(errors).toEqual([])
    // A second scan finds them again but does not report them again.
    expect((await watcher.scan()).symlinks).toHaveLength(4)
    expect(symlinkEvents()).toHaveLength(4)
  })

  it('does not move a subtitle link with its video', async () => {
    await writeFile(join(outside, 'subs.srt'), 'subtitles')
    await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'the movie')
    await symlink('../outside/subs.srt', join(sandbox.incoming, 'Fight.Club.1999.en.srt'))
    const outcome = await watcher.organize(join(sandbox.incoming, 'Fight.Club.1999.mkv'))
    expect(outcome).toMatchObject({ status: 'organized', sidecars: [] })
    expect(await readFile(join(sandbox.incoming, 'Fight.Club.1999.en.srt'), 'utf8')).toBe('subtitles')
  })
})

describe('an incoming folder that is itself a link', () => {
  it('is watched through the link: the folder configured is a link the user made, not one found inside', async () => {
    const sandbox = await createSandbox()
    const engine = sandboxEngine(sandbox)
    const log = recordEvents(engine)
    const real = join(sandbox.root, 'ssd-incoming')
    await mkdir(real)
    await symlink(real, sandbox.incoming)
    const watcher = sandboxWatcher(sandbox, engine)
    try {
      await watcher.start()
      await writeFile(join(sandbox.incoming, 'Fight.Club.1999.mkv'), 'the movie')
      const added = await log.next('VideoAdded')
      expect(added.payload).toMatchObject({ from: join(sandbox.incoming, 'Fight.Club.1999.mkv'), movieId: 'tmdb:550' })
      expect(await readFile(join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).mkv'), 'utf8')).toBe('the movie')
      expect(await readdir(real)).toEqual([])
      expect(log.of('VideoOrganizeFailed')).toEqual([])
    } finally {
      await watcher.close()
      await engine.close()
      await sandbox.cleanup()
    }
  })
})
