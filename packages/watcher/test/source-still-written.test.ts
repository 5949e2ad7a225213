import { randomBytes } from 'node:crypto'
import { type FileHandle, appendFile, mkdir, open, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { moveFile } from '../src/file-mover.js'
import { isOpenForWriting } from '../src/open-writers.js'
import { type LibraryWatcher, type WatcherFileSystem, nodeFileSystem } from '../src/index.js'
import { type EventLog, type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher, sleep } from './helpers.js'

const onLinux = process.platform === 'linux'
const MiB = 1024 * 1024

function failing(code: string): never {
  throw Object.assign(new Error(`${code}: simulated`), { code })
}

/** Node's fs where incoming is another device than the library: link and rename out of it answer EXDEV. */
function otherDevice(sandbox: Sandbox, overrides: Partial<WatcherFileSystem> = {}): WatcherFileSystem {
  const across = (from: string) => from.startsWith(sandbox.incoming)
  return {
    ...nodeFileSystem,
    link: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.link(from, to)),
    rename: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.rename(from, to)),
    ...overrides,
  }
}

describe('isOpenForWriting (Linux /proc)', () => {
  let sandbox: Sandbox
  let handle: FileHandle | undefined

  beforeEach(async () => {
    sandbox = await createSandbox()
    await mkdir(sandbox.incoming, { recursive: true })
  })

  afterEach(async () => {
    await handle?.close()
    handle = undefined
    await sandbox.cleanup()
  })

  it.runIf(onLinux)('sees a file this process holds open for appending or read-write, not one open for reading', async () => {
    const path = join(sandbox.incoming, 'movie.mkv')
    await writeFile(path, 'bytes')
    expect(await isOpenForWriting(path)).toBe(false)
    handle = await open(path, 'r')
    expect(await isOpenForWriting(path)).toBe(false)
    await handle.close()
    for (const flags of ['a', 'r+'] as const) {
      handle = await open(path, flags)
      expect(await isOpenForWriting(path), flags).toBe(true)
      await handle.close()
    }
    handle = undefined
    expect(await isOpenForWriting(path)).toBe(false)
    expect(await isOpenForWriting(join(sandbox.incoming, 'missing.mkv'))).toBe(false)
  })

  it.runIf(onLinux)('finds the file through a renamed name and says nothing for a /proc it cannot read', async () => {
    const path = join(sandbox.incoming, 'movie.mkv.part')
    handle = await open(path, 'w')
    const renamed = join(sandbox.incoming, 'movie.mkv')
    await import('node:fs/promises').then(({ rename }) => rename(path, renamed))
    expect(await isOpenForWriting(renamed)).toBe(true)
    expect(await isOpenForWriting(renamed, join(sandbox.root, 'no-proc'))).toBeUndefined()
  })
})

