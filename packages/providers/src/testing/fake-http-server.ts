import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Timers, realTimers } from '../timers.js'

/** Faults a fake server injects, to test retries, timeouts and malformed bodies. */
export interface FakeServerFaults {
  /** The first `failFirst` matching requests are answered with `failStatus`. Default `0`. */
  failFirst?: number
  /** Status of the injected failures. Default `500`. */
  failStatus?: number
  /** Every matching answer is delayed by this long (on the server's timers). Default `0`. */
  delayMs?: number
  /** The first `malformedFirst` matching successful answers carry a truncated JSON body. Default `0`. */
  malformedFirst?: number
  /** Only requests whose path (with query) matches are affected. Default: every request. */
  match?: RegExp
}

/** A rate limit enforced like TMDB's: over it, `429` with `Retry-After` in whole seconds. */
export interface FakeServerRateLimit {
  /** Requests per second (a token bucket). */
  requestsPerSecond: number
  /** Requests accepted at once after a quiet spell. Default: one second's worth. */
  burst?: number
}

/** Options every fake server takes. */
export interface FakeServerOptions {
  /** Rate limit. Default: none. */
  rateLimit?: FakeServerRateLimit
  /** Injected faults (can be changed later with `setFaults`). Default: none. */
  faults?: FakeServerFaults
  /** Clock and sleep of the rate limit and the delays; share fake timers with the client under test. Default: real timers. */
  timers?: Timers
  /** Seed of the generated data; the same seed gives the same answers. Default `1`. */
  seed?: number
  /**
   * Echo the credentials of each request back, as careless upstreams and debugging proxies do: in
   * an `x-echoed-credentials` header, in an `_echo` field of every JSON object answered, and
   * appended to the message of every error answer (`status_message`, OMDb's `Error`). Default `false`.
   */
  echoCredentials?: boolean
}

/** A running fake upstream on 127.0.0.1. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>`: give it as the `baseURL` of the source. */
  readonly url: string
  /** Requests received per endpoint (`movie`, `search`, `summary`...), throttled and faulted ones included. */
  readonly counters: Readonly<Record<string, number>>
  /** Requests received in all. */
  readonly total: number
  /** Requests answered `429` by the rate limit. */
  readonly throttled: number
  /** Replaces the injected faults (and restarts their counts). */
  setFaults(faults: FakeServerFaults): void
  /** Sets every counter back to zero. */
  resetCounters(): void
  /** Stops the server and drops open connections; pending delayed answers are abandoned. */
  close(): Promise<void>
}

/** What a route answers. Not part of the public API. */
export interface FakeAnswer {
  endpoint: string
  status?: number
  body: unknown
  /** Raw bytes instead of JSON (images). */
  bytes?: { data: Uint8Array; contentType: string }
}

/** How one fake upstream answers, in its own shapes. Not part of the public API. */
export interface FakeRoutes {
  /** The answer to a request URL, or `undefined` for an unknown path (a 404). */
  answer(url: URL): FakeAnswer | undefined
  /** Checks credentials; returns an error answer to send instead, or `undefined` when allowed. */
  authorize?(request: IncomingMessage, url: URL): FakeAnswer | undefined
  /** The body of a 429, in the source's shape. */
  throttleBody(count: number, limit: number): unknown
  /** The body of an error status (404 for unknown paths, injected failures), in the source's shape. */
  errorBody(status: number, url: URL): unknown
}

class ServerBucket {
  #tokens: number
  #updatedAt: number
  constructor(
    private readonly limit: FakeServerRateLimit,
    private readonly timers: Timers,
  ) {
    this.#tokens = limit.burst ?? limit.requestsPerSecond
    this.#updatedAt = timers.clock.now()
  }

