import type { FastifyRequest } from 'fastify'
import { secretHeader, secretQueryParam } from './shared-secret.js'

const REDACTED = '[redacted]'

/** Replaces the value of every credential in a URL's query (`?secret=…`, `?api_key=…`) by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:secret|token|api_key|apikey|access_token)=)[^&#]*/gi, `$1${REDACTED}`)
}

/**
 * Pino options that keep credentials out of the log: the shared secret and tokens in a URL's
 * query, in the `Authorization` header or in the secret header never reach a line.
 */
export function redactingLoggerOptions() {
  return {
    redact: {
      paths: ['req.headers.authorization', `req.headers["${secretHeader}"]`, `req.query.${secretQueryParam}`, 'req.query.token'],
      censor: REDACTED,
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip }
      },
    },
  }
}
