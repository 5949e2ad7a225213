import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createManualClock } from '@cinelayer/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOCK_FILE_NAME, StorageLockedError, acquireWriterLock, createStores, openDataFolder } from '../src/index.js'
import { type Child, startChild } from './child-process.js'
import { temporaryFolder } from './drivers.js'
import { T0, movie } from './records.js'

/** The pid of a process that has exited: nothing runs under it (until the system reuses it). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

describe('writer lock', () => {
  let folder: { path: string; remove: () => Promise<void> }
  let base: string
  let lockPath: string
  const children: Child[] = []

  beforeEach(async () => {
    folder = await temporaryFolder()
    base = join(folder.path, 'store')
    lockPath = join(base, LOCK_FILE_NAME)
  })
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL')
      await child.exited
    }
    await folder.remove()
  })

  it('writes pid, host and start time, refuses a second holder in this process, and goes on release', async () => {
    const lock = acquireWriterLock(base, { clock: createManualClock(T0) })
    const content = JSON.parse(await readFile(lockPath, 'utf8')) as Record<string, unknown>
    expect(content).toMatchObject({ pid: process.pid, hostname: hostname(), startedAt: new Date(T0).toISOString() })
    expect(lock.owner).toEqual({ pid: process.pid, hostname: hostname(), startedAt: new Date(T0).toISOString() })
    expect(lock.recovered).toBeNull()
    const error = (() => {
      try {
        acquireWriterLock(base)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StorageLockedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_LOCKED', details: { folder: base, pid: process.pid } })
    expect((error as Error).message).toContain(base)
    await lock.release()
    await lock.release()
    expect(existsSync(lockPath)).toBe(false)
    await acquireWriterLock(base).release()
  })

  it('takes over the stale lock of a dead process of this host', async () => {
    const pid = deadPid()
    await acquireWriterLock(base).release()
    await writeFile(lockPath, JSON.stringify({ pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'dead' }))
    const lock = acquireWriterLock(base)
    expect(lock.recovered).toEqual({ pid, hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' })
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid })
    await lock.release()
  })

  it('takes over a lock whose pid now belongs to another process (pid reused)', async () => {
    await acquireWriterLock(base).release()
    // pid 1 is alive, but it did not start at tick 1: the process that wrote this lock is gone.
    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: hostname(), startedAt: 'then', token: 'old', processStart: 1 }))
    const lock = acquireWriterLock(base)
    expect(lock.recovered).toMatchObject({ pid: 1 })
    await lock.release()
  })

  it('respects a live process, and any process of another host', async () => {
    await acquireWriterLock(base).release()
    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: hostname(), startedAt: 'then', token: 'live' }))
    expect(() => acquireWriterLock(base)).toThrow(StorageLockedError)
    await writeFile(lockPath, JSON.stringify({ pid: deadPid(), hostname: 'elsewhere.example', startedAt: 'then', token: 'remote' }))
    expect(() => acquireWriterLock(base)).toThrow(/on elsewhere\.example/)
  })

  it('an unreadable lock file is respected while fresh, taken over once old', async () => {
    await acquireWriterLock(base).release()
    await writeFile(lockPath, '')
    expect(() => acquireWriterLock(base)).toThrow(StorageLockedError)
    const old = new Date(Date.now() - 60_000)
    await utimes(lockPath, old, old)
    const lock = acquireWriterLock(base)
    expect(lock.recovered?.hostname).toMatch(/unreadable/)
    await lock.release()
  })

  it('release leaves a lock that is no longer its own', async () => {
    const lock = acquireWriterLock(base)
    const other = JSON.stringify({ pid: 1, hostname: hostname(), startedAt: 'later', token: 'someone-else' })
    await writeFile(lockPath, other)
    await lock.release()
    expect(await readFile(lockPath, 'utf8')).toBe(other)
  })

  describe('two processes on one fs folder', { timeout: 30_000 }, () => {
    it('the second gets CINELAYER_ERR_STORAGE_LOCKED, can read beside the writer, and writes once the first closed', async () => {
      const writer = await startChild('hold-lock', [base])
      children.push(writer)
      await writer.waitFor(/^locked /)
      writer.send('put 550')
      await writer.waitFor(/^put 550/)

      const refused = (() => {
        try {
          openDataFolder(base, { store: 'fs' })
        } catch (error) {
          return error
        }
      })()
      expect(refused).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_LOCKED', details: { pid: writer.pid, hostname: hostname() } })

      const second = await startChild('hold-lock', [base])
      children.push(second)
      expect(await second.waitFor(/^refused /)).toBe('refused CINELAYER_ERR_STORAGE_LOCKED')

      const reader = openDataFolder(base, { store: 'fs', readOnly: true })
      expect(await createStores(reader.storage).movies.get('tmdb:550')).toEqual(movie(550))
      await expect(createStores(reader.storage).movies.put(movie(603))).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ_ONLY' })
      await reader.close()

      writer.send('close')
      await writer.waitFor(/^closed/)
      const after = openDataFolder(base, { store: 'fs' })
      const stores = createStores(after.storage)
      await stores.movies.put(movie(603))
      expect(await stores.movies.ids()).toEqual(['tmdb:550', 'tmdb:603'])
      await after.close()
    })

    it('a writer killed with SIGKILL leaves a stale lock the next one recovers, records intact', async () => {
      const writer = await startChild('hold-lock', [base])
      children.push(writer)
      await writer.waitFor(/^locked /)
      for (const id of [1, 2, 3]) {
        writer.send(`put ${id}`)
        await writer.waitFor(new RegExp(`^put ${id}$`))
      }
      writer.kill('SIGKILL')
      await writer.exited
      const next = openDataFolder(base, { store: 'fs' })
      expect(next.lock?.recovered).toMatchObject({ pid: writer.pid, hostname: hostname() })
      const stores = createStores(next.storage)
      expect(await stores.movies.ids()).toEqual(['tmdb:1', 'tmdb:2', 'tmdb:3'])
      expect((await stores.validate()).ok).toBe(true)
      await next.close()
    })

    it('processes racing for one stale lock: exactly one takes it', async () => {
      await acquireWriterLock(base).release()
      await writeFile(lockPath, JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: 'then', token: 'dead' }))
      const racers = await Promise.all(Array.from({ length: 4 }, () => startChild('race-lock', [base])))
      children.push(...racers)
      await Promise.all(racers.map((racer) => racer.waitFor(/^ready$/)))
      for (const racer of racers) racer.send('go')
      const outcomes = await Promise.all(racers.map((racer) => racer.waitFor(/^(won|lost)/)))
      expect(outcomes.filter((outcome) => outcome.startsWith('won'))).toHaveLength(1)
      expect(outcomes.filter((outcome) => outcome === 'lost CINELAYER_ERR_STORAGE_LOCKED')).toHaveLength(3)
    })
  })
})
