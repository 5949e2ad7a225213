import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtCli } from './build-for-tests.js'

/** The replay dataset shipped with `@cinelayer/providers`: recorded TMDB answers (Fight Club, Brad Pitt…). */
export const replayDir = fileURLToPath(new URL('../../providers/replay', import.meta.url))

/** What one run of the built CLI gave. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** A temporary working folder with its data folder, removed by `cleanup`. */
export interface Workspace {
  dir: string
  dataDir: string
  /** Runs the built CLI in `dir` on `dataDir` with replay data (options first, so a test can override them). */
  run(args: readonly string[], options?: RunOptions): Promise<CliRun>
  /** Like `run`, and parses stdout as JSON (fails the test with stderr when it is not). */
  json<T = unknown>(args: readonly string[], options?: RunOptions): Promise<{ code: number; body: T; stderr: string }>
  /** Starts a long-running command (`events --follow`, `watch`). */
  spawn(args: readonly string[], options?: RunOptions): LiveCli
  cleanup(): Promise<void>
}

export interface RunOptions {
  env?: Record<string, string>
  /** Leaves out `--data` and `--replay` (to test the defaults or a config file). */
  bare?: boolean
}

/** A CLI process still running, with what it printed so far. */
export interface LiveCli {
  process: ChildProcessWithoutNullStreams
  readonly stdout: string
  readonly stderr: string
  /** Resolves once stdout (or stderr) matches, rejects after `timeoutMs` with what was printed. */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<void>
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

// A clean environment: no token of the developer's shell may switch the CLI to live HTTP.
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...extra }
}

/** Creates a temporary workspace; call `cleanup()` in `afterEach`/`afterAll`. */
export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cinelayer-cli-'))
  const dataDir = join(dir, 'data')
  const argsFor = (args: readonly string[], options: RunOptions = {}) => (options.bare ? [...args] : ['--data', dataDir, '--replay', replayDir, ...args])
  const run = (args: readonly string[], options: RunOptions = {}) =>
    new Promise<CliRun>((resolve) => {
      execFile(process.execPath, [builtCli, ...argsFor(args, options)], { cwd: dir, env: environment(options.env), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      })
    })
  return {
    dir,
    dataDir,
    run,
    async json<T>(args: readonly string[], options: RunOptions = {}) {
      const result = await run([...args, '--json'], options)
      let body: T
      try {
        body = JSON.parse(result.stdout) as T
      } catch {
        throw new Error(`stdout of "cinelayer ${args.join(' ')} --json" is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`)
      }
      return { code: result.code, body, stderr: result.stderr }
    },
    spawn(args: readonly string[], options: RunOptions = {}) {
      const child = spawn(process.execPath, [builtCli, ...argsFor(args, options)], { cwd: dir, env: environment(options.env) })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      return {
        process: child,
        get stdout() {
          return stdout
        },
        get stderr() {
          return stderr
        },
        async waitFor(pattern, { stream = 'stdout', timeoutMs = 15_000 } = {}) {
          const deadline = Date.now() + timeoutMs
          while (!pattern.test(stream === 'stdout' ? stdout : stderr)) {
            if (Date.now() > deadline || child.exitCode !== null) {
              throw new Error(`no ${pattern} in the output (exit ${child.exitCode}):\n${stdout}\nstderr:\n${stderr}`)
            }
            await new Promise((resolve) => setTimeout(resolve, 20))
          }
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM')
          return exited
        },
      }
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}
