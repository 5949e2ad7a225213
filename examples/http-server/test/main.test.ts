import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/** Runs `pnpm start` (src/main.ts) with this environment and waits for it to exit. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
  const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url))
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, '--conditions=@cinelayer/source', main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

describe('pnpm start', () => {
  it('with HOST=0.0.0.0 and no API key, exits with a clear message before opening anything', async () => {
    const result = await runMain({ HOST: '0.0.0.0', PORT: '0', CINELAYER_DATA_DIR: '/nonexistent/never-created' })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^CINELAYER_ERR_SERVER_BIND_REFUSED: Refusing to listen on 0\.0\.0\.0 without an API key.*CINELAYER_API_KEY/m)
  }, 30_000)

  it('with CINELAYER_SCHEDULE=1, runs the scheduled jobs in the server process and says when they run next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cinelayer-example-'))
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
    const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url))
    const child = spawn(process.execPath, [tsx, '--conditions=@cinelayer/source', main], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', CINELAYER_DATA_DIR: dir, CINELAYER_SCHEDULE: '1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let stdout = ''
      await new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`no start line:\n${stdout}`)), 30_000)
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (/scheduled jobs: housekeeping at /.test(stdout)) resolve(clearTimeout(timeout))
        })
        child.on('exit', () => reject(new Error(`exited before starting:\n${stdout}`)))
      })
      expect(stdout).toMatch(/scheduled jobs: housekeeping at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z, trending at .+, provider-refresh at /)
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      await exited
      await rm(dir, { recursive: true, force: true })
    }
  }, 40_000)
})
