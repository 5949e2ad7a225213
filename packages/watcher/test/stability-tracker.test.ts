import { createManualTimer } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import type { FileFacts } from '../src/index.js'
import { StabilityTracker } from '../src/stability-tracker.js'

/** Files as the tracker sees them through its `stat` dependency: size and mtime, set by the test. */
function fakeFiles() {
  const files = new Map<string, FileFacts>()
  return {
    files,
    write(path: string, size: number, mtimeMs: number) {
      files.set(path, { size, mtimeMs, isFile: true, isDirectory: false })
    },
    stat: async (path: string) => files.get(path) ?? null,
  }
}

function tracker(stableMs = 1000, pollMs = 100) {
  const timer = createManualTimer()
  const disk = fakeFiles()
  const stable: { path: string; size: number; at: number }[] = []
  const errors: unknown[] = []
  const tracking = new StabilityTracker({
    stableMs,
    pollMs,
    timer,
    stat: disk.stat,
    onStable: (path, facts) => stable.push({ path, size: facts.size, at: timer.clock.now() - start }),
    onError: (_, error) => errors.push(error),
  })
  const start = timer.clock.now()
  return { timer, disk, stable, errors, tracking }
}

describe('StabilityTracker', () => {
  it('waits until size and mtime have not changed for the whole window, then reports the file once', async () => {
    const { timer, disk, stable, tracking } = tracker()
    disk.write('/in/a.mkv', 10, 1)
    tracking.touch('/in/a.mkv')
    for (let chunk = 2; chunk <= 6; chunk += 1) {
      await timer.advance(400)
      disk.write('/in/a.mkv', chunk * 10, chunk)
      tracking.touch('/in/a.mkv')
    }
    expect(stable).toEqual([])
    await timer.advance(900)
    expect(stable).toEqual([])
    await timer.advance(300)
    expect(stable).toEqual([{ path: '/in/a.mkv', size: 60, at: expect.any(Number) }])
    expect(stable[0]!.at).toBeGreaterThanOrEqual(2000 + 1000)
    await timer.advance(5000)
    expect(stable).toHaveLength(1)
    expect(tracking.pending).toBe(0)
  })

  it('sees a change of mtime at the same size as a change', async () => {
    const { timer, disk, stable, tracking } = tracker()
    disk.write('/in/b.mkv', 100, 1)
    tracking.touch('/in/b.mkv')
    await timer.advance(800)
    disk.write('/in/b.mkv', 100, 2)
    await timer.advance(800)
    expect(stable).toEqual([])
    await timer.advance(400)
    expect(stable.map((entry) => entry.path)).toEqual(['/in/b.mkv'])
  })

  it('forgets a file that disappears or is forgotten, and says when nothing is pending', async () => {
    const { timer, disk, stable, tracking } = tracker()
    const settled: number[] = []
    tracking.onSettled(() => settled.push(timer.clock.now()))
    disk.write('/in/c.mkv', 1, 1)
    disk.write('/in/d.mkv', 1, 1)
    tracking.touch('/in/c.mkv')
    tracking.touch('/in/d.mkv')
    expect(tracking.pending).toBe(2)
    disk.files.delete('/in/c.mkv')
    tracking.forget('/in/d.mkv')
    await timer.advance(2000)
    expect(stable).toEqual([])
    expect(tracking.pending).toBe(0)
    expect(settled.length).toBeGreaterThan(0)
    expect(timer.pending).toBe(0)
  })

  it('reports a stat error and stops following that file', async () => {
    const timer = createManualTimer()
    const errors: unknown[] = []
    const tracking = new StabilityTracker({
      stableMs: 100,
      pollMs: 10,
      timer,
      stat: async () => {
        throw Object.assign(new Error('EACCES: simulated'), { code: 'EACCES' })
      },
      onStable: () => errors.push('never'),
      onError: (_, error) => errors.push(error),
    })
    tracking.touch('/in/e.mkv')
    await timer.advance(500)
    expect(errors).toEqual([expect.objectContaining({ code: 'EACCES' })])
    expect(tracking.pending).toBe(0)
  })

  it('stops every wait on close', async () => {
    const { timer, disk, stable, tracking } = tracker()
    disk.write('/in/f.mkv', 1, 1)
    tracking.touch('/in/f.mkv')
    await timer.advance(100)
    tracking.close()
    await timer.advance(5000)
    expect(stable).toEqual([])
    expect(timer.pending).toBe(0)
  })
})
