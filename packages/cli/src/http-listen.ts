import type { MovieEngine } from 'cinelayer'
import type { CliContext } from './cli-context.js'

/** Where and how the HTTP API of a long-running command listens. */
export interface HttpListenOptions {
  host: string
  port: number
  /** `Authorization: Bearer <key>` asked for on changes (CINELAYER_API_KEY). */
  apiKey: string | undefined
  /** Shared secret of the media servers' webhooks (CINELAYER_WEBHOOK_SECRET). */
  webhookSecret: string | undefined
}

/** The server's credentials from the environment: never printed, never in an event. */
export function httpCredentials(context: CliContext): { apiKey: string | undefined; webhookSecret: string | undefined } {
  return { apiKey: context.io.env.CINELAYER_API_KEY || undefined, webhookSecret: context.io.env.CINELAYER_WEBHOOK_SECRET || undefined }
}

/**
 * Serves an engine's HTTP API of `@cinelayer/server` (the lab page at `/`) and says where.
 * Refuses a host other machines reach without an API key (checked again by the server's `listen`).
 * @returns the server (close it before the engine) and its address.
 */
export async function listenHttp(context: CliContext, engine: MovieEngine, options: HttpListenOptions): Promise<{ app: { close(): Promise<unknown> }; address: string }> {
  const { buildServer } = await import('@cinelayer/server')
  const { apiKey, webhookSecret } = options
  // The engine's clock: a simulation's compressed time is the time the lab plots.
  const app = await buildServer({ engine, clock: engine.stores.clock, ...(apiKey ? { apiKey } : {}), ...(webhookSecret ? { webhookSecret } : {}) })
  const address = await app.listen({ host: options.host, port: options.port })
  const protectedRoutes = apiKey ? 'changes need CINELAYER_API_KEY' : 'no API key (loopback only)'
  context.out.status(`HTTP API at ${address} (lab page ${address}/, OpenAPI ${address}/docs; ${protectedRoutes}; webhooks ${webhookSecret ? 'on' : 'off'})`)
  return { app, address }
}
