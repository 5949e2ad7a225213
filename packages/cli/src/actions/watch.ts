import { createLibraryWatcher } from '@cinelayer/watcher'
import type { AnyCinelayerEvent } from 'cinelayer'
import { resolve } from 'node:path'
import type { CliContext } from '../cli-context.js'
import { ItemsFailedError } from '../errors.js'

interface WatchOptions {
  template?: string
  stableMs?: number
  once?: boolean
  polling?: boolean
}

/** The `watch` command. */
export default async function watchCommand(context: CliContext, incoming: string, library: string, options: WatchOptions): Promise<void> {
  await context.withEngine(async (engine) => {
    const tally = new OutcomeTally()
    const off = engine.bus.onCategory('fs', (event) => {
      tally.note(event)
      printFsEvent(context, event)
    })
    const template = options.template ?? context.config.watch?.template
    const watcher = createLibraryWatcher({
      engine,
      incoming: resolve(context.io.cwd, incoming),
      library: resolve(context.io.cwd, library),
      ...(template ? { template } : {}),
      ...(options.stableMs === undefined ? {} : { stableMs: options.stableMs }),
      ...(options.polling ? { usePolling: true } : {}),
      onError: (error) => {
        tally.errors += 1
        context.out.error(error)
      },
    })
    // Taken before the folders are watched: from then on Ctrl-C stops the watcher cleanly.
    const stopped = options.once ? undefined : aborted(context.io.signal)
    try {
      const scan = await watcher.start()
      context.out.status(
        `Watching ${watcher.incoming} → ${watcher.library} (${scan.incoming.length} waiting, ${scan.adopted.length} adopted, ${scan.removed.length} marked missing)${options.once ? '' : '; Ctrl-C to stop'}`,
      )
      if (options.once) await watcher.idle()
      else await stopped
    } finally {
      await watcher.close()
      off()
    }
    // A run that left something undone says so by its exit code: scripts and cron jobs rely on it.
    if (options.once && tally.failed > 0) throw new ItemsFailedError('watch --once', tally.failed, tally.total)
  })
}

/** What became of each file of a run: its last word wins (a busy file organized later is a success). */
class OutcomeTally {
  readonly #last = new Map<string, 'ok' | 'failed'>()
  errors = 0

  note(event: AnyCinelayerEvent): void {
    if (event.type === 'VideoAdded') this.#last.set(event.payload.from ?? event.payload.path, 'ok')
    if (event.type === 'VideoOrganizeFailed') this.#last.set(event.payload.path, 'failed')
  }

  get failed(): number {
    return [...this.#last.values()].filter((state) => state === 'failed').length + this.errors
  }

  get total(): number {
    return this.#last.size + this.errors
  }
}

/** Prints a file event of the watcher: a line of text, or the event as a JSON line with `--json`. */
export function printFsEvent(context: CliContext, event: AnyCinelayerEvent): void {
  const { out } = context
  if (out.mode.json) return out.jsonLine(event)
  switch (event.type) {
    case 'VideoAdded':
      return out.line(`${out.style.green('added')}    ${event.payload.from ? `${event.payload.from} → ` : ''}${event.payload.path} (${event.payload.movieId})`)
    case 'VideoMatched':
      return out.info(`matched  ${event.payload.path} → ${event.payload.movieId} (score ${event.payload.score.toFixed(2)}, by ${event.payload.via})`)
    case 'VideoOrganizeFailed':
      return out.line(`${out.style.red('failed')}   ${event.payload.path}: ${event.payload.reason}: ${event.payload.message}`)
    case 'VideoRemoved':
      return out.line(`${out.style.yellow('removed')}  ${event.payload.path}${event.payload.movieId ? ` (${event.payload.movieId} kept, file marked missing)` : ''}`)
    case 'VideoFileDetected':
      return out.info(`detected ${event.payload.path}`)
    default:
      return out.info(`${event.type} ${JSON.stringify(event.payload)}`)
  }
}

/** Resolves when `signal` aborts (never without one). */
export function aborted(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (an embedding program gave none) the watcher runs until the process ends.
  return new Promise((resolve) => {
    if (!signal) return
    if (signal.aborted) return resolve()
    signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
