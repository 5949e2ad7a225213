import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { moveFile } from '../src/file-mover.js'
import { OrganizeFailedError, type WatcherFileSystem, nodeFileSystem } from '../src/index.js'
import { type Sandbox, createSandbox } from './helpers.js'

function failing(code: string): never {
  throw Object.assign(new Error(`${code}: simulated`), { code })
}

describe('moveFile', () => {
  let sandbox: Sandbox
  let source: string
  let target: string

  beforeEach(async () => {
    sandbox = await createSandbox()
    await mkdir(sandbox.incoming, { recursive: true })
    source = join(sandbox.incoming, 'movie.mkv')
    target = join(sandbox.library, 'Movie (2000)', 'Movie (2000).mkv')
    await writeFile(source, 'original bytes')
  })

  afterEach(() => sandbox.cleanup())

  /** Node's fs where crossing from incoming answers EXDEV, as a second device would. */
  function acrossDevices(overrides: Partial<WatcherFileSystem> = {}): WatcherFileSystem {
    const across = (from: string) => from.startsWith(sandbox.incoming)
    return {
      ...nodeFileSystem,
      link: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.link(from, to)),
      rename: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.rename(from, to)),
      ...overrides,
    }
  }

  it('links on one device, creating the folder, and removes the old name', async () => {
    const result = await moveFile(source, target, { fs: nodeFileSystem, collision: 'suffix', hash: false })
    expect(result).toEqual({ to: target, method: 'link' })
    expect(await readFile(target, 'utf8')).toBe('original bytes')
    expect(await readdir(sandbox.incoming)).toEqual([])
  })

  it('renames after a check where the file system has no hard links', async () => {
    const noLinks = { ...nodeFileSystem, link: async () => failing('EPERM') }
    expect(await moveFile(source, target, { fs: noLinks, collision: 'suffix', hash: false })).toEqual({ to: target, method: 'rename' })
    await writeFile(source, 'second')
    const second = await moveFile(source, target, { fs: noLinks, collision: 'suffix', hash: false })
    expect(second).toEqual({ to: join(sandbox.library, 'Movie (2000)', 'Movie (2000) (2).mkv'), method: 'rename', collidedWith: target })
    expect(await readFile(target, 'utf8')).toBe('original bytes')
  })

  it('suffixes on a collision and never overwrites', async () => {
    await mkdir(join(sandbox.library, 'Movie (2000)'), { recursive: true })
    await writeFile(target, 'already there')
    await writeFile(join(sandbox.library, 'Movie (2000)', 'Movie (2000) (2).mkv'), 'also there')
    const result = await moveFile(source, target, { fs: nodeFileSystem, collision: 'suffix', hash: false })
    expect(result.to).toBe(join(sandbox.library, 'Movie (2000)', 'Movie (2000) (3).mkv'))
    expect(await readFile(target, 'utf8')).toBe('already there')
  })

  it('leaves the file where it was on a collision with "skip"', async () => {
    await mkdir(join(sandbox.library, 'Movie (2000)'), { recursive: true })
    await writeFile(target, 'already there')
    const error = await moveFile(source, target, { fs: nodeFileSystem, collision: 'skip', hash: false }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OrganizeFailedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_COLLISION', reason: 'collision' })
    expect(await readFile(source, 'utf8')).toBe('original bytes')
    expect(await readFile(target, 'utf8')).toBe('already there')
  })

  it('copies across devices through a hidden temporary name, then removes the source', async () => {
    const seen: string[] = []
    const fs = acrossDevices({
      copyFile: async (from, to) => {
        seen.push(to)
        await nodeFileSystem.copyFile(from, to)
      },
    })
    const result = await moveFile(source, target, { fs, collision: 'suffix', hash: true })
    expect(result).toEqual({ to: target, method: 'copy' })
    expect(seen[0]).toMatch(/\/\.cinelayer-[a-f0-9]{16}\.partial$/)
    expect(await readFile(target, 'utf8')).toBe('original bytes')
    expect(await readdir(sandbox.incoming)).toEqual([])
    expect(await readdir(join(sandbox.library, 'Movie (2000)'))).toEqual(['Movie (2000).mkv'])
  })

  it('catches a copy of the right size with other bytes only when hashing', async () => {
    const corrupt = acrossDevices({ copyFile: async (_from, to) => writeFile(to, 'ORIGINAL BYTES', { flag: 'wx' }) })
    const error = await moveFile(source, target, { fs: corrupt, collision: 'suffix', hash: true }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_COPY_MISMATCH', reason: 'copy-mismatch' })
    expect((error as Error).message).toContain('sha256')
    expect(await readFile(source, 'utf8')).toBe('original bytes')
    expect(await readdir(join(sandbox.library, 'Movie (2000)'))).toEqual([])
    // Size alone cannot see it: that is what the hash option is for.
    expect(await moveFile(source, target, { fs: corrupt, collision: 'suffix', hash: false })).toMatchObject({ method: 'copy' })
  })

  it('takes the copy back when the source cannot be removed, so the file is in one place', async () => {
    const stuck = acrossDevices({ unlink: async (path) => (path === source ? failing('EACCES') : nodeFileSystem.unlink(path)) })
    const error = await moveFile(source, target, { fs: stuck, collision: 'suffix', hash: false }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_MOVE_FAILED', reason: 'move-failed' })
    expect((error as Error).message).toContain('removing the source')
    expect((error as Error).cause).toMatchObject({ code: 'EACCES' })
    expect(await readFile(source, 'utf8')).toBe('original bytes')
    expect(await readdir(join(sandbox.library, 'Movie (2000)'))).toEqual([])
  })

  it('reports a source that cannot be read with its errno', async () => {
    const error = await moveFile(join(sandbox.incoming, 'gone.mkv'), target, { fs: nodeFileSystem, collision: 'suffix', hash: false }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_WATCHER_MOVE_FAILED', details: { step: 'reading the source', errno: 'ENOENT' } })
  })
})
