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
import { errorBody, replyWithError } from './error-replies.js'
import { registerEventStream } from './event-stream.js'
import { registerLabPage } from './lab-page.js'
import { redactUrl, redactingLoggerOptions } from './log-redaction.js'
import { registerMovieRoutes } from './movie-routes.js'
import { registerOperationsRoutes } from './operations-routes.js'
import { registerPeopleRoutes } from './people-routes.js'
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
  const logger = options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? {} : options.logger), ...redactingLoggerOptions() }
  const fastifyOptions: FastifyServerOptions = { logger, bodyLimit: options.bodyLimit ?? 256 * 1024 }
  const app = Fastify(fastifyOptions).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  const clock = options.clock ?? systemClock
  app.setErrorHandler((error, request, reply) => replyWithError(error instanceof Error ? error : new Error(String(error)), request, reply, clock))
  // Fastify's own 404 repeats the URL, query included: a secret in it would be sent back.
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, 'FST_ERR_NOT_FOUND', `Route ${request.method}:${redactUrl(request.url).split('?')[0]} not found`))
  })

  await app.register(fastifyMultipart)
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'cinelayer HTTP API', description: 'A movie catalog as deep as it is used (cinelayer example server).', version: '0.0.0' },
      tags: ['movies', 'people', 'search', 'operations', 'events', 'webhooks'].map((name) => ({ name })),
    },
    transform: createJsonSchemaTransform({ skipList: [`${docsPrefix}/*`, docsPrefix, '/', '/lab.js', '/lab.css'] }),
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: docsPrefix })

  registerMovieRoutes(app, engine, defaultLevel)
  registerPeopleRoutes(app, engine)
  registerSearchRoute(app, engine)
  registerOperationsRoutes(app, engine, Date.now())
  registerEventStream(app, engine)
  registerWebhookRoutes(app, engine, options.webhookSecret)
  await registerLabPage(app)
  return app
}
