import { ProviderOptionsError } from './errors.js'

/** When and how long {@link HttpDataProvider} waits before trying a request again. */
export interface RetryOptions {
  /**
   * Attempts per request for 5xx answers, timeouts and network errors, the first one included
   * (`1` = never retry). Default `3`.
   */
  attempts?: number
  /** First backoff delay; doubled at each retry, with jitter. Default `500` ms. */
  baseDelayMs?: number
  /** Longest backoff delay. Default `30_000` ms. */
  maxDelayMs?: number
  /**
   * Retries of a request answered `429 Too Many Requests`, on top of `attempts`: a 429 says
   * "later", not "broken". Default `5`.
   */
  rateLimitRetries?: number
  /**
   * Longest `Retry-After` waited for. A longer one (a daily quota, OMDb's free plan) fails the
   * request with its 429 at once rather than hanging it. Default `120_000` ms.
   */
  maxRetryAfterMs?: number
  /** Source of jitter in `[0, 1)`. Default `Math.random`; inject a fixed one for reproducible delays. */
  random?: () => number
}

/** {@link RetryOptions} with every default applied. Not part of the public API. */
export type RetryPolicy = Required<RetryOptions>

// Statuses that say "try again": a timeout at the gateway or an overloaded or failing server.
const transientStatuses = new Set([408, 500, 502, 503, 504])

/** Whether a status is worth another attempt (429 is handled on its own: it carries a wait). */
export function isTransientStatus(status: number): boolean {
  return transientStatuses.has(status)
}

function positive(option: string, value: number, integer = false): number {
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new ProviderOptionsError(option, `expected a positive ${integer ? 'integer' : 'number'}, got ${value}`)
  return value
}

/** Applies the defaults and checks the ranges. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = {
    attempts: positive('retry.attempts', options.attempts ?? 3, true),
    baseDelayMs: positive('retry.baseDelayMs', options.baseDelayMs ?? 500),
    maxDelayMs: positive('retry.maxDelayMs', options.maxDelayMs ?? 30_000),
    rateLimitRetries: options.rateLimitRetries ?? 5,
    maxRetryAfterMs: positive('retry.maxRetryAfterMs', options.maxRetryAfterMs ?? 120_000),
    random: options.random ?? Math.random,
  }
  if (!Number.isInteger(policy.rateLimitRetries) || policy.rateLimitRetries < 0) {
    throw new ProviderOptionsError('retry.rateLimitRetries', `expected an integer of 0 or more, got ${policy.rateLimitRetries}`)
  }
  return policy
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with "equal
 * jitter" — half fixed, half random — so that clients failing together do not retry together,
 * yet none retries at once.
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return ceiling / 2 + (policy.random() * ceiling) / 2
}

/**
 * A `Retry-After` header in milliseconds from `now`: either delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). `undefined` when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
