import { ofetch } from 'ofetch'
import type { DataRequest } from './data-provider.js'
import type { ResolvedSource } from './http-sources.js'
import type { Redactor } from './redactor.js'
import type { Timers } from './timers.js'

/** What one attempt came back with. Not part of the public API. */
export type AttemptOutcome =
  | { kind: 'answer'; status: number; retryAfter: string | null; body: string | ArrayBuffer | undefined }
  | { kind: 'timeout' }
  | { kind: 'network'; error: Error }
  | { kind: 'aborted'; reason: unknown }

/** Everything one attempt needs. */
export interface AttemptInput {
  source: ResolvedSource
  /** The base URL with the request's site filled in. */
  base: string
  request: DataRequest
  binary: boolean
  timeoutMs: number
  timers: Timers
  redact: Redactor
  signal: AbortSignal | undefined
}

const timedOut = Symbol('timed out')

function queryOf(request: DataRequest, source: ResolvedSource): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query[name] = String(value)
  return { ...query, ...source.query }
}

/**
 * A transport error with credentials removed. ofetch's own error names the full URL (query
 * credentials included) and keeps the request options (the Authorization header), so only the
 * underlying causes' messages and codes are kept, redacted, on a fresh error.
 */
function sanitizedTransportError(error: unknown, redact: Redactor): Error {
  const parts: string[] = []
  let code: string | undefined
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.name !== 'FetchError') parts.push(current.message)
    const errorCode = (current as { code?: unknown }).code
    if (typeof errorCode === 'string') code ??= errorCode
    current = current.cause
  }
  const message = redact(parts.filter((part) => part.length > 0).join(': ') || 'unknown transport error')
  const sanitized = new Error(message)
  sanitized.name = 'TransportError'
  if (code) Object.assign(sanitized, { code })
  return sanitized
}

/**
 * One HTTP exchange, cut off after `timeoutMs` on the injected timers. Never throws: every way an
 * attempt can end is an outcome, so the retry loop decides in one place.
 */
export async function attemptRequest(input: AttemptInput): Promise<AttemptOutcome> {
  const { source, request, timers, signal } = input
  const timeout = new AbortController()
  const stopTimer = new AbortController()
  if (Number.isFinite(input.timeoutMs)) {
    timers.sleep(input.timeoutMs, stopTimer.signal).then(
      () => timeout.abort(timedOut),
      () => {},
    )
  }
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal
  try {
    const response = await ofetch.raw(`${input.base}${request.path}`, {
      method: 'GET',
      headers: source.headers,
      query: queryOf(request, source),
      signal: combined,
      retry: false,
      ignoreResponseError: true,
      responseType: input.binary ? 'arrayBuffer' : 'text',
    })
    return { kind: 'answer', status: response.status, retryAfter: response.headers.get('retry-after'), body: response._data as string | ArrayBuffer | undefined }
  } catch (error) {
    if (signal?.aborted) return { kind: 'aborted', reason: signal.reason }
    if (timeout.signal.aborted) return { kind: 'timeout' }
    return { kind: 'network', error: sanitizedTransportError(error, input.redact) }
  } finally {
    stopTimer.abort()
  }
}
