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

/**
 * A process stream that a closed reader cannot crash: once the other end of the pipe is gone
 * (`cinelayer ls | head -1`), its EPIPE is taken as "nobody reads any more", later writes are
 * dropped and `onClosed` runs. Any other stream error is still thrown.
 */
function pipeSafe(stream: NodeJS.WriteStream, onClosed: () => void): CliStream {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    closed = true
    onClosed()
  })
  return {
    write: (chunk: string) => (closed ? false : stream.write(chunk)),
    get isTTY() {
      return stream.isTTY
    },
    get columns() {
      return stream.columns
    },
  }
}

/**
 * The io of the `cinelayer` process itself. Its signal aborts on SIGINT and SIGTERM, so that `watch`
 * and `events --follow` stop cleanly (exit 0); the handlers are installed only when a command asks
 * for the signal, so Ctrl-C still stops any other command at once. It also aborts when stdout's
 * reader goes away: the command ends quietly, as `head` expects of what it reads from.
 */
export function processIo(): CliIo {
  let controller: AbortController | undefined
  let readerGone = false
  const stopReading = () => {
    readerGone = true
    controller?.abort()
  }
  return {
    stdout: pipeSafe(process.stdout, stopReading),
    stderr: pipeSafe(process.stderr, () => undefined),
    env: process.env,
    cwd: process.cwd(),
    get signal() {
      if (!controller) {
        const created = new AbortController()
        const stop = () => created.abort()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        controller = created
        if (readerGone) created.abort()
      }
      return controller.signal
    },
  }
}