describe('moveFile never removes a source that may still change', () => {
  let sandbox: Sandbox
  let source: string
  let target: string

  beforeEach(async () => {
    sandbox = await createSandbox()
    await mkdir(sandbox.incoming, { recursive: true })
    source = join(sandbox.incoming, 'movie.mkv')
    target = join(sandbox.library, 'Movie (2000)', 'Movie (2000).mkv')
    await writeFile(source, 'first half;')
  })

  afterEach(() => sandbox.cleanup())

  it('keeps the source and drops the copy when the source grew during the copy (no /proc to ask)', async () => {
    const fs = otherDevice(sandbox, {
      openForWriting: async () => undefined,
      // A writer that appends while the copy runs: the copy has the old bytes only.
      copyFile: async (from, to) => {
        await nodeFileSystem.copyFile(from, to)
        await appendFile(from, 'second half')
      },
    })
    const error = await moveFile(source, target, { fs, collision: 'suffix', hash: false }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_SOURCE_BUSY', reason: 'source-busy', details: { sizeBefore: 11, sizeAfter: 22 } })
    expect((error as Error).message).toContain('changed while it was copied')
    expect(await readFile(source, 'utf8')).toBe('first half;second half')
    expect(await readdir(join(sandbox.library, 'Movie (2000)'))).toEqual([])
  })

  it('keeps the source when it changed between the placed copy and its removal', async () => {
    let placed = false
    const fs = otherDevice(sandbox, {
      openForWriting: async () => undefined,
      link: async (from, to) => {
        if (from.startsWith(sandbox.incoming)) failing('EXDEV')
        await nodeFileSystem.link(from, to)
        // Same size, new bytes: only the modification time tells.
        if (to === target && !placed) {
          placed = true
          await sleep(20)
          await writeFile(source, 'FIRST HALF;')
        }
      },
    })
    const error = await moveFile(source, target, { fs, collision: 'suffix', hash: false }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_SOURCE_BUSY' })
    expect(await readFile(source, 'utf8')).toBe('FIRST HALF;')
    expect(await readdir(join(sandbox.library, 'Movie (2000)'))).toEqual([])
  })

  it.runIf(onLinux)('does not start a move while a process holds the source open for writing', async () => {
    const copies: string[] = []
    const fs = otherDevice(sandbox, { copyFile: async (from, to) => void copies.push(to) })
    const writer = await open(source, 'a')
    try {
      const error = await moveFile(source, target, { fs, collision: 'suffix', hash: false }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_SOURCE_BUSY' })
      expect((error as Error).message).toContain('open for writing')
      expect(copies).toEqual([])
    } finally {
      await writer.close()
    }
    expect(await moveFile(source, target, { fs: otherDevice(sandbox), collision: 'suffix', hash: true })).toMatchObject({ method: 'copy' })
    expect(await readFile(target, 'utf8')).toBe('first half;')
  })
})

describe.runIf(onLinux)('a download that pauses longer than stableMs, incoming and library on two devices', () => {
  let sandbox: Sandbox
  let engine: MovieEngine
  let log: EventLog
  let watcher: LibraryWatcher
  let writer: FileHandle | undefined

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
    log = recordEvents(engine)
  })

  afterEach(async () => {
    await writer?.close()
    writer = undefined
    await watcher.close()
    await engine.close()
    await sandbox.cleanup()
  })

  it('keeps every byte: the paused file stays in incoming until its writer is done, then moves whole', async () => {
    watcher = sandboxWatcher(sandbox, engine, { fs: otherDevice(sandbox), stableMs: 120, pollMs: 30 })
    await watcher.start()
    const path = join(sandbox.incoming, 'Fight.Club.1999.1080p.BluRay.x264.mkv')
    const first = randomBytes(MiB)
    const second = randomBytes(MiB)
    writer = await open(path, 'a')
    await writer.write(first)
    // The pause: longer than stableMs, the file still open.
    const busy = await log.next('VideoOrganizeFailed')
    expect(busy.payload).toMatchObject({ path, reason: 'source-busy', code: 'CINELAYER_ERR_WATCHER_SOURCE_BUSY' })
    expect((await stat(path)).size).toBe(MiB)
    expect(await readdir(sandbox.library, { recursive: true })).toEqual([])
    await writer.write(second)
    await writer.close()
    writer = undefined
    const added = await log.next('VideoAdded')
    const placed = join(sandbox.library, 'Fight Club (1999)', 'Fight Club (1999).mkv')
    expect(added.payload).toMatchObject({ path: placed, from: path })
    expect((await readFile(placed)).equals(Buffer.concat([first, second]))).toBe(true)
    expect(await readdir(sandbox.incoming)).toEqual([])
  })

  it('tries a busy file again after busyRetryMs when its writer closes without writing more', async () => {
    watcher = sandboxWatcher(sandbox, engine, { fs: otherDevice(sandbox), stableMs: 120, pollMs: 30, busyRetryMs: 200 })
    await watcher.start()
    const path = join(sandbox.incoming, 'Fight.Club.1999.mkv')
    writer = await open(path, 'a')
    await writer.write('the whole movie')
    await log.next('VideoOrganizeFailed')
    // idle() does not wait for the retry: `watch --once` can end and say what is left.
    await watcher.idle()
    await writer.close()
    writer = undefined
    const added = await log.next('VideoAdded')
    expect(await readFile(added.payload.path, 'utf8')).toBe('the whole movie')
  })
})
