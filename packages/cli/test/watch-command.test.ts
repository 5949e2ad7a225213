import { access, mkdir, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AnyCinelayerEvent } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace
let incoming: string
let library: string

beforeEach(async () => {
  work = await createWorkspace()
  incoming = join(work.dir, 'incoming')
  library = join(work.dir, 'library')
  await mkdir(incoming)
})

afterEach(async () => {
  await work.cleanup()
})

describe('cinelayer watch', () => {
  it('--once organizes what waits in incoming, then exits', async () => {
    await writeFile(join(incoming, 'Fight.Club.1999.1080p.BluRay.x264-GROUP.mkv'), 'video bytes')
    const result = await work.run(['watch', 'incoming', 'library', '--once', '--stable-ms', '0'])
    expect(result.code, result.stderr).toBe(0)
    const target = join(library, 'Fight Club (1999)', 'Fight Club (1999).mkv')
    expect(result.stdout).toContain(`added    ${join(incoming, 'Fight.Club.1999.1080p.BluRay.x264-GROUP.mkv')} → ${target} (tmdb:550)`)
    await access(target)
    expect(await readdir(incoming)).toEqual([])
    const { body } = await work.json<{ filePath?: string }>(['get', 'tmdb:550', '--peek'])
    expect(body.filePath).toBe(target)
  })

  it('runs in the foreground until stopped, printing the file events as JSON lines', async () => {
    const watcher = work.spawn(['watch', 'incoming', 'library', '--stable-ms', '50', '--json'])
    try {
      await watcher.waitFor(/Watching /, { stream: 'stderr' })
      await writeFile(join(incoming, 'Fight.Club.1999.mkv'), 'video bytes')
      await watcher.waitFor(/"VideoAdded"/)
      const events = watcher.stdout.trim().split('\n').map((line) => JSON.parse(line) as AnyCinelayerEvent)
      expect(events.every((event) => event.category === 'fs')).toBe(true)
      expect(events.find((event) => event.type === 'VideoAdded')?.payload).toMatchObject({
        movieId: 'tmdb:550',
        path: join(library, 'Fight Club (1999)', 'Fight Club (1999).mkv'),
      })
    } finally {
      expect(await watcher.stop()).toBe(0)
    }
  })

  it('--once exits 1 when something failed: a symlink loop is one failure, reported once', async () => {
    await symlink('.', join(incoming, 'loop'))
    await writeFile(join(incoming, 'Fight.Club.1999.mkv'), 'video bytes')
    const result = await work.run(['watch', 'incoming', 'library', '--once', '--stable-ms', '0'])
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout.match(/failed /g)).toHaveLength(1)
    expect(result.stdout).toContain(`${join(incoming, 'loop')}: symlink: `)
    expect(result.stderr).toMatch(/CINELAYER_ERR_CLI_ITEMS_FAILED: watch --once: 1 of 2 items failed/)
    // What could be done was done.
    await access(join(library, 'Fight Club (1999)', 'Fight Club (1999).mkv'))
  })

  it('--once exits 1 for a file it had to leave unmatched, and says so with --json', async () => {
    await writeFile(join(incoming, 'Fight.Club.1975.mkv'), 'which one?')
    const result = await work.run(['watch', 'incoming', 'library', '--once', '--stable-ms', '0', '--json'])
    expect(result.code).toBe(1)
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type?: string; payload?: { reason?: string }; error?: { code?: string } })
    expect(events.find((event) => event.type === 'VideoOrganizeFailed')?.payload?.reason).toBe('unmatched')
    expect(result.stdout + result.stderr).toContain('CINELAYER_ERR_CLI_ITEMS_FAILED')
  })

  it('refuses overlapping folders as a usage error', async () => {
    const result = await work.run(['watch', 'incoming', 'incoming/library'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_WATCHER_OPTIONS_INVALID: /)
  })
})
