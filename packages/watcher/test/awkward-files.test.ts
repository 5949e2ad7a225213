import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ResolveInvalidError, type WatcherFileSystem, nodeFileSystem } from '../src/index.js'
import { type EventLog, type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher } from './helpers.js'

const fightClub = join('Fight Club (1999)', 'Fight Club (1999).mkv')

function failing(code: string): never {
  throw Object.assign(new Error(`${code}: simulated`), { code })
}

/** Node's fs, except that incoming is on another device than the library: link and rename out of it answer EXDEV. */
function otherDevice(sandbox: Sandbox): WatcherFileSystem {
  const across = (from: string) => from.startsWith(sandbox.incoming)
  return {
    ...nodeFileSystem,
    link: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.link(from, to)),
    rename: async (from, to) => (across(from) ? failing('EXDEV') : nodeFileSystem.rename(from, to)),
  }
}

describe('organizing awkward files', () => {
  let sandbox: Sandbox
  let engine: MovieEngine
  let log: EventLog

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
    log = recordEvents(engine)
    await mkdir(sandbox.incoming, { recursive: true })
  })

  afterEach(async () => {
    await engine.close()
    await sandbox.cleanup()
  })

  async function organize(name: string, fs?: WatcherFileSystem, hash = false) {
    const watcher = sandboxWatcher(sandbox, engine, { ...(fs ? { fs } : {}), hash })
    const path = join(sandbox.incoming, name)
    await writeFile(path, 'the movie')
    try {
      return { path, outcome: await watcher.organize(path) }
    } finally {
      await watcher.close()
    }
  }

  it('copies across devices, checks the copy, then removes the source', async () => {
    const { path, outcome } = await organize('Fight.Club.1999.mkv', otherDevice(sandbox), true)
    expect(outcome).toMatchObject({ status: 'organized', method: 'copy', path: join(sandbox.library, fightClub), from: path })
    expect(await readFile(join(sandbox.library, fightClub), 'utf8')).toBe('the movie')
    expect(await readdir(sandbox.incoming)).toEqual([])
    expect(await readdir(join(sandbox.library, 'Fight Club (1999)'))).toEqual(['Fight Club (1999).mkv'])
  })

  it('keeps the source and leaves nothing in the library when a copy comes out short', async () => {
    const shortCopy: WatcherFileSystem = {
      ...otherDevice(sandbox),
      copyFile: async (_from, to) => writeFile(to, 'the mov', { flag: 'wx' }),
    }
    const { path, outcome } = await organize('Fight.Club.1999.mkv', shortCopy)
    expect(outcome).toMatchObject({ status: 'failed', reason: 'copy-mismatch', movieId: 'tmdb:550' })
    const failed = log.of('VideoOrganizeFailed')[0]!.payload
    expect(failed).toMatchObject({ path, reason: 'copy-mismatch', code: 'CINELAYER_ERR_WATCHER_COPY_MISMATCH' })
    expect(failed.message).toMatch(/7 bytes, the source 9/)
    expect(await readFile(path, 'utf8')).toBe('the movie')
    expect(await readdir(sandbox.library, { recursive: true })).toEqual([])
    expect(await engine.movies.byFile(path)).toMatchObject({ id: 'tmdb:550' })
  })

  it('never leaves the library through "../" in a name', async () => {
    // On POSIX a backslash is an ordinary character: this is one file in incoming.
    const { outcome } = await organize('..\\..\\Fight.Club.1999.mkv')
    expect(outcome).toMatchObject({ status: 'organized', path: join(sandbox.library, fightClub) })
    expect(await readdir(sandbox.root)).toEqual(expect.arrayContaining(['incoming', 'library']))
    expect((await readdir(sandbox.root)).sort()).toEqual(['data', 'incoming', 'library'])
  })

  it('reports a name that is only a year without guessing', async () => {
    const { path, outcome } = await organize('1999.mkv')
    expect(outcome).toMatchObject({ status: 'failed', reason: 'match-failed' })
    const failed = log.of('VideoOrganizeFailed')[0]!.payload
    expect(failed).toMatchObject({ path, code: 'CINELAYER_ERR_WATCHER_MATCH_FAILED' })
    expect(failed.message).toContain('matching it as "1999" failed')
    expect(log.of('VideoMatched')).toEqual([])
    expect(await readFile(path, 'utf8')).toBe('the movie')
  })

  it('reports a name without any title, and keeps the file', async () => {
    const { path, outcome } = await organize('[1080p].mkv')
    expect(outcome).toMatchObject({ status: 'failed', reason: 'unparseable' })
    expect(log.of('VideoOrganizeFailed')[0]!.payload).toMatchObject({ path, code: 'CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE' })
    expect(await readFile(path, 'utf8')).toBe('the movie')
  })

  it('matches a name that is only an id', async () => {
    const { outcome } = await organize('{tmdb-550}.mkv')
    expect(outcome).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: join(sandbox.library, fightClub) })
  })

  it('reads unicode names, in either normalization form', async () => {
    const { outcome } = await organize('搏击俱乐部.1999.{tmdb-550}.mkv')
    expect(outcome).toMatchObject({ status: 'organized', path: join(sandbox.library, fightClub) })
    const decomposed = await organize('Bergkristall.Gefu\u0308hrt.2004.{tmdb-12313}.mkv')
    expect(decomposed.outcome).toMatchObject({ status: 'organized', path: join(sandbox.library, 'Rock Crystal (2004)', 'Rock Crystal (2004).mkv') })
  })

  it('organizes a file whose name takes the full 255 bytes', async () => {
    const name = `Fight.Club.1999.{tmdb-550}.${'é'.repeat(112)}.mkv`
    expect(Buffer.byteLength(name)).toBe(255)
    const { path, outcome } = await organize(name)
    expect(outcome).toMatchObject({ status: 'organized', from: path, path: join(sandbox.library, fightClub) })
  })

  it('resolves a file by its path, and refuses what names no movie file', async () => {
    const watcher = sandboxWatcher(sandbox, engine)
    try {
      const path = join(sandbox.incoming, 'Fight.Club.1975.mkv')
      await writeFile(path, 'which one?')
      expect(await watcher.organize(path)).toMatchObject({ status: 'unmatched' })
      await expect(watcher.resolve(`local:${'0'.repeat(32)}`, 550)).rejects.toBeInstanceOf(ResolveInvalidError)
      await expect(watcher.resolve(join(sandbox.root, 'elsewhere.mkv'), 550)).rejects.toThrow(/is gone/)
      await expect(watcher.resolve(path, 0)).rejects.toMatchObject({ code: 'CINELAYER_ERR_ID_INVALID' })
      expect(await watcher.resolve(path, 550)).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: join(sandbox.library, fightClub) })
      await expect(watcher.resolve('tmdb:550', 12313)).rejects.toThrow(/already matched to tmdb:550/)
      // A file no movie has yet, waiting in incoming, is matched straight to the id given.
      const unknown = join(sandbox.incoming, 'mystery.mkv')
      await writeFile(unknown, 'mystery')
      expect(await watcher.resolve(unknown, 12313)).toMatchObject({ status: 'organized', movieId: 'tmdb:12313' })
    } finally {
      await watcher.close()
    }
  })
})
