import { type AnyCinelayerEvent, type EventBus, type EventInput, OptionsInvalidError } from '@cinelayer/core'
import type { HousekeepingRun } from '@cinelayer/housekeeping'
import type { BulkReport } from './bulk-operations.js'
import { RequestUnhandledError } from './errors.js'

/** What the engine resolves {@link MovieEngine.request} with, per request event it acts on. */
export interface RequestOutcomes {
  BulkImportRequested: BulkReport
  BulkEnrichRequested: BulkReport
  HousekeepingRequested: HousekeepingRun
  RecommendationTriggered: BulkReport
}

/** A request event the engine acts on and answers. */
export type RequestType = keyof RequestOutcomes

interface Waiter {
  resolve(value: unknown): void
  reject(reason: unknown): void
  claimed: boolean
}

/**
 * Publishing a request and waiting for what the engine did about it. A request is an event on the
 * bus like any other (the trace shows who asked, in which category); the engine's handler of that
 * event does the work, and the publisher gets its outcome through the event's correlation id.
 */
export class RequestDesk {
  readonly #bus: EventBus
  readonly #waiting = new Map<string, Waiter>()
  #sequence = 0

  constructor(bus: EventBus) {
    this.#bus = bus
  }

  /**
   * Publishes a request event (its `category` says who asks: `cli`, `webhook`…) and resolves with
   * what the engine's handler of it did: a bulk report, a housekeeping run. The handler's error is
   * the rejection.
   * @throws EventInvalidError for a category the type does not allow; RequestUnhandledError when
   *   no handler of the engine took the event (a middleware filtered it out, the engine is closing);
   *   OptionsInvalidError for a `correlationId` a request in progress already has.
   */
  async request<T extends RequestType>(input: EventInput<T>): Promise<RequestOutcomes[T]> {
    const correlationId = input.correlationId ?? `request-${++this.#sequence}`
    // Two requests under one correlation id could not be told apart: the first would never be answered.
    if (this.#waiting.has(correlationId)) throw new OptionsInvalidError('request(correlationId)', `"${correlationId}" is the correlation id of a request still in progress`)
    let waiter!: Waiter
    const outcome = new Promise<RequestOutcomes[T]>((resolve, reject) => {
      waiter = { resolve: resolve as (value: unknown) => void, reject, claimed: false }
    })
    this.#waiting.set(correlationId, waiter)
    try {
      this.#bus.publish({ ...input, correlationId } as EventInput<T>)
      // Handlers run as the event is delivered; a middleware may deliver it later.
      if (!waiter.claimed) await this.#bus.settled()
      if (!waiter.claimed) throw new RequestUnhandledError(input.type)
    } finally {
      if (!waiter.claimed) this.#waiting.delete(correlationId)
    }
    return outcome
  }

  /**
   * Runs the work a handler does for a request event; its outcome (a throw too) settles the request
   * that published the event, if any.
   */
  handle<T>(event: AnyCinelayerEvent, run: () => Promise<T>): Promise<T> {
    const work = (async () => run())()
    const waiter = event.correlationId === undefined ? undefined : this.#waiting.get(event.correlationId)
    if (waiter && !waiter.claimed) {
      waiter.claimed = true
      this.#waiting.delete(event.correlationId!)
      work.then(waiter.resolve, waiter.reject)
    }
    return work
  }
}
