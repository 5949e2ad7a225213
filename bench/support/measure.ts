/**
 * Small measuring helpers every bench shares: order statistics, a pool of workers, temporary
 * folders, memory sampling and running a phase in a child process of its own (a cold start, its
 * own peak memory).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The `p`-th percentile (0–100) of `samples`, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** The median of `samples`. */
export const median = (samples: readonly number[]): number => percentile(samples, 50)

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const index = next++
        await work(items[index]!, index)
      }
    }),
  )
}

/** Runs `work` in a fresh temporary folder, removed afterwards whatever happens. */
export async function inTemporaryFolder<T>(prefix: string, work: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), `cinelayer-bench-${prefix}-`))
  try {
    return await work(folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Milliseconds `action` took, with what it returned. */
export async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await action()
  return [value, performance.now() - started]
}

/** Samples RSS and heap every `everyMs` until stopped; `stop()` gives the peaks (bytes). */
export function sampleMemory(everyMs = 25): { stop(): { rss: number; heap: number } } {
  const peak = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed }
  const sample = () => {
    const usage = process.memoryUsage()
    peak.rss = Math.max(peak.rss, usage.rss)
    peak.heap = Math.max(peak.heap, usage.heapUsed)
  }
  const interval = setInterval(sample, everyMs)
  return {
    stop() {
      clearInterval(interval)
      sample()
      return { ...peak }
    },
  }
}

/** Megabytes (2^20 bytes), for printing. */
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`

/** `ms` printed with a sensible unit. */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 10) return `${ms.toFixed(0)} ms`
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`
  return `${(ms * 1000).toFixed(1)} µs`
}

/** A ratio printed as `×1.23`. */
export const ratio = (value: number, baseline: number): string => `×${(value / baseline).toFixed(2)}`

/** `✓` or `✗`. */
export const mark = (ok: boolean): string => (ok ? '✓' : '✗')

/**
 * Runs `script` in a child Node process (tsx, the source condition) with `args`, and resolves with
 * the JSON of the line it prints starting with `RESULT `. Its other output goes to this process's.
 */
export async function inChild<T>(script: string, args: readonly string[], options: { execArgv?: readonly string[] } = {}): Promise<T> {
  const child = spawn(process.execPath, [...(options.execArgv ?? []), ...childExecArgv(), script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk
    for (const line of chunk.split('\n')) if (line && !line.startsWith('RESULT ')) process.stdout.write(`${line}\n`)
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const line = output.split('\n').find((candidate) => candidate.startsWith('RESULT '))
  if (code !== 0 || !line) throw new Error(`${script} ${args.join(' ')} failed (exit code ${code})`)
  return JSON.parse(line.slice('RESULT '.length)) as T
}

/** What a child needs to run TypeScript sources as this process does (tsx, the source condition). */
export function childExecArgv(): string[] {
  const argv = process.execArgv.filter((arg) => arg !== '--cpu-prof' && !arg.startsWith('--cpu-prof-'))
  const hasTsx = argv.some((arg, index) => arg.includes('tsx') && (argv[index - 1] === '--import' || arg.startsWith('--import=') || arg.startsWith('--loader')))
  const hasCondition = argv.some((arg) => arg.startsWith('--conditions=@cinelayer/source') || arg === '-C')
  return [...(hasTsx ? [] : ['--import', 'tsx']), ...(hasCondition ? [] : ['--conditions=@cinelayer/source']), ...argv]
}

/** Prints the child's result line (see {@link inChild}). */
export function reportToParent(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
}
