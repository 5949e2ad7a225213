import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Plugin, build } from 'esbuild'

// SQLite's native binding cannot be bundled: the bundle loads it from where the package importing
// it (storage) finds it, whichever package's children are bundled.
const nativePackages: Plugin = {
  name: 'native-packages',
  setup(bundle) {
    bundle.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({ path: createRequire(join(args.resolveDir, 'index.js')).resolve(args.path), external: true }))
  },
}

/** Starts child scripts of one test folder. */
export interface ChildRunner {
  /** Starts `<children folder>/<name>.ts` (bundled) with `args`. */
  startChild(name: string, args?: readonly string[], env?: NodeJS.ProcessEnv): Promise<Child>
}

/**
 * Runs the child scripts of `children` (a folder of `.ts` files), bundled into `cache` (a folder
 * inside the package, so that the packages left out of the bundle resolve from its node_modules).
 */
export function childRunner(children: URL, cache: URL): ChildRunner {
  const childrenFolder = fileURLToPath(children)
  const bundleFolder = fileURLToPath(new URL(`test-children-${process.pid}/`, cache))
  let bundled: Promise<void> | undefined
  return { startChild: async (name, args = [], env = {}) => spawnChild(name, args, env, bundleFolder, (bundled ??= bundleChildren(childrenFolder, bundleFolder))) }
}

/**
 * Bundles the child scripts once per test worker: a plain JS child starts in a fraction of the
 * time a TypeScript loader needs. Workspace packages are bundled from their sources; native and
 * optional packages stay outside (SQLite's binding; Redis clients, loaded lazily as in production).
 */
function bundleChildren(childrenFolder: string, bundleFolder: string): Promise<void> {
  return (async () => {
    const entryPoints = (await readdir(childrenFolder)).filter((name) => name.endsWith('.ts')).map((name) => `${childrenFolder}${name}`)
    await build({
      entryPoints,
      outdir: bundleFolder,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@cinelayer/source'],
      external: ['ioredis', 'bullmq', 'esbuild'],
      plugins: [nativePackages],
      outExtension: { '.js': '.mjs' },
      // Bundled CommonJS dependencies (anymatch, under unstorage's fs driver) call require().
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'silent',
    })
    process.once('exit', () => rmSync(bundleFolder, { recursive: true, force: true }))
  })()
}

/** A child process running one of `test/children/*.ts`, read line by line. */
export interface Child {
  readonly process: ChildProcess
  readonly pid: number
  /** Every stdout line so far. */
  readonly lines: string[]
  /** Resolves with the first line (past or future) that matches. Rejects if the child exits first or after `timeoutMs`. */
  waitFor(match: RegExp | ((line: string) => boolean), timeoutMs?: number): Promise<string>
  send(line: string): void
  /** Resolves with the exit code (or signal) once the child is gone. */
  readonly exited: Promise<number | NodeJS.Signals>
  kill(signal?: NodeJS.Signals): void
}

/** The children of this package's `test/children/`. */
export const { startChild } = childRunner(new URL('./children/', import.meta.url), new URL('../node_modules/.cache/', import.meta.url))

async function spawnChild(name: string, args: readonly string[], env: NodeJS.ProcessEnv, bundleFolder: string, bundled: Promise<void>): Promise<Child> {
  await bundled
  const child = spawn(process.execPath, [`${bundleFolder}${name}.mjs`, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  const lines: string[] = []
  const waiters = new Set<() => void>()
  let stderr = ''
  let buffer = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    lines.push(...parts)
    for (const wake of waiters) wake()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  let done = false
  // 'close', not 'exit': the last lines a child printed may still be on their way when it exits.
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('close', (code, signal) => {
      done = true
      for (const wake of waiters) wake()
      resolve(signal ?? code ?? 0)
    }),
  )
  return {
    process: child,
    pid: child.pid!,
    lines,
    exited,
    send: (line) => child.stdin!.write(`${line}\n`),
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitFor(match, timeoutMs = 20_000) {
      const test = typeof match === 'function' ? match : (line: string) => match.test(line)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(() => reject(new Error(`child ${name} did not print ${String(match)} in ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr}`))), timeoutMs)
        const finish = (settle: () => void) => {
          clearTimeout(timer)
          waiters.delete(check)
          settle()
        }
        const check = () => {
          const found = lines.find(test)
          if (found !== undefined) finish(() => resolve(found))
          else if (done) finish(() => reject(new Error(`child ${name} exited before printing ${String(match)}; stdout: ${lines.join(' | ')}; stderr: ${stderr}`)))
        }
        waiters.add(check)
        check()
      })
    },
  }
}

/** Reads lines of stdin in a child script and calls `onLine` for each. */
export function onStdinLine(onLine: (line: string) => void | Promise<void>): void {
  let buffer = ''
  process.stdin.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    for (const line of parts) void onLine(line)
  })
}
