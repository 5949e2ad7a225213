import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

/** Whether `redis-server` can be run here (CI installs it: see .ci/run). */
export const redisServerInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0

/** Why Redis tests are skipped, for the test name. */
export const redisSkipReason = 'redis-server is not installed (apt-get install -y redis-server): Redis tests skipped'

/** A redis-server of our own, on loopback, nothing persisted. */
export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Stops the server whose pid is in `pidfile` (daemonized servers write it once started), and waits until it is gone. */
async function stopByPidfile(pidfile: string): Promise<void> {
  // A daemon writes its pidfile shortly after forking: give it a moment.
  for (let wait = 0; wait < 40 && !existsSync(pidfile); wait++) await new Promise((resolve) => setTimeout(resolve, 25))
  const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : 0
  if (!(pid > 0) || !alive(pid)) return
  process.kill(pid, 'SIGTERM')
  for (let wait = 0; wait < 200 && alive(pid); wait++) await new Promise((resolve) => setTimeout(resolve, 25))
  if (alive(pid)) process.kill(pid, 'SIGKILL')
}

/**
 * Starts `redis-server` on 127.0.0.1 on a free port (`--save '' --appendonly no --daemonize yes
 * --pidfile <file>`), waits until it answers, and gives a way to stop it by its pid.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cinelayer-redis-'))
  const pidfile = join(dir, 'redis.pid')
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const started = spawnSync('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', join(dir, 'redis.log'),
    ])
    if (started.status !== 0) throw new Error(`redis-server did not start: ${started.stderr.toString()}`)
    const url = `redis://127.0.0.1:${port}`
    const client = new Redis(url, { lazyConnect: true, retryStrategy: (times) => (times > 40 ? null : 50), maxRetriesPerRequest: null })
    client.on('error', () => undefined)
    try {
      await client.connect()
      await client.ping()
      client.disconnect()
    } catch (error) {
      client.disconnect()
      // Another process took the port between our probe and the server's bind, or the server is
      // too slow to answer: stop what was started, then try another port.
      await stopByPidfile(pidfile)
      if (attempt < 3) continue
      throw error
    }
    return {
      url,
      port,
      async stop() {
        await stopByPidfile(pidfile)
        await rm(dir, { recursive: true, force: true })
      },
    }
  }
}
