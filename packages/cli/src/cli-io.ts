/** Where a command writes: `process.stdout`, `process.stderr`, or a buffer in tests. */
export interface CliStream {
  write(chunk: string): unknown
  /** Set on a terminal: enables colours and the progress bar. */
  isTTY?: boolean
  /** Width of the terminal, when known. */
  columns?: number
}

/** Everything {@link runCli} touches of the world, so that it can run inside another program. */
export interface CliIo {
  stdout: CliStream
  stderr: CliStream
  /** Environment variables (`TMDB_TOKEN`, `OMDB_API_KEY`, `NO_COLOR`…). */
  env: Readonly<Record<string, string | undefined>>
  /** Folder relative paths (`--data`, the config file) are resolved from. */
  cwd: string
  /** Ends long-running commands (`watch`, `events --follow`) when aborted. Default: never aborted. */
  signal?: AbortSignal
}

/** The io of the `cinelayer` process itself; its signal aborts on SIGINT and SIGTERM. */
export function processIo(): CliIo {
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal }
}
