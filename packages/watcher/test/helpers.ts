import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AnyCinelayerEvent, type CinelayerEvent, type EventType, type MovieEngine, createManualClock, createMovieEngine } from 'cinelayer'
import { type LibraryWatcher, type LibraryWatcherOptions, createLibraryWatcher } from '../src/index.js'

/** A temporary folder holding incoming/, library/ and the engine's data/; removed by `cleanup`. */
export interface Sandbox {
  root: string
  incoming: string
  library: string
  data: string
  cleanup(): Promise<void>
}

export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'cinelayer-watcher-'))
  return {
    root,
    incoming: join(root, 'incoming'),
    library: join(root, 'library'),
    data: join(root, 'data'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

/** An engine on the shipped replay data, its store in the sandbox (so a second engine sees the same records). */
export function sandboxEngine(sandbox: Sandbox): MovieEngine {
  return createMovieEngine({ dataDir: sandbox.data, data: 'replay', clock: createManualClock(Date.UTC(2026, 10, 21)) })
}

/** Every event the bus carries, in order, with a way to wait for one. */
export interface EventLog {
  events: AnyCinelayerEvent[]
  of<T extends EventType>(type: T): CinelayerEvent<T>[]
  /** Resolves with the first event (past or future) of `type` matching `accept`; fails the test after `timeoutMs`. */
  next<T extends EventType>(type: T, accept?: (event: CinelayerEvent<T>) => boolean, timeoutMs?: number): Promise<CinelayerEvent<T>>
  stop(): void
}

export function recordEvents(engine: MovieEngine): EventLog {
  const events: AnyCinelayerEvent[] = []
  const waiters = new Set<(event: AnyCinelayerEvent) => void>()
  const stop = engine.bus.onAny((event) => {
    events.push(event)
    for (const waiter of waiters) waiter(event)
  })
  const log: EventLog = {
    events,
    of: <T extends EventType>(type: T) => events.filter((event) => event.type === type) as unknown as CinelayerEvent<T>[],
    next(type, accept = () => true, timeoutMs = 8000) {
      const seen = log.of(type).find(accept)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        // A guard against a hung test, not a wait the logic depends on.
        const timeout = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`No ${type} event within ${timeoutMs} ms; saw ${events.map((event) => event.type).join(', ')}`))
        }, timeoutMs)
        const waiter = (event: AnyCinelayerEvent) => {
          if (event.type !== type || !accept(event as never)) return
          clearTimeout(timeout)
          waiters.delete(waiter)
          resolve(event as never)
        }
        waiters.add(waiter)
      })
    },
    stop,
  }
  return log
}

/** A watcher over the sandbox with a short stability window (real fs events need real time). */
export function sandboxWatcher(sandbox: Sandbox, engine: MovieEngine, options: Partial<LibraryWatcherOptions> = {}): LibraryWatcher {
  return createLibraryWatcher({
    engine,
    incoming: sandbox.incoming,
    library: sandbox.library,
    stableMs: 120,
    pollMs: 30,
    onError: (error) => {
      throw error
    },
    ...options,
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
