import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './error-replies.js'
import type { CinelayerApp } from './server.js'
import { secretMatches } from './shared-secret.js'

/** Name of the API key's security scheme in the OpenAPI document. */
export const apiKeyScheme = 'apiKey'

/** Methods that change something: they need the API key whenever one is configured. */
const changingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Routes that never need the key: liveness, the lab page's static files and the API's documentation. */
const openPaths = [/^\/health$/, /^\/$/, /^\/lab(-plots)?\.(js|css)$/, /^\/vendor\/uplot\.(js|css)$/, /^\/docs(\/|$)/]

/** Routes with a credential of their own: the media servers' webhooks carry the shared secret. */
const ownCredentialPaths = [/^\/webhooks\//]

/** Options of {@link registerApiKey}. */
export interface ApiKeyOptions {
  /** The key clients send as `Authorization: Bearer <key>`; without one, nothing asks for it. */
  apiKey: string | undefined
  /** Ask for the key on reads too (`GET`), not only on changes. Default `false`. */
  reads: boolean
}

/** The bearer token of an `Authorization` header, or `undefined`. */
function bearerOf(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
  return match?.[1]
}

/** Whether a request needs the key under these options. */
export function needsApiKey(method: string, path: string, options: ApiKeyOptions): boolean {
  if (!options.apiKey) return false
  if (ownCredentialPaths.some((pattern) => pattern.test(path))) return false
  if (changingMethods.has(method)) return true
  return options.reads && !openPaths.some((pattern) => pattern.test(path))
}

/**
 * Asks for `Authorization: Bearer <key>` on every request that changes something (and on reads when
 * `reads` is set), compared in constant time; anything else is answered 401 with a coded body and
 * a `WWW-Authenticate` header, before the body is even read.
 */
export function registerApiKey(app: CinelayerApp, options: ApiKeyOptions): void {
  if (!options.apiKey) return
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/'
    if (!needsApiKey(request.method, path, options)) return
    const given = bearerOf(request.headers.authorization)
    if (secretMatches(given, options.apiKey)) return
    const code = given === undefined ? 'API_KEY_MISSING' : 'API_KEY_INVALID'
    const message = given === undefined ? `${request.method} needs the API key: send "Authorization: Bearer <key>"` : 'The API key is not valid'
    return reply
      .code(401)
      .header('www-authenticate', `Bearer realm="cinelayer"${given === undefined ? '' : ', error="invalid_token"'}`)
      .send(errorBody(401, code, message))
  })
}
