import { EventEmitter } from 'eventemitter3'
import { type Clock, systemClock } from './clock.js'
import { EventInvalidError } from './errors.js'
import {
  type AnyCinelayerEvent,
  type CinelayerEvent,
  type EventCategory,
  type EventInput,
  type EventType,
  eventCategories,
  eventCategoryOf,
} from './events.js'

/** A handler of one event type. May be async: a rejection is isolated like a throw. */
export type EventHandler<T extends EventType = EventType> = (event: CinelayerEvent<T>) => void | Promise<void>

/** A handler of any event. */
export type AnyEventHandler = (event: AnyCinelayerEvent) => void | Promise<void>

/**
 * Middleware sees every event before handlers do. Call `next(event)` to pass it on (possibly
 * transformed), or do not call it to filter the event out.
 */
export type EventMiddleware = (event: AnyCinelayerEvent, next: (event: AnyCinelayerEvent) => void) => void

/** Stops a subscription. */
export type Unsubscribe = () => void

/** Options of {@link createEventBus}. */
export interface EventBusOptions {
  /** Clock stamping `at`. Default: the system clock. */
  clock?: Clock
  /** Makes event ids. Default: a per-bus sequence (`evt-1`, `evt-2`…). */
  idGenerator?: () => string
}

const ANY = Symbol('any')

/**
 * The typed event bus every part of cinelayer talks through (on eventemitter3). A throwing or
 * rejecting handler never stops the others: it is reported as a `HandlerFailed` event.
 */
export class EventBus {
  readonly #emitter = new EventEmitter()
  readonly #middleware: EventMiddleware[] = []
  readonly #pending = new Set<Promise<unknown>>()
  readonly #clock: Clock
  readonly #nextId: () => string
  readonly #categoriesOf = new Map<string, readonly EventCategory[]>(Object.entries(eventCategoryOf))

  constructor(options: EventBusOptions = {}) {
    this.#clock = options.clock ?? systemClock
    let sequence = 0
    this.#nextId = options.idGenerator ?? (() => `evt-${++sequence}`)
  }

  /**
   * Makes an event type added by a plugin (through declaration merging of `EventPayloads`)
   * publishable, in the categories given; the first is its default.
   * @throws EventInvalidError when the type is already known or a category does not exist.
   */
  registerEventType(type: EventType, categories: readonly EventCategory[]): void {
    if (this.#categoriesOf.has(type)) throw new EventInvalidError(type, `Event type "${type}" is already registered`)
    const unknown = categories.filter((category) => !eventCategories.includes(category))
    if (categories.length === 0 || unknown.length > 0) {
      throw new EventInvalidError(type, `Event type "${type}" needs categories among ${eventCategories.join(', ')} (got ${categories.join(', ') || 'none'})`)
    }
    this.#categoriesOf.set(type, [...categories])
  }

  /**
   * Publishes an event: stamps it, runs it through middleware, then delivers it to handlers
   * of its type, of its category and of every event.
   * @returns the event as published (before middleware).
   * @throws EventInvalidError for an unknown type or a category the type does not allow.
   */
  publish<T extends EventType>(input: EventInput<T>): CinelayerEvent<T> {
    const allowed = this.#categoriesOf.get(input.type)
    if (!allowed) throw new EventInvalidError(String(input.type), `Unknown event type "${String(input.type)}"; register it with registerEventType()`)
    const category = input.category ?? allowed[0]!
    if (!allowed.includes(category)) {
      throw new EventInvalidError(input.type, `Event ${input.type} cannot be published in category "${category}" (allowed: ${allowed.join(', ')})`, {
        category,
        allowed,
      })
    }
    const event = {
      type: input.type,
      category,
      id: this.#nextId(),
      at: new Date(this.#clock.now()).toISOString(),
      ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
      payload: input.payload,
    } as CinelayerEvent<T>
    this.#runMiddleware(0, event as AnyCinelayerEvent)
    return event
  }

  /** Subscribes to one type or a list of types. */
  on<T extends EventType>(types: T | readonly T[], handler: EventHandler<T>): Unsubscribe {
    const list: readonly T[] = Array.isArray(types) ? types : [types as T]
    const offs = list.map((type) => this.#subscribe(`type:${type}`, handler as AnyEventHandler))
    return () => offs.forEach((off) => off())
  }

  /** Subscribes to one type for its next occurrence only. */
  once<T extends EventType>(type: T, handler: EventHandler<T>): Unsubscribe {
    const off = this.on(type, (event) => {
      off()
      return handler(event)
    })
    return off
  }

  /** Subscribes to every event of a category. */
  onCategory(category: EventCategory, handler: AnyEventHandler): Unsubscribe {
    return this.#subscribe(`category:${category}`, handler)
  }

  /** Subscribes to every event. */
  onAny(handler: AnyEventHandler): Unsubscribe {
    return this.#subscribe(ANY, handler)
  }

  /** Adds middleware (runs in the order added). */
  use(middleware: EventMiddleware): Unsubscribe {
    this.#middleware.push(middleware)
    return () => {
      const index = this.#middleware.indexOf(middleware)
      if (index >= 0) this.#middleware.splice(index, 1)
    }
  }

  /** Resolves once every async handler started so far (and those they started) has settled. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending])
  }

  /** Removes every handler and middleware. */
  clear(): void {
    this.#emitter.removeAllListeners()
    this.#middleware.length = 0
  }

  #subscribe(channel: string | symbol, handler: AnyEventHandler): Unsubscribe {
    const listener = (event: AnyCinelayerEvent) => this.#invoke(handler, event)
    this.#emitter.on(channel, listener)
    return () => {
      this.#emitter.off(channel, listener)
    }
  }

  #runMiddleware(index: number, event: AnyCinelayerEvent): void {
    const middleware = this.#middleware[index]
    if (!middleware) return this.#deliver(event)
    let passed = false
    try {
      middleware(event, (next) => {
        if (passed) return
        passed = true
        this.#runMiddleware(index + 1, next)
      })
    } catch (error) {
      this.#report(event, 'middleware', error)
      // A broken middleware must not swallow the event: pass it on unchanged.
      if (!passed) this.#runMiddleware(index + 1, event)
    }
  }

  #deliver(event: AnyCinelayerEvent): void {
    this.#emitter.emit(`type:${event.type}`, event)
    this.#emitter.emit(`category:${event.category}`, event)
    this.#emitter.emit(ANY, event)
  }

  #invoke(handler: AnyEventHandler, event: AnyCinelayerEvent): void {
    try {
      const result = handler(event)
      if (result && typeof (result as Promise<void>).then === 'function') {
        const tracked = (result as Promise<void>).catch((error: unknown) => this.#report(event, 'handler', error))
        this.#pending.add(tracked)
        void tracked.finally(() => this.#pending.delete(tracked))
      }
    } catch (error) {
      this.#report(event, 'handler', error)
    }
  }

  #report(event: AnyCinelayerEvent, stage: 'middleware' | 'handler', error: unknown): void {
    // A failing HandlerFailed handler is not reported again: that would loop.
    if (event.type === 'HandlerFailed') return
    this.publish({
      type: 'HandlerFailed',
      correlationId: event.correlationId ?? event.id,
      payload: { eventType: event.type, eventId: event.id, stage, message: error instanceof Error ? error.message : String(error) },
    })
  }
}

/** Creates an {@link EventBus}. */
export function createEventBus(options: EventBusOptions = {}): EventBus {
  return new EventBus(options)
}
