import type { Redactor } from 'cinelayer'
import type { FastifyRequest } from 'fastify'
import { secretHeader } from './shared-secret.js'

const REDACTED = '[redacted]'

/** Query parameters that carry a credential, whatever their value (a wrong secret is still someone's secret). */
const credentialParams = /^(secret|token|api_key|apikey|access_token|key|password)$/i

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    // A malformed escape: shown as sent, the value redaction still applies.
    return text
  }
}

/**
 * A URL as it may be logged: the path and the query decoded (so `?s%65cret=` reads `?secret=`, as
 * the router understood it), every credential parameter's value replaced by `[redacted]`, then
 * every known secret removed by `redact`, however it was encoded.
 */
export function redactUrl(url: string, redact: (text: string) => string = (text) => text): string {
  const [path = '', ...rest] = url.split('?')
  const query = rest.join('?')
  const cleanPath = redact(decoded(path))
  if (query === '') return cleanPath
  const pairs = query.split('&').map((pair) => {
    const [rawName = '', ...value] = pair.split('=')
    const name = decoded(rawName)
    if (credentialParams.test(name.trim())) return `${redact(name)}=${REDACTED}`
    return value.length === 0 ? redact(name) : `${redact(name)}=${redact(decoded(value.join('=')))}`
  })
  return `${cleanPath}?${pairs.join('&')}`
}

/**
 * Pino options that keep credentials out of the log: the `Authorization` and secret headers are
 * censored, the URL is logged decoded with credential parameters redacted, and every line pino
 * writes (messages, errors with their stacks and causes) goes through `redact` last.
 */
export function redactingLoggerOptions(redact: Redactor) {
  return {
    redact: {
      paths: ['req.headers.authorization', `req.headers["${secretHeader}"]`, 'req.query'],
      censor: REDACTED,
    },
    serializers: {
      req(request: FastifyRequest) {
        return { method: request.method, url: redactUrl(request.url, redact), host: request.host, remoteAddress: request.ip }
      },
    },
    hooks: {
      // The last word: whatever a line holds (an error's stack, a cause's message), no secret leaves.
      streamWrite: (line: string) => redact(line),
    },
  }
}
