import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMovieEngine } from '../src/index.js'

const child = fileURLToPath(new URL('./children/forgets-close.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

/** Runs the child; `onCounted` acts once it has counted its uses. Resolves with how it ended. */
function runChild(dataDir: string, mode: 'exit' | 'signal' | 'host-handles', onCounted?: (pid: number) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@cinelayer/source', child, dataDir, mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('counted')) onCounted?.(proc.pid!)
    })
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.on('exit', (code, signal) => resolve({ code, signal, output }))
  })
}

async function viewsIn(dataDir: string): Promise<number | undefined> {
  const engine = createMovieEngine({ dataDir, data: 'replay', trace: false })
  try {
    return (await engine.stores.stats.get('tmdb:550'))?.views
  } finally {
    await engine.close()
  }
}

describe('a host that forgets close()', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cinelayer-exit-'))
  })
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('loses no use when its process ends on its own', async () => {
    const ended = await runChild(dataDir, 'exit')
    expect(ended, ended.output).toMatchObject({ code: 0 })
    expect(await viewsIn(dataDir)).toBe(3)
  }, 30_000)

  it('loses no use on SIGTERM, and the process still ends by the signal', async () => {
    let counted!: () => void
    const ready = new Promise<void>((resolve) => (counted = resolve))
    const ending = runChild(dataDir, 'signal', (pid) => {
      counted()
      process.kill(pid, 'SIGTERM')
    })
    await ready
    const ended = await ending
    expect(ended.signal, ended.output).toBe('SIGTERM')
    expect(await viewsIn(dataDir)).toBe(3)
  }, 30_000)

  it('on SIGTERM, leaves the ending to a host that listens for the signal itself (even one whose once listener runs first)', async () => {
    let counted!: () => void
    const ready = new Promise<void>((resolve) => (counted = resolve))
    const ending = runChild(dataDir, 'host-handles', (pid) => {
      counted()
      process.kill(pid, 'SIGTERM')
    })
    await ready
    const ended = await ending
    expect(ended, ended.output).toMatchObject({ code: 0, signal: null })
    expect(ended.output).toContain('host stopping')
    expect(await viewsIn(dataDir)).toBe(3)
  }, 30_000)
})
