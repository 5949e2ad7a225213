import { type BackoffState, OptionsInvalidError } from './errors.js'
import type { Movie } from './schemas.js'

/**
 * How long a provider that failed for a movie is left alone. After `n` consecutive failures of one
 * provider for one movie, it is asked again no sooner than `min(initialDelayMs × factor^(n-1), maxDelayMs)`
 * after the last one.
 */
export interface RetryBackoffOptions {
  /** Wait after the first failure. Default `30_000` (30 s). */
  initialDelayMs?: number
  /** Growth of the wait with each further failure. Default `2`. */
  factor?: number
  /** Longest wait. Default `3_600_000` (1 h). */
  maxDelayMs?: number
}

/** The default backoff: 30 s, doubling, at most 1 h. */
export const defaultRetryBackoff: Required<RetryBackoffOptions> = { initialDelayMs: 30_000, factor: 2, maxDelayMs: 3_600_000 }

/** What `backoffOf` answers while a provider is left alone. */
export type ProviderBackoff = BackoffState & {
  lastError: { code: string; message: string }
  /** Facets the last failed call asked for: a call asking for all of them (or more) waits, a smaller one may go. */
  facets: string[]
}

/**
 * Failures that no backoff keeps: a replay miss asked no upstream (there is nothing to spare), and
 * the next try may find a recording added since, so it is not held for 30 s.
 */
const unkeptFailureCodes: ReadonlySet<string> = new Set(['CINELAYER_ERR_REPLAY_MISS'])

/**
 * Where a provider stands with a movie, read from the record (its recorded errors and the stamps of
 * the facets the provider filled). `undefined` when the provider may be asked now.
 *
 * Only failures at or after `since` count: an engine passes the instant it started, so a restart
 * (with a fixed key, a new base URL, another data mode) asks again at once instead of serving a
 * wait decided under another configuration. The errors stay on the record, for diagnostics.
 */
export function backoffOf(movie: Movie, provider: string, options: RetryBackoffOptions, now: number, since = Number.NEGATIVE_INFINITY): ProviderBackoff | undefined {
  const { initialDelayMs, factor, maxDelayMs } = { ...defaultRetryBackoff, ...options }
  let lastSuccess = since
  for (const stamp of Object.values(movie.facets)) {
    if (stamp.provider === provider) lastSuccess = Math.max(lastSuccess, Date.parse(stamp.at) || lastSuccess)
  }
  // A failure at the very instant of a success counts: when in doubt, the provider is spared.
  const failures = movie.errors.filter((error) => error.provider === provider && Date.parse(error.at) >= lastSuccess && !unkeptFailureCodes.has(error.code))
  const last = failures.at(-1)
  if (!last) return undefined
  const delay = Math.min(initialDelayMs * factor ** (failures.length - 1), maxDelayMs)
  const retryAt = Date.parse(last.at) + delay
  if (!(now < retryAt)) return undefined
  return {
    provider,
    failures: failures.length,
    lastFailureAt: last.at,
    retryAt: new Date(retryAt).toISOString(),
    lastError: { code: last.code, message: last.message },
    facets: [...last.facets],
  }
}

/**
 * Whether a backoff holds a call for these facets. A call that asks for everything the failed one
 * asked (or more) would fail the same way and waits; a smaller one goes: after a failed jump to
 * `deep`, the provider is still asked for what `basic` needs, and that may well answer.
 */
export function backoffHolds(backoff: ProviderBackoff | undefined, facets: readonly string[]): backoff is ProviderBackoff {
  return backoff !== undefined && backoff.facets.every((facet) => facets.includes(facet))
}

/**
 * Checks backoff options before an engine uses them.
 * @throws OptionsInvalidError for a delay that is not a number ≥ 0, a factor below 1, or a bound below the first delay
 */
export function checkRetryBackoff(options: RetryBackoffOptions | false | undefined): void {
  if (options === false || options === undefined) return
  const { initialDelayMs, factor, maxDelayMs } = { ...defaultRetryBackoff, ...options }
  if (!(initialDelayMs >= 0)) throw new OptionsInvalidError('retry.initialDelayMs', `expected a number of ms >= 0, got ${String(initialDelayMs)}`)
  if (!(factor >= 1) || !Number.isFinite(factor)) throw new OptionsInvalidError('retry.factor', `expected a finite number >= 1, got ${String(factor)}`)
  if (!(maxDelayMs >= initialDelayMs)) throw new OptionsInvalidError('retry.maxDelayMs', `expected a number of ms >= initialDelayMs (${initialDelayMs}), got ${String(maxDelayMs)}`)
}
