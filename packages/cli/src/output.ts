import { type Redactor, createRedactor } from '@cinelayer/core/redactor'
import type { CliIo, CliStream } from './cli-io.js'
import { type TableColumn, formatTable } from './table.js'
import { type TextStyle, ansiStyle, plainStyle } from './text-style.js'

/** How a command's output is shaped, from the global options. */
export interface OutputMode {
  /** One JSON document on stdout, nothing else there; no colours, no progress bar. */
  json: boolean
  /** Only what was asked for: no informational lines. */
  quiet: boolean
  /** Stacks and causes with errors. */
  debug: boolean
}

/**
 * Everything a command prints goes through here: it picks JSON or text, colours only on a
 * terminal, and masks the values of secret environment variables wherever they would appear.
 */
export class Output {
  readonly style: TextStyle
  readonly #io: CliIo
  readonly #redactor: Redactor

  constructor(
    io: CliIo,
    readonly mode: OutputMode,
  ) {
    this.#io = io
    const colours = !mode.json && io.stdout.isTTY === true && io.env.NO_COLOR === undefined
    this.style = colours || (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' && !mode.json) ? ansiStyle : plainStyle
    // The engine's own redaction, from the same environment: raw, percent-encoded, base64 forms.
    this.#redactor = createRedactor([io.env.TMDB_TOKEN, io.env.OMDB_API_KEY, io.env.CINELAYER_API_KEY, io.env.CINELAYER_WEBHOOK_SECRET, io.env.REDIS_URL])
  }

  /** Prints the result of a command: as JSON with `--json`, else through `render`. */
  result<T>(value: T, render: (value: T) => void): void {
    if (this.mode.json) this.#write(this.#io.stdout, `${JSON.stringify(value, null, 2)}\n`)
    else render(value)
  }

  /** One JSON line (for streams such as `events --follow --json`). */
  jsonLine(value: unknown): void {
    this.#write(this.#io.stdout, `${JSON.stringify(value)}\n`)
  }

  /** A line of the answer (printed even with `--quiet`, never with `--json`). */
  line(text = ''): void {
    if (!this.mode.json) this.#write(this.#io.stdout, `${text}\n`)
  }

  /** A line that explains rather than answers: hidden by `--quiet` and `--json`. */
  info(text: string): void {
    if (!this.mode.json && !this.mode.quiet) this.#write(this.#io.stdout, `${text}\n`)
  }

  /** A warning on stderr (kept with `--json`, which only owns stdout). */
  warn(text: string): void {
    if (!this.mode.quiet) this.#write(this.#io.stderr, `${this.mode.json ? text : this.style.yellow(text)}\n`)
  }

  /** A hint after an error (where to read the usage), on stderr; not with `--json`. */
  hint(text: string): void {
    if (!this.mode.json) this.#write(this.#io.stderr, `${this.mode.json ? text : this.style.dim(text)}\n`)
  }

  /** A status line on stderr (what a long-running command is doing), hidden by `--quiet`. */
  status(text: string): void {
    if (!this.mode.quiet) this.#write(this.#io.stderr, `${this.mode.json ? text : this.style.dim(text)}\n`)
  }

  /** A text table on stdout. */
  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): void {
    const [header, ...body] = formatTable(columns, rows)
    this.line(this.style.bold(header ?? ''))
    for (const row of body) this.line(row)
  }

  /** Prints an error as `code: message` (a JSON object with `--json`); stack and causes with `--debug`. */
  error(error: unknown): void {
    const coded = codedError(error)
    if (this.mode.json) {
      const body: Record<string, unknown> = { code: coded.code, message: coded.message }
      if (coded.details && Object.keys(coded.details).length > 0) body.details = coded.details
      this.#write(this.#io.stderr, `${JSON.stringify({ error: body })}\n`)
    } else {
      this.#write(this.#io.stderr, `${this.style.red(coded.code)}: ${coded.message}\n`)
    }
    if (this.mode.debug) this.#write(this.#io.stderr, `${describeStack(error)}\n`)
  }

  /** Raw text on stderr, secrets masked (the progress bar writes through this). */
  stderrStream(): CliStream {
    const target = this.#io.stderr
    return {
      write: (chunk: string) => this.#write(target, chunk),
      ...(target.isTTY === undefined ? {} : { isTTY: target.isTTY }),
      ...(target.columns === undefined ? {} : { columns: target.columns }),
    }
  }

  #write(stream: CliStream, text: string): void {
    stream.write(this.redact(text))
  }

  /** Replaces every form of every secret of the environment in `text` by `[redacted]`. */
  redact(text: string): string {
    return this.#redactor(text)
  }
}

/** What is printed of an error. */
export interface CodedError {
  code: string
  message: string
  details?: Readonly<Record<string, unknown>>
}

/**
 * The code, message and details of an error: cinelayer's coded errors carry them (recognised by
 * shape, so that printing an error never loads the engine); anything else is unexpected.
 */
export function codedError(error: unknown): CodedError {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code.startsWith('CINELAYER_ERR_')) {
    const { code, message, details } = error as { code: string; message?: unknown; details?: unknown }
    return { code, message: String(message ?? ''), ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}) }
  }
  return { code: 'CINELAYER_ERR_CLI_UNEXPECTED', message: error instanceof Error ? error.message : String(error) }
}

function describeStack(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    parts.push(depth === 0 ? stackOf(current) : `caused by: ${stackOf(current)}`)
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join('\n')
}

function stackOf(value: unknown): string {
  return value instanceof Error ? (value.stack ?? `${value.name}: ${value.message}`) : String(value)
}
