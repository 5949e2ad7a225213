/**
 * `@cinelayer/server`: a cinelayer engine behind a Fastify HTTP API (routes validated by zod, the
 * OpenAPI document at `/docs`, Plex and Jellyfin webhooks, server-sent events, a lab page).
 * @packageDocumentation
 */
export { type CinelayerApp, type ServerOptions, buildServer } from './server.js'
export { assertSafeBind, isLoopbackHost } from './bind-guard.js'
export { BindRefusedError, serverErrorCodes } from './errors.js'
export { type RateLimitOptions, defaultRateLimit } from './rate-limits.js'
export type { ErrorBody } from './error-replies.js'
