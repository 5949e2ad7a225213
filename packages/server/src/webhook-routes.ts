import { type MovieEngine } from 'cinelayer'
import { WebhookPayloadError, parseJellyfinWebhook, parsePlexWebhook } from 'cinelayer/webhooks'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { errorBody } from './error-replies.js'
import { ErrorReply, PlaybackReply, RecommendationBody, RecommendationReply, errorReplies } from './http-schemas.js'
import { publishWebhookPlayback } from './playback.js'
import type { CinelayerApp } from './server.js'
import { secretHeader, secretMatches, secretQueryParam } from './shared-secret.js'
import { upstreamLimited } from './rate-limits.js'

/** Limits of a Plex multipart body: a JSON payload of a few kilobytes and, at times, a thumbnail. */
export const plexLimits = { fieldSize: 64 * 1024, fileSize: 512 * 1024, files: 2, fields: 8, parts: 10 } as const

const WebhookQuery = z.object({ [secretQueryParam]: z.string().max(200).optional().describe(`The shared secret (or the ${secretHeader} header)`) })
const webhookReplies = { 200: PlaybackReply, 401: ErrorReply, 413: ErrorReply, ...errorReplies }

/**
 * `POST /webhooks/plex` (multipart, a `payload` JSON field), `POST /webhooks/jellyfin` (JSON) and
 * `POST /webhooks/recommendation` (JSON). All need the shared secret; a movie playback becomes
 * `PlaybackStarted`, a recommendation `RecommendationTriggered` (category `webhook`).
 * @param secret the shared secret; without one every webhook is refused (401).
 */
export function registerWebhookRoutes(app: CinelayerApp, engine: MovieEngine, secret: string | undefined): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown>
    if (secretMatches(request.headers[secretHeader] ?? query[secretQueryParam], secret)) return
    const why = secret ? 'a valid shared secret' : `a shared secret, and none is configured on the server (set CINELAYER_WEBHOOK_SECRET)`
    return reply.code(401).send(errorBody(401, 'WEBHOOK_SECRET_INVALID', `This webhook needs ${why}`))
  }

  app.post(
    '/webhooks/plex',
    {
      onRequest: authorize,
      ...upstreamLimited,
      schema: {
        tags: ['webhooks'],
        operationId: 'plexWebhook',
        summary: 'Plex webhook: media.play and media.scrobble of a movie count as a playback',
        description: `multipart/form-data with a "payload" field holding Plex's JSON (a "thumb" file is accepted and dropped). Secret in ?${secretQueryParam}= or the ${secretHeader} header.`,
        querystring: WebhookQuery,
        consumes: ['multipart/form-data'],
        response: webhookReplies,
      },
    },
    async (request) => {
      const payload = await readPlexPayload(request)
      return publishWebhookPlayback(engine, parsePlexWebhook(payload))
    },
  )

  app.post(
    '/webhooks/jellyfin',
    {
      onRequest: authorize,
      ...upstreamLimited,
      schema: {
        tags: ['webhooks'],
        operationId: 'jellyfinWebhook',
        summary: 'Jellyfin webhook plugin (Generic destination, JSON): PlaybackStart of a movie counts as a playback',
        querystring: WebhookQuery,
        body: z.looseObject({}).describe("The plugin's JSON (Send All Properties), read by parseJellyfinWebhook"),
        response: webhookReplies,
      },
    },
    async (request) => publishWebhookPlayback(engine, parseJellyfinWebhook(request.body)),
  )

  app.post(
    '/webhooks/recommendation',
    {
      onRequest: authorize,
      ...upstreamLimited,
      schema: {
        tags: ['webhooks'],
        operationId: 'recommendationWebhook',
        summary: 'Movies about to be recommended: the engine creates and enriches them to basic in the background (RecommendationTriggered)',
        description: `JSON { "movieIds": ["tmdb:603"], "source": "…" }; answered 202 at once. Secret in ?${secretQueryParam}= or the ${secretHeader} header.`,
        querystring: WebhookQuery,
        body: RecommendationBody,
        response: { 202: RecommendationReply, 401: ErrorReply, 413: ErrorReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      const { movieIds, source } = request.body
      // Published, not awaited: the engine's handler works in the background, and the engine waits for it on close.
      engine.bus.publish({ type: 'RecommendationTriggered', category: 'webhook', payload: { movieIds, ...(source ? { source } : {}) } })
      return reply.code(202).send({ published: true as const, movieIds })
    },
  )
}

/** The text of the `payload` field; files (Plex's thumbnail) are drained, not kept. */
async function readPlexPayload(request: FastifyRequest): Promise<string> {
  if (!request.isMultipart()) throw new WebhookPayloadError('plex', 'expected multipart/form-data with a "payload" field')
  let payload: string | undefined
  try {
    for await (const part of request.parts({ limits: plexLimits })) {
      if (part.type === 'file') {
        await drain(part.file)
        continue
      }
      if (part.fieldname !== 'payload') continue
      if (part.valueTruncated) throw tooLarge(`The "payload" field is longer than ${plexLimits.fieldSize} bytes`)
      payload = String(part.value)
    }
  } catch (error) {
    // The multipart parser's own refusals (no boundary, a body cut short) are the sender's fault.
    if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error
    throw new WebhookPayloadError('plex', `the multipart body is malformed (${error instanceof Error ? error.message : String(error)})`, error)
  }
  if (payload === undefined) throw new WebhookPayloadError('plex', 'the multipart body has no "payload" field')
  return payload
}

async function drain(stream: AsyncIterable<unknown> & { truncated?: boolean }): Promise<void> {
  for await (const _chunk of stream) {
    // Nothing is kept: the thumbnail is not cinelayer's business.
  }
}

function tooLarge(message: string): Error & { statusCode: number; code: string } {
  return Object.assign(new Error(message), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })
}
