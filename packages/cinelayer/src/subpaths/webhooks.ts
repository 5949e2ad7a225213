/**
 * `cinelayer/webhooks`: Plex and Jellyfin webhook bodies read into one shape, so that any HTTP
 * host turns a playback on a media server into engine events.
 *
 * ```ts
 * import { parsePlexWebhook } from 'cinelayer/webhooks'
 * const webhook = parsePlexWebhook(payloadField) // the `payload` field of Plex's multipart body
 * if (webhook.playback === 'started') console.log(webhook.title, webhook.movieIds) // ['tmdb:550', …]
 * ```
 * @module webhooks
 * @packageDocumentation
 */
export { type MediaServerWebhook, parseJellyfinWebhook, parsePlexWebhook } from '../webhooks.js'
export { WebhookPayloadError, type WebhookPayloadIssue } from '../errors.js'
