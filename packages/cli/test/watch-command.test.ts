import { access, mkdir, readdir, writeFile } from 'node:fs/promises'
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

  it('refuses overlapping folders as a usage error', async () => {
    const result = await work.run(['watch', 'incoming', 'incoming/library'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_WATCHER_OPTIONS_INVALID: /)
  })
})
