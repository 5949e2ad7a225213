import fastifyRateLimit from '@fastify/rate-limit'
import type { CinelayerApp } from './server.js'

/** Options of the rate limit on routes that may ask an upstream (TMDB, Wikipedia, OMDb). */
export interface RateLimitOptions {
  /** Requests each client (by IP) may make to those routes per window. Default `300`. */
  max?: number
  /** The window, in ms. Default `60_000`. */
  timeWindowMs?: number
}

/** The defaults: a lab page, a media server and a script never need more; a loop asking TMDB through us does. */
export const defaultRateLimit: Required<RateLimitOptions> = { max: 300, timeWindowMs: 60_000 }

/**
 * Registers @fastify/rate-limit for the routes that opt in with {@link upstreamLimited}: past the
 * limit, 429 with `Retry-After` and a coded body (`RATE_LIMITED`).
 */
export async function registerRateLimit(app: CinelayerApp, options: RateLimitOptions | false | undefined): Promise<void> {
  if (options === false) return
  const { max, timeWindowMs } = { ...defaultRateLimit, ...options }
  await app.register(fastifyRateLimit, {
    global: false,
    max,
    timeWindow: timeWindowMs,
    // Thrown into the server's error handler, which answers the coded body.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests that may reach a data provider: at most ${context.max} per ${Math.round(timeWindowMs / 1000)} s, retry in ${context.after}`), {
        statusCode: context.statusCode,
        code: 'RATE_LIMITED',
      }),
  })
}

/** Route options of a route that may ask an upstream: it counts against the rate limit. */
export const upstreamLimited = { config: { rateLimit: {} } } as const
