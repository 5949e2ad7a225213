import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedIncoming, startFileWatcherDemo } from '../src/file-watcher-demo.js'

describe('the file-watcher example', () => {
  let root: string

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cinelayer-example-watcher-'))
  })

  afterEach(() => rm(root, { recursive: true, force: true }))

  it('organizes the sample releases and leaves the unmatched one in incoming, narrating each step', async () => {
    const lines: string[] = []
    const demo = await startFileWatcherDemo({
      incoming: join(root, 'incoming'),
      library: join(root, 'library'),
      dataDir: join(root, '.cinelayer'),
      say: (line) => lines.push(line),
      stableMs: 100,
    })
    try {
      await seedIncoming(join(root, 'incoming'))
      const left = new Promise((resolve) => demo.engine.bus.on('VideoOrganizeFailed', resolve))
      const added: string[] = []
      const both = new Promise<void>((resolve) =>
        demo.engine.bus.on('VideoAdded', ({ payload }) => {
          added.push(payload.path)
          if (added.length === 2) resolve()
        }),
      )
      await Promise.all([left, both])
      await demo.watcher.idle()
      expect((await readdir(join(root, 'library'), { recursive: true })).sort()).toEqual([
        'Fight Club (1999)',
        'Fight Club (1999)/Fight Club (1999).en.srt',
        'Fight Club (1999)/Fight Club (1999).mkv',
        'Riddick (2013)',
        'Riddick (2013)/Riddick (2013).mkv',
      ])
      expect(await readdir(join(root, 'incoming'))).toEqual(['Fight.Club.1975.DVDRip.avi'])
      expect(lines.filter((line) => line.includes('organized'))).toHaveLength(2)
      expect(lines.some((line) => line.includes('unmatched: No TMDB movie is a sure match for "Fight Club" (1975)'))).toBe(true)
    } finally {
      await demo.stop()
    }
  })
})
