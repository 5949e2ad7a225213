import { resolve } from 'node:path'
import { type LibraryWatcher, createLibraryWatcher } from '@cinelayer/watcher'
import type { AnyCinelayerEvent } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { CliUsageError } from '../errors.js'
import { httpCredentials, listenHttp } from '../http-listen.js'
import { aborted, printFsEvent } from './watch.js'

interface ServeOptions {
  http?: number | true
  host: string
  incoming?: string
  library?: string
  stableMs?: number
  schedule: boolean
}

const DEFAULT_PORT = 3000

/**
 * The `serve` command: one engine on the data folder, with its scheduler (unless `--no-schedule`),
 * the file watcher (`--incoming` and `--library`) and the HTTP API of `@cinelayer/server` (`--http`),
 * until the process is stopped. Job reports and file events are printed as they happen.
 */
export default async function serveCommand(context: CliContext, options: ServeOptions): Promise<void> {
  const folders = watchFolders(context, options)
  const { apiKey, webhookSecret } = httpCredentials(context)
  if (options.http !== undefined) {
    // Refused before anything opens: a server other machines reach must have an API key.
    const { assertSafeBind } = await import('@cinelayer/server')
    assertSafeBind(options.host, apiKey)
  }
  const schedule = options.schedule ? (context.config.schedule ?? true) : false
  const secrets = [apiKey, webhookSecret].filter((secret): secret is string => secret !== undefined)
  await context.withEngine(
    async (engine) => {
      const off = engine.bus.onAny((event) => printEvent(context, event))
      const stopped = aborted(context.io.signal)
      let watcher: LibraryWatcher | undefined
      let http: { close(): Promise<unknown> } | undefined
      try {
        if (engine.scheduler) context.out.status(`Scheduled jobs: ${Object.entries(engine.scheduler.nextRuns()).map(([job, next]) => `${job} next at ${next ?? 'never'}`).join(', ')}`)
        else context.out.status('Scheduled jobs: off')
        if (folders) {
          watcher = createLibraryWatcher({ engine, ...folders, ...(options.stableMs === undefined ? {} : { stableMs: options.stableMs }), onError: (error) => context.out.error(error) })
          const scan = await watcher.start()
          context.out.status(`Watching ${watcher.incoming} → ${watcher.library} (${scan.incoming.length} waiting, ${scan.adopted.length} adopted)`)
        }
        if (options.http !== undefined) ({ app: http } = await listenHttp(context, engine, { host: options.host, port: options.http === true ? DEFAULT_PORT : options.http, apiKey, webhookSecret }))
        context.out.status(`Serving ${context.dataDir}; Ctrl-C to stop`)
        // Serving with nothing else to wait on (no schedule, watcher or HTTP) still runs until stopped:
        // without a handle of its own the event loop would empty and the process end at once.
        const keepAlive = context.io.signal ? setInterval(() => undefined, 2 ** 30) : undefined
        await stopped.finally(() => clearInterval(keepAlive))
      } finally {
        await http?.close()
        await watcher?.close()
        off()
      }
    },
    { schedule, ...(secrets.length > 0 ? { secrets } : {}) },
  )
}

function watchFolders(context: CliContext, options: ServeOptions): { incoming: string; library: string; template?: string } | undefined {
  const incoming = options.incoming ?? context.config.watch?.incoming
  const library = options.library ?? context.config.watch?.library
  if (incoming === undefined && library === undefined) return undefined
  if (incoming === undefined || library === undefined) throw new CliUsageError('serve', 'the watcher needs both --incoming and --library')
  const template = context.config.watch?.template
  return { incoming: resolve(context.io.cwd, incoming), library: resolve(context.io.cwd, library), ...(template ? { template } : {}) }
}

/** What a long-running engine reports as it goes: its jobs, its files, the requests it gets from outside. */
function printEvent(context: CliContext, event: AnyCinelayerEvent): void {
  const { out } = context
  if (event.category === 'fs') return printFsEvent(context, event)
  const shown = event.type === 'ScheduledJobCompleted' || event.type === 'ScheduledJobFailed' || event.type === 'ScheduledJobSkipped' || event.category === 'webhook'
  if (!shown) return
  if (out.mode.json) return out.jsonLine(event)
  switch (event.type) {
    case 'ScheduledJobCompleted':
      return out.line(`${out.style.green('job')}      ${event.payload.job} done in ${event.payload.durationMs} ms: ${Object.entries(event.payload.summary).map(([key, value]) => `${key} ${value}`).join(', ')}`)
    case 'ScheduledJobFailed':
      return out.line(`${out.style.red('job')}      ${event.payload.job} failed: ${event.payload.code}: ${event.payload.message}`)
    case 'ScheduledJobSkipped':
      return out.info(`job      ${event.payload.job} skipped: ${event.payload.reason}`)
    default:
      return out.info(`${event.category.padEnd(8)} ${event.type} ${JSON.stringify(event.payload)}`)
  }
}
