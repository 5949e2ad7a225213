import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { AnyCinelayerEvent, EventBus, EventCategory } from '@cinelayer/core'
import type { Redis } from 'ioredis'
import { connectClient } from './redis-connection.js'

/** Where a bridged event comes from: set on events re-published from another process. */
export interface EventOrigin {
  /** The node (process) that published it first. */
  node: string
  /** Its id and time on that node's bus. */
  eventId: string
  at: string
}

/** An event as a handler sees it: with an `origin` when another process published it. */
export type BridgedEvent = AnyCinelayerEvent & { origin?: EventOrigin }

/** Options of {@link bridgeBusOverRedis}. */
export interface BusBridgeOptions {
  /** `redis://[:password@]host:port[/db]`; never logged. */
  url: string
  /** Pub/sub channel shared by the processes. Default `cinelayer:events`. */
  channel?: string
  /**
   * Categories that travel. Default `['engine', 'housekeeping']`: facts of what an engine did.
   * Requests and usage (`ui`, `fs`, `schedule`, `cli`, `webhook`) are acted on where they are
   * published; bridging them would make every process act on them (a view counted once per
   * process, housekeeping run everywhere).
   */
  categories?: readonly EventCategory[]
  /** This process's name in origin markers. Default `<hostname>:<pid>:<random>`. */
  node?: string
}

/** A running bridge. */
export interface BusBridge {
  /** This process's node name. */
  readonly node: string
  /** Events sent to and received from other processes, and those dropped (unknown type here, unparseable). */
  readonly counters: { sent: number; received: number; dropped: number }
  /** Stops bridging and closes both connections. Safe to call twice. */
  close(): Promise<void>
}

interface Envelope {
  node: string
  event: AnyCinelayerEvent
}

/** The origin of an event re-published from another process, or `undefined` for a local one. */
export function eventOrigin(event: AnyCinelayerEvent): EventOrigin | undefined {
  return (event as BridgedEvent).origin
}

/**
 * Bridges an event bus over Redis pub/sub: local events of the chosen categories are published on
 * the channel; events from other processes are re-published on the local bus with an `origin`
 * marker, which keeps them from being sent back (no echo). One connection publishes, one listens.
 * @throws RedisUnavailableError when ioredis is missing or the server does not answer.
 */
export async function bridgeBusOverRedis(bus: EventBus, options: BusBridgeOptions): Promise<BusBridge> {
  const channel = options.channel ?? 'cinelayer:events'
  const categories = new Set(options.categories ?? ['engine', 'housekeeping'])
  const node = options.node ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const counters = { sent: 0, received: 0, dropped: 0 }
  const publisher = await connectClient(options.url)
  let subscriber: Redis
  try {
    subscriber = await connectClient(options.url)
  } catch (error) {
    publisher.disconnect()
    throw error
  }
  // The payload object of an event being re-published identifies it in the middleware, even when
  // other middleware passes it on later: it is fresh from JSON.parse, so never shared.
  const incoming = new WeakMap<object, EventOrigin>()
  const removeMiddleware = bus.use((event, next) => {
    const origin = incoming.get(event.payload as object)
    next(origin ? ({ ...event, origin } as BridgedEvent) : event)
  })
  const stopSending = bus.onAny((event) => {
    if (eventOrigin(event) || !categories.has(event.category)) return
    counters.sent++
    publisher.publish(channel, JSON.stringify({ node, event } satisfies Envelope)).catch(() => counters.dropped++)
  })
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return
    let envelope: Envelope
    try {
      envelope = JSON.parse(message) as Envelope
    } catch {
      counters.dropped++
      return
    }
    const { event } = envelope
    if (envelope.node === node || !event || !categories.has(event.category)) return
    if (!event.payload || typeof event.payload !== 'object') {
      counters.dropped++
      return
    }
    incoming.set(event.payload, { node: envelope.node, eventId: event.id, at: event.at })
    try {
      bus.publish({ type: event.type, category: event.category, payload: event.payload, ...(event.correlationId ? { correlationId: event.correlationId } : {}) } as never)
      counters.received++
    } catch {
      // An event type only the other process knows (a plugin not loaded here).
      counters.dropped++
    }
  })
  await subscriber.subscribe(channel)
  let closed: Promise<void> | undefined
  return {
    node,
    counters,
    close() {
      closed ??= (async () => {
        stopSending()
        removeMiddleware()
        await subscriber.quit().catch(() => subscriber.disconnect())
        await publisher.quit().catch(() => publisher.disconnect())
      })()
      return closed
    },
  }
}
