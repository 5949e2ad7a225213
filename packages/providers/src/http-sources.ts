import { ConcurrencyGate } from './concurrency-gate.js'
import { ProviderOptionsError } from './errors.js'
import { defaultSourceBaseURLs } from './source-urls.js'
import type { Timers } from './timers.js'
import { TokenBucket } from './token-bucket.js'

/** Credentials of a source: a bearer token header, or a query parameter. Never logged or recorded. */
export type HttpAuth = { bearer: string } | { queryParam: string; value: string }

/** How one source is reached by {@link HttpDataProvider}. */
export interface HttpSourceOptions {
  /**
   * Base URL (a proxy, a mirror, a local fake); `{site}` stands for the request's `site` (a
   * Wikipedia language). For `tmdb`, the documented `https://api.themoviedb.org/3` and the bare
   * origin are the same: a trailing `/3` is dropped, since request paths start with `/3/`. Defaults: `defaultSourceBaseURLs` (`tmdb` `https://api.themoviedb.org`,
   * `tmdb-image` `https://image.tmdb.org`, `wikipedia` `https://{site}.wikipedia.org`, `wikidata`
   * `https://www.wikidata.org`, `omdb` `https://www.omdbapi.com`); required for any other source.
   */
  baseURL?: string
  /**
   * Requests per second, as a token bucket (`Infinity`: no limit). Defaults: `tmdb` 40,
   * `tmdb-image` 20, `wikipedia` 50, `wikidata` 10, `omdb` 10, others 10.
   */
  requestsPerSecond?: number
  /**
   * Tokens saved up while idle: requests that may leave at once. It also lets a client that was
   * late (a timer firing after its time, a slow answer) catch up to the full rate. Default: a
   * quarter of a second's worth, at least 1 (10 for TMDB's 40/s).
   */
  burst?: number
  /** Requests in flight at once. Defaults: `tmdb` 8, `tmdb-image` 4, `wikipedia` 4, `wikidata` 1, `omdb` 4, others 4. */
  concurrency?: number
  /** Headers sent on every request of this source. Default none. */
  headers?: Record<string, string>
  /** Credentials. Default none. */
  auth?: HttpAuth
}

/** Options of the `tmdb` source: TMDB's v4 read access token (preferred) or v3 api key. */
export interface TmdbHttpOptions extends HttpSourceOptions {
  /** v4 read access token, sent as `Authorization: Bearer …`. Default none. */
  token?: string
  /** v3 api key, sent as the `api_key` query parameter (used when no token is given). Default none. */
  apiKey?: string
}

/** Options of the `omdb` source. */
export interface OmdbHttpOptions extends HttpSourceOptions {
  /** OMDb key, sent as the `apikey` query parameter. Default none. */
  apiKey?: string
}

interface SourceLimits {
  requestsPerSecond: number
  concurrency: number
}

/**
 * Defaults per known source. TMDB documents an upper limit "somewhere in the 50 requests per
 * second range" (developer.themoviedb.org, Rate Limiting, since the 40-per-10-seconds limit was
 * lifted in December 2019): 40/s keeps a margin under it. Wikimedia asks REST API clients to stay
 * under 200 requests/s, and Action API clients (Wikidata) to send requests in series (API:Etiquette).
 * OMDb documents a daily quota, not a rate, and TMDB's image CDN no limit at all: 10/s and 20/s are
 * polite guesses.
 */
const knownLimits: Readonly<Record<string, SourceLimits>> = {
  tmdb: { requestsPerSecond: 40, concurrency: 8 },
  'tmdb-image': { requestsPerSecond: 20, concurrency: 4 },
  wikipedia: { requestsPerSecond: 50, concurrency: 4 },
  wikidata: { requestsPerSecond: 10, concurrency: 1 },
  omdb: { requestsPerSecond: 10, concurrency: 4 },
}

/** A source ready to send requests: URL, limits and credentials. Not part of the public API. */
export interface ResolvedSource {
  name: string
  /** Base URL template, `{site}` included when the source has several sites. */
  baseURL: string
  bucket: TokenBucket
  gate: ConcurrencyGate
  headers: Record<string, string>
  /** Query parameters added to every request (credentials). */
  query: Record<string, string>
  /** Every credential of the source, for redaction. */
  secrets: string[]
}

function check(name: string, option: string, value: number, rule: 'rate' | 'count'): number {
  const ok = rule === 'rate' ? value > 0 : Number.isInteger(value) && value >= 1
  if (!ok) throw new ProviderOptionsError(`${name}.${option}`, rule === 'rate' ? `expected a positive number or Infinity, got ${value}` : `expected an integer of 1 or more, got ${value}`)
  return value
}

function checkBaseURL(name: string, value: string | undefined): string {
  if (value === undefined) throw new ProviderOptionsError(`${name}.baseURL`, `source "${name}" has no default base URL; give one`)
  let url: URL
  try {
    url = new URL(value.replaceAll('{site}', 'en'))
  } catch (cause) {
    throw new ProviderOptionsError(`${name}.baseURL`, `"${value}" is not an absolute URL${cause instanceof Error ? ` (${cause.message})` : ''}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProviderOptionsError(`${name}.baseURL`, `"${value}" is not http(s)`)
  const trimmed = value.replace(/\/+$/, '')
  // TMDB documents its base URL as `https://api.themoviedb.org/3`, while request paths carry the
  // version (`/3/movie/550`): the documented form and the bare origin must both work.
  return name === 'tmdb' ? trimmed.replace(/\/3$/, '') : trimmed
}

function authOf(options: HttpSourceOptions & { token?: string; apiKey?: string }, name: string): HttpAuth | undefined {
  if (options.auth) return options.auth
  if (options.token) return { bearer: options.token }
  if (options.apiKey) return { queryParam: name === 'omdb' ? 'apikey' : 'api_key', value: options.apiKey }
  return undefined
}

/** Builds one source: defaults, checks, its own bucket and gate. */
export function resolveSource(name: string, options: HttpSourceOptions & { token?: string; apiKey?: string }, timers: Timers, userAgent: string): ResolvedSource {
  const defaults = Object.hasOwn(knownLimits, name) ? knownLimits[name] : undefined
  const rate = check(name, 'requestsPerSecond', options.requestsPerSecond ?? defaults?.requestsPerSecond ?? 10, 'rate')
  const burst = check(name, 'burst', options.burst ?? Math.max(1, Math.round(Number.isFinite(rate) ? rate / 4 : 1)), 'count')
  const concurrency = check(name, 'concurrency', options.concurrency ?? defaults?.concurrency ?? 4, 'count')
  const auth = authOf(options, name)
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': userAgent, ...options.headers }
  const query: Record<string, string> = {}
  if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`
  if (auth && 'queryParam' in auth) query[auth.queryParam] = auth.value
  const secrets = auth ? ['bearer' in auth ? auth.bearer : auth.value] : []
  return {
    name,
    baseURL: checkBaseURL(name, options.baseURL ?? (Object.hasOwn(defaultSourceBaseURLs, name) ? defaultSourceBaseURLs[name] : undefined)),
    bucket: new TokenBucket(rate, burst, timers),
    gate: new ConcurrencyGate(concurrency),
    headers,
    query,
    secrets,
  }
}

/** Names of the sources with built-in defaults. */
export const knownSourceNames: readonly string[] = [...new Set([...Object.keys(defaultSourceBaseURLs), ...Object.keys(knownLimits)])]
