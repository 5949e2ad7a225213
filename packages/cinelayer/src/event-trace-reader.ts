import { type FileHandle, open, readFile, stat } from 'node:fs/promises'
import type { AnyCinelayerEvent } from '@cinelayer/core'
import { rotatedTraceFile } from './event-trace.js'

/** Options of {@link readEventTrace}. */
export interface ReadEventTraceOptions {
  /** Also read the rotated files (`<file>.1`…), oldest first. Default `true`. */
  rotated?: boolean
  /** Rotated files looked for. Default `2` (the trace's default `keep`). */
  keep?: number
}

/** Options of {@link followEventTrace}. */
export interface FollowEventTraceOptions {
  /** Called with every new event, in order. */
  onEvent: (event: AnyCinelayerEvent) => void
  /** Stops following. Required: following never ends by itself. */
  signal: AbortSignal
  /** How often the file is checked for growth, in ms. Default `200`. */
  intervalMs?: number
  /**
   * Events already in the trace (rotated files included) delivered first, newest last, before
   * following: the last `backlog` of them that pass `filter`. Default `0`.
   */
  backlog?: number
  /** Only events it accepts are delivered (backlog included). Default: every event. */
  filter?: (event: AnyCinelayerEvent) => boolean
  /** Rotated files read for the backlog. Default `2` (the trace's default `keep`). */
  keep?: number
  /** Called once the trace is opened and the backlog delivered: from then on no event is missed. */
  onReady?: () => void
}

/**
 * The events of a trace file, oldest first (rotated files included). A missing file is an empty
 * trace; a line that is not a JSON event (a write cut short by a crash) is skipped.
 */
export async function readEventTrace(file: string, options: ReadEventTraceOptions = {}): Promise<AnyCinelayerEvent[]> {
  return readTrace(file, options)
}

async function readTrace(file: string, options: ReadEventTraceOptions & { liveText?: string }): Promise<AnyCinelayerEvent[]> {
  const files = options.rotated === false ? [file] : [...rotatedNames(file, options.keep ?? 2).reverse(), file]
  const events: AnyCinelayerEvent[] = []
  for (const name of files) {
    const text = name === file && options.liveText !== undefined ? options.liveText : await readIfPresent(name)
    if (text) events.push(...parseLines(text.split('\n')))
  }
  return events
}

async function readRange(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * Tails a trace file written by an engine, possibly in another process: every event appended
 * after the call is passed to `onEvent`, across rotations, after the last `backlog` events already
 * there. Resolves when `signal` aborts.
 */
export async function followEventTrace(file: string, options: FollowEventTraceOptions): Promise<void> {
  const { signal } = options
  const filter = options.filter ?? (() => true)
  const onEvent = (event: AnyCinelayerEvent) => {
    if (filter(event)) options.onEvent(event)
  }
  const interval = options.intervalMs ?? 200
  const state: TailState = { position: 0, inode: undefined, partial: '' }
  const initial = await statOf(file)
  if (initial) {
    // Everything up to the last complete line is the past; a line being written belongs to the future.
    const text = (await readRange(file, initial.size)).toString('utf8')
    const complete = text.slice(0, text.lastIndexOf('\n') + 1)
    state.position = Buffer.byteLength(complete)
    state.inode = initial.ino
    const backlog = options.backlog ?? 0
    if (backlog > 0) {
      const past = (await readTrace(file, { keep: options.keep ?? 2, liveText: complete })).filter(filter)
      for (const event of past.slice(-backlog)) options.onEvent(event)
    }
  }
  options.onReady?.()
  while (!signal.aborted) {
    await readNew(file, state, onEvent)
    await delay(interval, signal)
  }
}

interface TailState {
  position: number
  inode: number | undefined
  /** The start of a line whose end is not written yet. */
  partial: string
}

async function readNew(file: string, state: TailState, onEvent: (event: AnyCinelayerEvent) => void): Promise<void> {
  const current = await statOf(file)
  if (state.inode !== undefined && (current === null || current.ino !== state.inode || current.size < state.position)) {
    // Rotated: finish the old file (now `.1`) before starting on the new one.
    const previous = await statOf(rotatedTraceFile(file, 1))
    if (previous && previous.ino === state.inode) await readFrom(rotatedTraceFile(file, 1), state, onEvent)
    state.position = 0
    state.partial = ''
    state.inode = undefined
  }
  if (!current) return
  state.inode = current.ino
  if (current.size > state.position) await readFrom(file, state, onEvent)
}

async function readFrom(file: string, state: TailState, onEvent: (event: AnyCinelayerEvent) => void): Promise<void> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    const { size } = await handle.stat()
    if (size <= state.position) return
    const buffer = Buffer.alloc(size - state.position)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, state.position)
    state.position += bytesRead
    const lines = (state.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n')
    state.partial = lines.pop() ?? ''
    for (const event of parseLines(lines)) onEvent(event)
  } finally {
    await handle.close()
  }
}

function parseLines(lines: readonly string[]): AnyCinelayerEvent[] {
  const events: AnyCinelayerEvent[] = []
  for (const line of lines) {
    if (line.trim() === '') continue
    try {
      const value = JSON.parse(line) as unknown
      if (isEvent(value)) events.push(value)
    } catch {
      // a torn line: the rest of the trace is still worth reading
    }
  }
  return events
}

function isEvent(value: unknown): value is AnyCinelayerEvent {
  if (!value || typeof value !== 'object') return false
  const event = value as Record<string, unknown>
  return typeof event.type === 'string' && typeof event.category === 'string' && typeof event.at === 'string' && 'payload' in event
}

function rotatedNames(file: string, keep: number): string[] {
  return Array.from({ length: keep }, (_, index) => rotatedTraceFile(file, index + 1))
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

async function statOf(file: string): Promise<{ size: number; ino: number } | null> {
  try {
    const stats = await stat(file)
    return { size: stats.size, ino: stats.ino }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
