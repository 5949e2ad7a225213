import { type DataProvider, type DataRequest, type DataRequestOptions, type HttpSourceTraffic, requestKey } from './data-provider.js'
import {
  ProviderHttpError,
  ProviderNetworkError,
  ProviderOptionsError,
  ProviderResponseError,
  ProviderTimeoutError,
  RequestAbortedError,
} from './errors.js'
import { type AttemptOutcome, attemptRequest } from './http-attempt.js'
import { type HttpSourceOptions, type OmdbHttpOptions, type ResolvedSource, type TmdbHttpOptions, knownSourceNames, resolveSource } from './http-sources.js'
import { type Redactor, createRedactor } from './redactor.js'
import { type RetryOptions, type RetryPolicy, backoffDelay, isTransientStatus, parseRetryAfter, resolveRetryPolicy } from './retry-policy.js'
import { baseURLOf } from './source-urls.js'
import { type Timers, realTimers } from './timers.js'

/** Options of {@link HttpDataProvider}. Every option has a default; only credentials must be given. */
export interface HttpDataProviderOptions {
  /** The `tmdb` source: token or api key, base URL, limits. Default: TMDB's API, 40 requests/s, no credentials. */
  tmdb?: TmdbHttpOptions
  /** The `wikipedia` source (REST summaries, search). Default: `https://{site}.wikipedia.org`, 50 requests/s. */
  wikipedia?: HttpSourceOptions
  /** The `wikidata` source (sitelinks). Default: `https://www.wikidata.org`, 10 requests/s, one at a time. */
  wikidata?: HttpSourceOptions
  /** The `omdb` source (IMDb ratings): api key, base URL, limits. Default: `https://www.omdbapi.com`, 10 requests/s. */
  omdb?: OmdbHttpOptions
  /** `tmdb-image` and any other source, by name (a `baseURL` is required for unknown ones). Default none. */
  sources?: Record<string, HttpSourceOptions>
  /** Time allowed to each attempt, headers and body. `Infinity` disables it. Default `10_000` ms. */
  timeoutMs?: number
  /** Retries, backoff and `Retry-After`. Default: 3 attempts, 500 ms doubling with jitter, up to 5 retries on 429. */
  retry?: RetryOptions
  /** Clock and sleep behind every wait. Default {@link realTimers}. */
  timers?: Timers
  /** Receives one line per attempt and per retry, credentials removed. Default: no logging. */
  logger?: (line: string) => void
  /** `User-Agent` of every request (Wikimedia asks for a contact). Default `cinelayer (+https://github.com/cinelayer/cinelayer)`. */
  userAgent?: string
  /** More strings to keep out of logs and errors (credentials put in `headers` by hand). Default none. */
  secrets?: readonly string[]
  /** Name in errors and logs. Default `'http'`. */
  name?: string
}

const emptyTraffic = (): HttpSourceTraffic => ({ sent: 0, answered: 0, retried: 0, throttled: 0, failed: 0, throttledFailed: 0, inFlight: 0, queued: 0 })

function statusMessageOf(body: string | ArrayBuffer | undefined): string | undefined {
  if (typeof body !== 'string') return undefined
  try {
    const parsed = JSON.parse(body) as Record<string, unknown> | null
    // TMDB says status_message, OMDb Error, Wikimedia's problem+json detail or title.
    const message = parsed?.status_message ?? parsed?.Error ?? parsed?.detail ?? parsed?.title
    return typeof message === 'string' ? message.slice(0, 200) : undefined
  } catch {
    return undefined
  }
}

/**
 * Live upstream data over HTTP (ofetch): per-source base URL, credentials, bounded concurrency and a
 * token-bucket rate limit; retries with exponential backoff and jitter on 5xx, timeouts and network
 * errors; `Retry-After` honoured on 429 (the whole source pauses); a timeout per attempt;
 * cancellation through `AbortSignal`. Credentials never reach keys, errors, log lines or causes.
 */
export class HttpDataProvider implements DataProvider {
  /** Name in errors and logs (default `'http'`). */
  readonly name: string
  readonly #sources = new Map<string, ResolvedSource>()
  readonly #traffic = new Map<string, HttpSourceTraffic>()
  readonly #counters: Record<string, number> = {}
  readonly #timers: Timers
  readonly #policy: RetryPolicy
  readonly #timeoutMs: number
  readonly #redact: Redactor
  readonly #logger: ((line: string) => void) | undefined

