import type { IncomingMessage, ServerResponse } from 'node:http'
import fastifyMultipart from '@fastify/multipart'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { type Clock, type MovieEngine, systemClock } from 'cinelayer'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type RawServerDefault } from 'fastify'
import {
  type ZodTypeProvider,
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import { apiKeyScheme, needsApiKey, registerApiKey } from './api-key.js'
import { assertSafeBind } from './bind-guard.js'
import { codedClientErrorHandler } from './client-errors.js'
import { errorBody, replyWithError } from './error-replies.js'
import { registerEventStream } from './event-stream.js'
import { ErrorReply } from './http-schemas.js'
import { labAssets, registerLabPage } from './lab-page.js'
import { registerLabRoutes } from './lab-routes.js'
import { redactUrl, redactingLoggerOptions } from './log-redaction.js'
import { registerMovieRoutes, registerRefreshRoute } from './movie-routes.js'
import { registerOperationsRoutes } from './operations-routes.js'
import { registerPeopleRoutes } from './people-routes.js'
import { type RateLimitOptions, registerRateLimit } from './rate-limits.js'
import { registerSearchRoute } from './search-route.js'
import { registerWebhookRoutes } from './webhook-routes.js'

/** The Fastify instance with zod as its type provider. */
export type CinelayerApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The engine behind the API. The server does not close it: its owner does. */
  engine: MovieEngine
  /** Shared secret of the Plex and Jellyfin webhooks. Default: none, and every webhook is refused (401). */
  webhookSecret?: string
  /**
   * The API key: every request that changes something (`POST`, `PATCH`, `PUT`, `DELETE`; the webhooks
   * have their secret) must send `Authorization: Bearer <key>`, else 401. Without one, `listen` refuses
   * any host but loopback. Default: none (`CINELAYER_API_KEY` in `main.ts`).
   */
  apiKey?: string
  /** Ask for the API key on reads too (`GET`), but `/health`, the lab page and `/docs`. Default `false`. */
  apiKeyForReads?: boolean
  /** Rate limit of the routes that may ask a data provider, per client; `false` turns it off. Default 300 per minute. */
  rateLimit?: RateLimitOptions | false
  /** The address clients reach the server at, for the OpenAPI document's `servers`. Default `/` (the server itself). */
  publicUrl?: string
  /**
   * Pino logger options, or `false`. Default `false`. Credentials are redacted whatever is given
   * (`redact` and the `req` serializer are added).
   */
  logger?: boolean | Record<string, unknown>
  /** Largest JSON body accepted, in bytes. Default 256 KiB (a webhook is a few kilobytes). */
  bodyLimit?: number
  /** Level of `GET /movies/:id` when none is asked. Default `'basic'`. */
  defaultLevel?: string
  /** The engine's clock, to say in `Retry-After` how long a provider's backoff still lasts. Default: the system clock. */
  clock?: Clock
}

const docsPrefix = '/docs'

/**
 * Builds the HTTP API around an engine: routes validated by zod schemas that also make the
 * OpenAPI document at `/docs`, webhooks for Plex and Jellyfin, server-sent events and the lab page.
 * Call `listen()` on the result, or `inject()` in tests.
 */
export async function buildServer(options: ServerOptions): Promise<CinelayerApp> {
  const { engine } = options
  const defaultLevel = engine.levels.assert(options.defaultLevel ?? 'basic')
  // Everything the engine must hide, and the server's own credentials.
  const redact = engine.redactor.with([options.apiKey, options.webhookSecret])
  const logger = options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? {} : options.logger), ...redactingLoggerOptions(redact) }
  const fastifyOptions: FastifyServerOptions = { logger, bodyLimit: options.bodyLimit ?? 256 * 1024, clientErrorHandler: codedClientErrorHandler }
  const app = Fastify(fastifyOptions).withTypeProvider<ZodTypeProvider>()
  guardListen(app, options.apiKey)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  const clock = options.clock ?? systemClock
  app.setErrorHandler((error, request, reply) => replyWithError(error instanceof Error ? error : new Error(String(error)), request, reply, clock))
  // Fastify's own 404 repeats the URL, query included: a secret in it would be sent back.
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, 'FST_ERR_NOT_FOUND', `Route ${request.method}:${redactUrl(request.url, redact).split('?')[0]} not found`))
  })
  // The last safety net of every answer: no secret leaves in a body, whatever put it there.
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? redact(payload) : payload))

  const apiKey = { apiKey: options.apiKey, reads: options.apiKeyForReads === true }
  registerApiKey(app, apiKey)
  documentRoutes(app, apiKey, options.rateLimit !== false)
  await registerRateLimit(app, options.rateLimit)
  await app.register(fastifyMultipart)
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'cinelayer HTTP API', description: 'A movie catalog as deep as it is used (@cinelayer/server).', version: '0.0.0' },
      servers: [{ url: options.publicUrl ?? '/', description: 'this server' }],
      tags: ['movies', 'people', 'search', 'operations', 'events', 'webhooks'].map((name) => ({ name })),
      components: {
        securitySchemes: {
          [apiKeyScheme]: { type: 'http', scheme: 'bearer', description: 'The API key (CINELAYER_API_KEY), as Authorization: Bearer <key>' },
        },
      },
    },
    transform: createJsonSchemaTransform({ skipList: [`${docsPrefix}/*`, docsPrefix, ...labAssets.map((asset) => asset.route)] }),
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: docsPrefix })

  registerMovieRoutes(app, engine, defaultLevel)
  registerRefreshRoute(app, engine)
  registerPeopleRoutes(app, engine)
  registerSearchRoute(app, engine)
  registerOperationsRoutes(app, engine, Date.now())
  registerEventStream(app, engine)
  registerWebhookRoutes(app, engine, options.webhookSecret)
  await registerLabRoutes(app, engine, clock)
  await registerLabPage(app)
  return app
}

/**
 * Completes each route's OpenAPI description from what the server enforces: the API key's security
 * requirement and its 401 where the key is asked for, the 429 of rate-limited routes. Registered
 * before @fastify/swagger, whose own onRoute hook then sees the completed schema.
 */
function documentRoutes(app: CinelayerApp, apiKey: Parameters<typeof needsApiKey>[2], rateLimited: boolean): void {
  app.addHook('onRoute', (route) => {
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> }
    if (methods.some((method) => needsApiKey(method, route.url, apiKey))) {
      schema.security = [{ [apiKeyScheme]: [] }]
      schema.response = { ...schema.response, 401: ErrorReply }
    }
    if (rateLimited && route.config && 'rateLimit' in route.config) schema.response = { ...schema.response, 429: ErrorReply }
  })
}

/** `listen` that refuses a host other machines reach while no API key protects the changes. */
function guardListen(app: CinelayerApp, apiKey: string | undefined): void {
  const listen = app.listen.bind(app) as (...args: unknown[]) => unknown
  const guarded = (options?: { host?: string; path?: string }, ...rest: unknown[]) => {
    // A Unix socket path is local; Fastify's default host is localhost.
    if (options?.path === undefined) assertSafeBind(options?.host ?? 'localhost', apiKey)
    return listen(options, ...rest)
  }
  app.listen = guarded as unknown as CinelayerApp['listen']
}
