/** A value of a query parameter. `undefined` parameters are dropped. */
export type QueryValue = string | number | boolean | undefined

/** One upstream request, independent of how the bytes are carried (live HTTP, replay, hybrid). */
export interface DataRequest {
  /** The upstream source: `'tmdb'`, `'wikipedia'`, `'wikidata'`, `'omdb'`. */
  source: string
  /**
   * Which site of a source spread over several answers: the language of a Wikipedia (`'fr'` is
   * `fr.wikipedia.org`). Part of the key. A data provider that goes to the web puts it where the
   * source's base URL says `{site}` (see `defaultSourceBaseURLs`). Default: the source's only site.
   */
  site?: string
  /** Path of the resource at the source, e.g. `/3/movie/550`. */
  path: string
  /** Query parameters. Secrets may be given here; they never reach keys, errors or recordings. */
  query?: Record<string, QueryValue>
  /**
   * How the answer is read: parsed JSON, or the raw bytes as an `ArrayBuffer` (images). Not part of
   * the key. Default `'json'`.
   */
  responseType?: DataResponseType
}

/** How a {@link DataRequest} answer is read. */
export type DataResponseType = 'json' | 'arrayBuffer'

/** Per-request options of {@link DataProvider.request}. */
export interface DataRequestOptions {
  /** Aborts the request; the provider rejects with `CINELAYER_ERR_PROVIDER_ABORTED`. */
  signal?: AbortSignal
}

/**
 * Carries the bytes of upstream requests. Logical providers (TMDB, Wikipedia, IMDb) speak through
 * one, so the same code runs live, from recordings, or both.
 */
export interface DataProvider {
  /** Name used in errors and logs, e.g. `json-replay`. */
  readonly name: string
  /**
   * Answers a request with the parsed JSON body.
   * @throws ProviderHttpError on a non-2xx answer, RequestAbortedError when aborted, and a
   *   provider-specific coded error otherwise (e.g. ReplayMissError).
   */
  request<T = unknown>(request: DataRequest, options?: DataRequestOptions): Promise<T>
  /** Requests answered so far, per source (a snapshot). */
  readonly counters: Readonly<Record<string, number>>
  /**
   * HTTP traffic so far per source (requests sent, retries, 429s, failures; a snapshot), for a
   * provider that goes over HTTP or wraps one that does. Absent for recorded data.
   */
  readonly traffic?: Readonly<Record<string, Readonly<HttpSourceTraffic>>>
}

/** What one source's traffic looked like so far (a snapshot). */
export interface HttpSourceTraffic {
  /** HTTP requests sent, retries included. */
  sent: number
  /** Requests answered in the end (any status). */
  answered: number
  /** Retries made (after a 429, a 5xx, a timeout or a network error). */
  retried: number
  /** `429 Too Many Requests` answers received. */
  throttled: number
  /** Requests that failed in the end (error status, timeout, network, malformed body). */
  failed: number
  /** Requests that failed on a 429 left unretried (too many, or a `Retry-After` beyond the cap). */
  throttledFailed: number
  /** Requests on the wire now. */
  inFlight: number
  /** Requests waiting for a concurrency slot or a rate-limit token now. */
  queued: number
}


/** Query parameters that carry credentials: never part of a key, an error or a recording. */
const secretParams = new Set(['api_key', 'apikey', 'access_token', 'token'])

/** Whether a query parameter carries a credential (case-insensitive). */
export function isSecretParam(name: string): boolean {
  return secretParams.has(name.toLowerCase())
}

// Commas and slashes stay readable (`append_to_response=credits,watch/providers`): keys are read by people.
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%2F/gi, '/')
}

/** The `append_to_response` sections of a query value, sorted and deduplicated. */
export function appendSections(value: QueryValue): string[] {
  if (value === undefined) return []
  const sections = String(value)
    .split(',')
    .map((section) => section.trim())
    .filter((section) => section.length > 0)
  return [...new Set(sections)].sort()
}

/**
 * The query of a request as sorted `[name, value]` pairs: `undefined` and secret parameters
 * dropped, `append_to_response` sections sorted (an empty one dropped).
 */
export function normalizedQuery(query: DataRequest['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || isSecretParam(name)) continue
    if (name === 'append_to_response') {
      const sections = appendSections(value)
      if (sections.length > 0) pairs.push([name, sections.join(',')])
    } else pairs.push([name, String(value)])
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * The normalized key of a request: `"<source> GET <path>?<query>"` with parameters sorted,
 * `undefined` and secret parameters (`api_key`, `apikey`, `access_token`, `token`) removed and the
 * sections of `append_to_response` sorted; a request to one site of a source is keyed
 * `"<source>@<site> GET ..."` (`wikipedia@fr GET /api/rest_v1/page/summary/Fight_Club`). Two requests
 * asking for the same thing have the same key.
 */
export function requestKey(request: DataRequest): string {
  const query = normalizedQuery(request.query)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&')
  const source = request.site ? `${request.source}@${request.site}` : request.source
  return `${source} GET ${request.path}${query ? `?${query}` : ''}`
}