  /** Takes a token, or returns the milliseconds until one is available. */
  take(): number {
    const now = this.timers.clock.now()
    const burst = this.limit.burst ?? this.limit.requestsPerSecond
    this.#tokens = Math.min(burst, this.#tokens + (Math.max(0, now - this.#updatedAt) * this.limit.requestsPerSecond) / 1000)
    this.#updatedAt = now
    if (this.#tokens >= 1 - 1e-9) {
      this.#tokens -= 1
      return 0
    }
    return ((1 - this.#tokens) * 1000) / this.limit.requestsPerSecond
  }
}

const credentialParams = ['api_key', 'apikey', 'key', 'token', 'access_token']

/** The credentials a request carried: its `Authorization` header and credential query parameters. */
function credentialsOf(request: IncomingMessage, url: URL): string[] {
  const found = credentialParams.map((name) => url.searchParams.get(name)).filter((value): value is string => value !== null)
  return [...(request.headers.authorization ? [request.headers.authorization] : []), ...found]
}

/** A JSON answer with the credentials echoed in it, as {@link FakeServerOptions.echoCredentials} says. */
function echoed(body: unknown, status: number, credentials: readonly string[]): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || credentials.length === 0) return body
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>), _echo: { credentials } }
  if (status >= 400) {
    for (const field of ['status_message', 'Error', 'detail']) {
      if (typeof copy[field] === 'string') copy[field] = `${copy[field] as string} (sent: ${credentials.join(', ')})`
    }
  }
  return copy
}

function send(response: ServerResponse, status: number, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers })
  response.end(body)
}

/**
 * Starts a fake upstream on 127.0.0.1 (a free port) answering through `routes`, with the rate limit,
 * faults and counters every fake server shares. Not part of the public API.
 */
export async function startFakeHttpServer(routes: FakeRoutes, options: FakeServerOptions = {}): Promise<FakeServer> {
  const timers = options.timers ?? realTimers
  const closing = new AbortController()
  const bucket = options.rateLimit ? new ServerBucket(options.rateLimit, timers) : undefined
  let faults: FakeServerFaults = options.faults ?? {}
  let failed = 0
  let malformed = 0
  let counters: Record<string, number> = {}
  let total = 0
  let throttled = 0

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const credentials = options.echoCredentials ? credentialsOf(request, url) : []
    const json = (status: number, body: unknown) => JSON.stringify(echoed(body, status, credentials))
    if (credentials.length > 0) response.setHeader('x-echoed-credentials', credentials.join(', '))
    const answer = routes.answer(url)
    const endpoint = answer?.endpoint ?? 'unknown'
    counters[endpoint] = (counters[endpoint] ?? 0) + 1
    total += 1
    const wait = bucket?.take() ?? 0
    if (wait > 0) {
      throttled += 1
      const limit = options.rateLimit!.requestsPerSecond
      send(response, 429, json(429, routes.throttleBody(total, limit)), { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) })
      return
    }
    const affected = faults.match ? faults.match.test(`${url.pathname}${url.search}`) : true
    if (affected && faults.delayMs) await timers.sleep(faults.delayMs, closing.signal)
    if (affected && failed < (faults.failFirst ?? 0)) {
      failed += 1
      const status = faults.failStatus ?? 500
      send(response, status, json(status, routes.errorBody(status, url)))
      return
    }
    const refused = routes.authorize?.(request, url)
    const final = refused ?? answer ?? { endpoint, status: 404, body: routes.errorBody(404, url) }
    if (final.bytes) {
      send(response, final.status ?? 200, final.bytes.data, { 'content-type': final.bytes.contentType })
      return
    }
    const status = final.status ?? 200
    const text = json(status, final.body)
    if (affected && status === 200 && malformed < (faults.malformedFirst ?? 0)) {
      malformed += 1
      send(response, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))))
      return
    }
    send(response, status, text)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // Closing abandons delayed answers; anything else is a bug of the fake, shown as a 500.
      if (!response.headersSent && !closing.signal.aborted) send(response, 500, JSON.stringify({ status_message: 'fake server error' }))
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get counters() {
      return { ...counters }
    },
    get total() {
      return total
    },
    get throttled() {
      return throttled
    },
    setFaults(next) {
      faults = next
      failed = 0
      malformed = 0
    },
    resetCounters() {
      counters = {}
      total = 0
      throttled = 0
    },
    async close() {
      closing.abort(new Error('fake server closed'))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
