import { type AnyCinelayerEvent, type EventCategory, eventCategories } from 'cinelayer'
import { eventTraceFile, followEventTrace, readEventTrace } from 'cinelayer/trace'
import type { CliContext } from '../cli-context.js'
import { CliUsageError } from '../errors.js'

const PAYLOAD_SHOWN = 120

interface EventsOptions {
  follow?: boolean
  category?: string[]
  type?: string[]
  limit?: number
  interval: number
}

/** The `events` command. */
export default async function eventsCommand(context: CliContext, options: EventsOptions): Promise<void> {
  const categories = categoriesOf(options.category)
  const keep = (event: AnyCinelayerEvent) => matches(event, categories, options.type)
  const file = traceFileOf(context)
  const { out } = context
  if (!options.follow) {
    const past = (await readEventTrace(file)).filter(keep)
    const limit = options.limit ?? 50
    const shown = limit === 0 ? past : past.slice(-limit)
    out.result(shown, (events) => {
      if (events.length === 0) out.info(`No event in the trace ${file}`)
      for (const event of events) out.line(formatEvent(context, event))
    })
    return
  }
  await followEventTrace(file, {
    signal: context.io.signal ?? new AbortController().signal,
    intervalMs: options.interval,
    backlog: options.limit ?? 10,
    filter: keep,
    onEvent: (event) => (out.mode.json ? out.jsonLine(event) : out.line(formatEvent(context, event))),
    // On stderr, so that stdout holds events only; tests and scripts wait for it before acting.
    onReady: () => out.status(`Following ${file} (Ctrl-C to stop)`),
  })
}

function traceFileOf(context: CliContext): string {
  const setting = context.config.trace
  return typeof setting === 'object' && setting.file ? setting.file : eventTraceFile(context.dataDir)
}

function categoriesOf(values: string[] | undefined): Set<EventCategory> | undefined {
  if (!values) return undefined
  for (const value of values) {
    if (!(eventCategories as readonly string[]).includes(value)) {
      throw new CliUsageError('events', `unknown category "${value}" (known: ${eventCategories.join(', ')})`, { category: value })
    }
  }
  return new Set(values as EventCategory[])
}

function matches(event: AnyCinelayerEvent, categories: Set<EventCategory> | undefined, types: string[] | undefined): boolean {
  return (!categories || categories.has(event.category)) && (!types || types.includes(event.type))
}

function formatEvent(context: CliContext, event: AnyCinelayerEvent): string {
  const { style } = context.out
  const payload = JSON.stringify(event.payload)
  const shown = payload.length > PAYLOAD_SHOWN ? `${payload.slice(0, PAYLOAD_SHOWN - 1)}…` : payload
  return `${style.dim(event.at)}  ${event.category.padEnd(12)}  ${style.bold(event.type)}  ${shown}`
}
