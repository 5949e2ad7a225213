import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { AnyCinelayerEvent, EventBus, Unsubscribe } from '@cinelayer/core'

/**
 * Name of the trace file in a data folder. The `.cinelayer-` prefix is reserved by the atomic fs
 * driver, so the trace is never mistaken for a record key.
 */
export const EVENT_TRACE_FILE_NAME = '.cinelayer-trace.jsonl'

/** Options of {@link attachEventTrace}. */
export interface EventTraceOptions {
  /** Path of the trace file (JSON lines, one event per line). */
  file: string
  /** Size past which the file is rotated to `<file>.1` (older ones shift to `.2`…). Default 4 MiB. */
  maxBytes?: number
  /** Rotated files kept besides the live one. Default `2`. */
  keep?: number
  /**
   * Applied to every line before it is written, so that no secret reaches the file even from an
   * event published past the engine's own redaction. Default: the engine's redactor; none otherwise.
   */
  redact?: (text: string) => string
}

/** A trace that appends every event of a bus to a file. */
export interface EventTrace {
  /** Path of the live trace file. */
  readonly file: string
  /** Writes that failed so far (the engine never stops for its trace). */
  readonly failures: number
  /** The last write error, if any, for diagnostics. */
  readonly lastError: unknown
  /** Resolves when every event seen so far is on disk. */
  flush(): Promise<void>
  /** Stops listening, then flushes. */
  stop(): Promise<void>
}

/** Default rotation size of a trace file. */
export const DEFAULT_TRACE_MAX_BYTES = 4 * 1024 * 1024

/** Path of the trace file of a data folder. */
export function eventTraceFile(dataDir: string): string {
  return join(dataDir, EVENT_TRACE_FILE_NAME)
}

/** Path of the `index`-th rotated trace file (`1` is the most recent). */
export function rotatedTraceFile(file: string, index: number): string {
  return `${file}.${index}`
}

/**
 * Appends every event published on `bus` to a JSON-lines file, so that another process (the
 * `cinelayer events --follow` command) can watch what an engine does. Events are batched: one
 * append per tick, in order. The file is rotated once it passes `maxBytes`, keeping `keep` old
 * files, so it stays bounded. A failed write never reaches the engine: it is counted on the trace.
 */
export function attachEventTrace(bus: EventBus, options: EventTraceOptions): EventTrace {
  const maxBytes = options.maxBytes ?? DEFAULT_TRACE_MAX_BYTES
  const keep = options.keep ?? 2
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new RangeError(`Event trace maxBytes must be a positive number of bytes; got ${maxBytes}`)
  if (!Number.isInteger(keep) || keep < 0) throw new RangeError(`Event trace keep must be a whole number >= 0; got ${keep}`)
  const file = options.file
  let pending: string[] = []
  let chain: Promise<void> = Promise.resolve()
  let size: number | undefined
  let failures = 0
  let lastError: unknown
  let off: Unsubscribe | undefined

  const write = async (lines: string[]): Promise<void> => {
    const text = lines.join('')
    try {
      if (size === undefined) {
        await mkdir(dirname(file), { recursive: true })
        size = await sizeOf(file)
      }
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) {
        await rotate(file, keep)
        size = 0
      }
      await appendFile(file, text)
      size += Buffer.byteLength(text)
    } catch (error) {
      failures++
      lastError = error
      // Unknown again: the next write re-reads the size rather than trusting a count that failed.
      size = undefined
    }
  }

  const schedule = () => {
    if (pending.length !== 1) return
    chain = chain.then(async () => {
      // Lets the rest of the current tick's events join the batch.
      await new Promise<void>((resolve) => setImmediate(resolve))
      const lines = pending
      pending = []
      await write(lines)
    })
  }

  off = bus.onAny((event: AnyCinelayerEvent) => {
    const line = JSON.stringify(event)
    pending.push(`${options.redact ? options.redact(line) : line}\n`)
    schedule()
  })

  // Every non-empty batch has a task queued on the chain, so waiting until the chain stops growing is enough.
  const flush = async () => {
    let current: Promise<void>
    do {
      current = chain
      await current
    } while (current !== chain || pending.length > 0)
  }

  return {
    file,
    get failures() {
      return failures
    },
    get lastError() {
      return lastError
    },
    flush,
    async stop() {
      off?.()
      off = undefined
      await flush()
    },
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}

async function rotate(file: string, keep: number): Promise<void> {
  // Oldest first, so that each rename lands on a free (or outdated) name.
  for (let index = keep; index >= 1; index--) {
    const from = index === 1 ? file : rotatedTraceFile(file, index - 1)
    try {
      await rename(from, rotatedTraceFile(file, index))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  if (keep === 0) await rm(file, { force: true })
}
