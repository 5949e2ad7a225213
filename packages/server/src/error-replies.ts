import { CinelayerError, type Clock, MovieMatchUncertainError, systemClock } from 'cinelayer'
import { WebhookPayloadError } from 'cinelayer/webhooks'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'

/** The body of every error answer (see `ErrorReply`). */
export interface ErrorBody {
  statusCode: number
  code: string
  error: string
  message: string
  issues?: Array<{ path: Array<string | number>; message: string }>
  /** With `CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN` (409): the movies a title may mean, to add one by its id. */
  candidates?: Array<{ id: string; title: string; year?: number }>
}

/** Seconds a client is told to wait when a provider is down and did not say how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 30

const statusNames: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** Errors the caller can fix by changing the request. */
const badRequestCodes = new Set([
  'CINELAYER_ERR_ID_INVALID',
  'CINELAYER_ERR_LEVEL_UNKNOWN',
  'CINELAYER_ERR_PROVIDER_INPUT_INVALID',
  'CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID',
  'CINELAYER_ERR_EDIT_INVALID',
  'CINELAYER_ERR_OPTIONS_INVALID',
  'CINELAYER_ERR_REFRESH_INVALID',
])

const notFoundCodes = new Set(['CINELAYER_ERR_MOVIE_NOT_FOUND', 'CINELAYER_ERR_PERSON_NOT_FOUND', 'CINELAYER_ERR_REPLAY_MISS'])

/**
 * An upstream that answered, but not something we can use: a body of the wrong shape or about
 * another movie, OMDb refusing our key, an answer too large to record. Our gateway's fault to
 * report (502), never a 500 of ours.
 */
const badUpstreamCodes = new Set(['CINELAYER_ERR_OMDB_REFUSED', 'CINELAYER_ERR_RECORDING_TOO_LARGE'])

/** A provider that is down or throttling: worth trying again later. */
const transientCodes = new Set(['CINELAYER_ERR_PROVIDER_TIMEOUT', 'CINELAYER_ERR_PROVIDER_NETWORK'])

/** The error of a body, for routes that answer errors themselves (401 of the webhooks). */
export function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, code, error: statusNames[statusCode] ?? 'Error', message }
}

/**
 * The one place errors become HTTP answers: 400 with the zod issues for bad input, 404 for unknown
 * ids, 503 with `Retry-After` when a provider is down or backing off (seconds by `clock`), the status of Fastify's own client errors
 * (413, 415…), and a bare 500 otherwise. Never a stack trace: the error is logged, not sent.
 */
export function replyWithError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply, clock: Clock = systemClock): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Where the issue is: `params`, `querystring` or `body`, then the path inside it.
    const context = (error as { validationContext?: string }).validationContext
    const issues = error.validation.map((issue) => ({
      path: [...(context ? [context] : []), ...issue.instancePath.split('/').filter((part) => part !== '')],
      message: issue.message ?? 'invalid',
    }))
    return reply.code(400).send({ ...errorBody(400, 'FST_ERR_VALIDATION', error.message), issues })
  }
  const coded = findCinelayerError(error)
  if (coded) return replyWithCinelayerError(coded, error, request, reply, clock)
  const status = (error as FastifyError).statusCode
  if (status !== undefined && status >= 400 && status < 500 && !isResponseSerializationError(error)) {
    return reply.code(status).send(errorBody(status, (error as FastifyError).code ?? 'FST_ERR', error.message))
  }
  request.log.error({ err: error }, 'request failed')
  return reply.code(500).send(errorBody(500, 'INTERNAL', 'The server failed to answer; the error is in its log'))
}

function replyWithCinelayerError(coded: CinelayerError, outer: Error, request: FastifyRequest, reply: FastifyReply, clock: Clock): FastifyReply {
  // The outermost coded error names what the caller asked for (the movie); the innermost, why.
  const message = outer instanceof CinelayerError ? outer.message : coded.message
  if (outer instanceof CinelayerError && outer.code === 'CINELAYER_ERR_ENRICHMENT_BACKOFF') {
    // The engine refuses to ask a provider that failed a moment ago, until the time it names.
    const retryAt = Date.parse(String(outer.details.retryAt))
    const seconds = Number.isFinite(retryAt) ? Math.max(1, Math.ceil((retryAt - clock.now()) / 1000)) : DEFAULT_RETRY_AFTER_SECONDS
    return reply.code(503).header('retry-after', String(seconds)).send(errorBody(503, outer.code, message))
  }
  if (outer instanceof MovieMatchUncertainError) {
    // No single movie to choose: the client chooses, by id, among the candidates.
    return reply.code(409).send({ ...errorBody(409, outer.code, outer.message), candidates: outer.candidates })
  }
  if (outer instanceof WebhookPayloadError) {
    return reply.code(400).send({ ...errorBody(400, outer.code, outer.message), issues: outer.issues })
  }
  // What the caller asked for decides first: a bad id or an unknown movie, whatever lookup failed behind it.
  if (outer instanceof CinelayerError && badRequestCodes.has(outer.code)) return reply.code(400).send(errorBody(400, outer.code, message))
  if (outer instanceof CinelayerError && notFoundCodes.has(outer.code)) return reply.code(404).send(errorBody(404, outer.code, message))
  if (badRequestCodes.has(coded.code)) return reply.code(400).send(errorBody(400, coded.code, coded.message))
  const httpStatus = typeof coded.details.status === 'number' ? coded.details.status : undefined
  if (notFoundCodes.has(coded.code) || httpStatus === 404) return reply.code(404).send(errorBody(404, coded.code, message))
  if (transientCodes.has(coded.code) || (httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500))) {
    request.log.warn({ code: coded.code }, message)
    return reply
      .code(503)
      .header('retry-after', String(retryAfterSeconds(coded)))
      .send(errorBody(503, coded.code, `A data provider is unavailable, try again later: ${message}`))
  }
  if (coded.code.startsWith('CINELAYER_ERR_PROVIDER_') || badUpstreamCodes.has(coded.code) || coded.code === 'CINELAYER_ERR_ENRICHMENT_FAILED') {
    request.log.warn({ code: coded.code }, message)
    return reply.code(502).send(errorBody(502, coded.code, message))
  }
  request.log.error({ err: outer }, 'request failed')
  return reply.code(500).send(errorBody(500, coded.code, 'The server failed to answer; the error is in its log'))
}

/** The deepest coded error in the cause chain (the provider's, behind an enrichment failure). */
function findCinelayerError(error: unknown): CinelayerError | undefined {
  let found: CinelayerError | undefined
  const seen = new Set<unknown>()
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current)
    if (current instanceof CinelayerError) found = current
  }
  return found
}

function retryAfterSeconds(error: CinelayerError): number {
  const hinted = error.details.retryAfterMs
  return typeof hinted === 'number' && Number.isFinite(hinted) && hinted > 0 ? Math.ceil(hinted / 1000) : DEFAULT_RETRY_AFTER_SECONDS
}
