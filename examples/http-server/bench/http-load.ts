import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

// Load run of `GET /movies/:id` on warm movies against a bare Fastify route answering a constant,
// both on loopback, each server in its own process. `pnpm bench:http` at the repository root.
const duration = Number(process.env.BENCH_DURATION ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
/** Movies of the replay dataset warmed to `basic` before the load: every request is a store read. */
const warmMovies = ['tmdb:550', 'tmdb:9443', 'tmdb:87421', 'tmdb:12313']

interface LoadResult {
  name: string
  requestsPerSecond: number
  p99: number
  errors: number
  non2xx: number
}

async function startTarget(kind: 'engine' | 'bare'): Promise<{ child: ChildProcess; address: string }> {
  const script = fileURLToPath(new URL('./load-target.ts', import.meta.url))
  const args = ['--import', 'tsx', '--conditions=@cinelayer/source', script, kind, warmMovies.join(',')]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const [line] = (await once(lines, 'line')) as [string]
  return { child, address: (JSON.parse(line) as { address: string }).address }
}

async function stopTarget(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM')
  if (child.exitCode === null) await once(child, 'exit')
}

async function load(name: string, kind: 'engine' | 'bare', paths: readonly string[]): Promise<LoadResult> {
  const { child, address } = await startTarget(kind)
  try {
    // A short warm-up lets the JIT settle before the measured run.
    await autocannon({ url: address, connections, duration: 2, requests: paths.map((path) => ({ path })) })
    const result = await autocannon({ url: address, connections, duration, requests: paths.map((path) => ({ path })) })
    return { name, requestsPerSecond: result.requests.average, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }
  } finally {
    await stopTarget(child)
  }
}

const engine = await load('GET /movies/:id (warm, basic, fs store)', 'engine', warmMovies.map((id) => `/movies/${id}?level=basic`))
const bare = await load('bare Fastify route, constant JSON', 'bare', ['/constant'])
const rows = [engine, bare].map((r) => `| ${r.name} | ${Math.round(r.requestsPerSecond)} | ${r.p99} ms | ${r.errors + r.non2xx} |`)
console.log(`\nautocannon, ${connections} connections, ${duration} s, Node ${process.version}, loopback\n`)
console.log('| route | requests/s | p99 latency | errors |')
console.log('| --- | ---: | ---: | ---: |')
console.log(rows.join('\n'))
console.log(`\nratio: the engine route serves ${(engine.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}× the bare route's requests/s, p99 ${(engine.p99 / Math.max(bare.p99, 1)).toFixed(1)}× its p99`)
if (engine.errors + engine.non2xx + bare.errors + bare.non2xx > 0) process.exitCode = 1