  constructor(options: HttpDataProviderOptions = {}) {
    this.name = options.name ?? 'http'
    this.#timers = options.timers ?? realTimers
    this.#policy = resolveRetryPolicy(options.retry)
    this.#timeoutMs = options.timeoutMs ?? 10_000
    if (!(this.#timeoutMs > 0)) throw new ProviderOptionsError('timeoutMs', `expected a positive number or Infinity, got ${this.#timeoutMs}`)
    this.#logger = options.logger
    const userAgent = options.userAgent ?? 'cinelayer (+https://github.com/cinelayer/cinelayer)'
    const named: Record<string, HttpSourceOptions | undefined> = { tmdb: options.tmdb, wikipedia: options.wikipedia, wikidata: options.wikidata, omdb: options.omdb, ...options.sources }
    for (const name of new Set([...knownSourceNames, ...Object.keys(named)])) {
      this.#sources.set(name, resolveSource(name, named[name] ?? {}, this.#timers, userAgent))
    }
    this.#redact = createRedactor([...[...this.#sources.values()].flatMap((source) => source.secrets), ...(options.secrets ?? [])])
  }

  /** Requests answered per source (the final answer of each request, whatever its status). */
  get counters(): Readonly<Record<string, number>> {
    return { ...this.#counters }
  }

  /** Traffic per source: sent, retried, throttled, failed, in flight, queued. */
  get traffic(): Readonly<Record<string, Readonly<HttpSourceTraffic>>> {
    return Object.fromEntries([...this.#traffic].map(([name, traffic]) => [name, { ...traffic }]))
  }

  /**
   * Sends the request (through the source's concurrency gate and rate limit), retrying as the
   * policy allows, and answers the parsed JSON body (an `ArrayBuffer` for binary requests).
   * @throws ProviderHttpError on a final non-2xx status; ProviderTimeoutError; ProviderNetworkError;
   *   ProviderResponseError when a 2xx body is not JSON; RequestAbortedError when the signal aborts;
   *   ProviderOptionsError for a source without a base URL; ProviderInputError for a missing or
   *   malformed `site` where the base URL needs one.
   */
  async request<T = unknown>(request: DataRequest, options: DataRequestOptions = {}): Promise<T> {
    const key = this.#redact(requestKey(request))
    const signal = options.signal
    if (signal?.aborted) throw new RequestAbortedError(key, signal.reason)
    const source = this.#sourceOf(request.source)
    const base = baseURLOf(request, { [source.name]: source.baseURL })
    const traffic = this.#trafficOf(source.name)
    const binary = request.responseType === 'arrayBuffer'
    let attempts = 0
    let failures = 0
    let throttles = 0
    for (;;) {
      attempts += 1
      const started = this.#timers.clock.now()
      const outcome = await this.#attempt(source, traffic, { request, base, binary, signal, key })
      const took = Math.round(this.#timers.clock.now() - started)
      if (outcome.kind === 'answer' && outcome.status === 429) {
        throttles += 1
        if (this.#retryThrottled(outcome.retryAfter, throttles, source, traffic, `${key} → 429`, attempts)) continue
      }
      const transient = outcome.kind === 'timeout' || outcome.kind === 'network' || (outcome.kind === 'answer' && isTransientStatus(outcome.status))
      if (transient) failures += 1
      if (transient && failures < this.#policy.attempts) {
        const wait = backoffDelay(this.#policy, failures)
        traffic.retried += 1
        this.#log(`${key} → ${this.#describe(outcome)}, retrying in ${Math.round(wait)} ms (attempt ${attempts}, ${took} ms)`)
        await this.#timers.sleep(wait, signal).catch(() => {
          throw new RequestAbortedError(key, signal?.reason)
        })
        continue
      }
      this.#log(`${key} → ${this.#describe(outcome)} (attempt ${attempts}, ${took} ms)`)
      return this.#settle<T>(outcome, { key, attempts, traffic, source: source.name })
    }
  }

  /**
   * Decides on a 429: retry after its `Retry-After` (or a backoff) unless the retries or the wait
   * are beyond the policy. The whole source pauses, since the limit is the source's.
   */
  #retryThrottled(retryAfterHeader: string | null, throttles: number, source: ResolvedSource, traffic: HttpSourceTraffic, what: string, attempts: number): boolean {
    traffic.throttled += 1
    const retryAfter = parseRetryAfter(retryAfterHeader, this.#timers.clock.now())
    if (throttles > this.#policy.rateLimitRetries || (retryAfter ?? 0) > this.#policy.maxRetryAfterMs) {
      traffic.throttledFailed += 1
      return false
    }
    const wait = retryAfter ?? backoffDelay(this.#policy, throttles)
    source.bucket.pauseUntil(this.#timers.clock.now() + wait)
    traffic.retried += 1
    this.#log(`${what}, retrying in ${Math.round(wait)} ms (${retryAfter === undefined ? 'backoff' : 'Retry-After'}, attempt ${attempts})`)
    return true
  }

  #sourceOf(name: string): ResolvedSource {
    const source = this.#sources.get(name)
    if (!source) throw new ProviderOptionsError(`sources.${name}`, `source "${name}" is not configured; give it a baseURL in options.sources`)
    return source
  }

  #trafficOf(name: string): HttpSourceTraffic {
    let traffic = this.#traffic.get(name)
    if (!traffic) this.#traffic.set(name, (traffic = emptyTraffic()))
    return traffic
  }

  /** Waits for a slot and a token, then makes one attempt; the slot is freed before any backoff. */
  async #attempt(source: ResolvedSource, traffic: HttpSourceTraffic, input: { request: DataRequest; base: string; binary: boolean; signal: AbortSignal | undefined; key: string }): Promise<AttemptOutcome> {
    traffic.queued += 1
    let release: (() => void) | undefined
    try {
      release = await source.gate.acquire(input.signal)
      await source.bucket.take(input.signal)
    } catch {
      release?.()
      throw new RequestAbortedError(input.key, input.signal?.reason)
    } finally {
      traffic.queued -= 1
    }
    traffic.inFlight += 1
    traffic.sent += 1
    try {
      const outcome = await attemptRequest({ ...input, source, timeoutMs: this.#timeoutMs, timers: this.#timers, redact: this.#redact })
      if (outcome.kind === 'aborted') throw new RequestAbortedError(input.key, outcome.reason)
      return outcome
    } finally {
      traffic.inFlight -= 1
      release()
    }
  }

  /** Turns the last outcome into the answer or the error. */
  #settle<T>(outcome: AttemptOutcome, context: { key: string; attempts: number; traffic: HttpSourceTraffic; source: string }): T {
    const { key, attempts, traffic } = context
    if (outcome.kind !== 'answer') {
      traffic.failed += 1
      if (outcome.kind === 'timeout') throw new ProviderTimeoutError(key, this.#timeoutMs, attempts)
      if (outcome.kind === 'network') throw new ProviderNetworkError(key, attempts, outcome.error)
      throw new RequestAbortedError(key, outcome.reason)
    }
    this.#counters[context.source] = (this.#counters[context.source] ?? 0) + 1
    traffic.answered += 1
    if (outcome.status < 200 || outcome.status > 299) {
      traffic.failed += 1
      const statusMessage = statusMessageOf(typeof outcome.body === 'string' ? this.#redact(outcome.body) : outcome.body)
      throw new ProviderHttpError(key, outcome.status, { attempts, ...(statusMessage ? { statusMessage } : {}) })
    }
    if (outcome.body instanceof ArrayBuffer) return outcome.body as T
    if (outcome.body === undefined || (outcome.status === 204 && outcome.body === '')) return null as T
    try {
      // An upstream that echoes a credential (OMDb's "Invalid API key: <key>", a proxy's debug
      // field) must not hand it to records, errors or recordings: the text is cleaned before use.
      return JSON.parse(this.#redact(outcome.body)) as T
    } catch (cause) {
      traffic.failed += 1
      const reason = cause instanceof Error ? this.#redact(cause.message) : 'unreadable'
      throw new ProviderResponseError(key, `the body is not valid JSON (${reason})`, new SyntaxError(reason))
    }
  }

  #describe(outcome: AttemptOutcome): string {
    if (outcome.kind === 'answer') return String(outcome.status)
    if (outcome.kind === 'timeout') return `no answer within ${this.#timeoutMs} ms`
    if (outcome.kind === 'network') return `network error (${outcome.error.message})`
    return 'aborted'
  }

  #log(line: string): void {
    if (!this.#logger) return
    try {
      this.#logger(this.#redact(`[${this.name}] ${line}`))
    } catch {
      // A failing logger must not fail the request it reports on.
    }
  }
}
