import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace
beforeEach(async () => {
  work = await createWorkspace()
  await mkdir(join(work.dir, 'incoming'))
})
afterEach(async () => {
  await work.cleanup()
})

const secret = 'serve-test-webhook-secret-9c1f'

describe('cinelayer serve', () => {
  it('runs the scheduler, the watcher and the HTTP API of @cinelayer/server in one process until stopped', async () => {
    const serve = work.spawn(['serve', '--http', '0', '--incoming', 'incoming', '--library', 'library', '--stable-ms', '50'], { env: { CINELAYER_WEBHOOK_SECRET: secret } })
    try {
      await serve.waitFor(/Serving /, { stream: 'stderr', timeoutMs: 30_000 })
      expect(serve.stderr).toMatch(/^Scheduled jobs: housekeeping next at \d{4}-.+, trending next at .+, discover next at .+, provider-refresh next at /m)
      expect(serve.stderr).toMatch(/^Watching .*incoming → .*library \(0 waiting, 0 adopted\)$/m)
      const base = /HTTP API at (http:\/\/127\.0\.0\.1:\d+) /.exec(serve.stderr)![1]!
      expect((await fetch(`${base}/health`)).status).toBe(200)
      const added = await fetch(`${base}/movies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Fight Club', year: 1999 }) })
      expect(added.status).toBe(201)
      // The watcher and the API share the engine: the file lands on the movie the API added.
      await writeFile(join(work.dir, 'incoming', 'Fight.Club.1999.mkv'), 'video bytes')
      await serve.waitFor(/^added {4}.*Fight\.Club\.1999\.mkv → .*Fight Club \(1999\)\.mkv \(tmdb:550\)$/m)
      const webhook = await fetch(`${base}/webhooks/recommendation`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cinelayer-secret': secret }, body: JSON.stringify({ movieIds: ['tmdb:9443'] }) })
      expect(webhook.status).toBe(202)
      await serve.waitFor(/^webhook +RecommendationTriggered \{"movieIds":\["tmdb:9443"\]\}$/m)
    } finally {
      expect(await serve.stop()).toBe(0)
    }
    expect(serve.stderr).not.toMatch(/CINELAYER_ERR_/)
    // Everything was written to the data folder the other commands read.
    const listed = await work.json<{ results: Array<{ id: string }> }>(['ls'])
    expect(listed.body.results.map((movie) => movie.id)).toContain('tmdb:550')
  }, 60_000)

  it('refuses a host other machines reach without an API key, before opening anything; and a watcher with one folder', async () => {
    const open = await work.run(['serve', '--http', '0', '--host', '0.0.0.0'])
    expect(open.code).toBe(2)
    expect(open.stderr).toMatch(/^CINELAYER_ERR_SERVER_BIND_REFUSED: Refusing to listen on 0\.0\.0\.0 without an API key/)
    expect(existsSync(work.dataDir)).toBe(false)
    expect(await work.run(['serve', '--incoming', 'incoming'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^CINELAYER_ERR_CLI_USAGE: serve: the watcher needs both --incoming and --library/) })
    expect((await work.run(['serve', '--http', 'eighty'])).code).toBe(2)
  })

  it('runs without the scheduled jobs with --no-schedule', async () => {
    const serve = work.spawn(['serve', '--no-schedule'])
    try {
      await serve.waitFor(/Serving /, { stream: 'stderr', timeoutMs: 30_000 })
      expect(serve.stderr).toMatch(/^Scheduled jobs: off$/m)
      expect(serve.stderr).not.toMatch(/HTTP API/)
      // Nothing to wait on (no schedule, watcher or HTTP), and still running until stopped.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(serve.process.exitCode).toBeNull()
    } finally {
      expect(await serve.stop()).toBe(0)
    }
  }, 40_000)
})
