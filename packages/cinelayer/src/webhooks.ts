import { parseMovieId } from '@cinelayer/core'
import { z } from 'zod'
import { WebhookPayloadError } from './errors.js'

/**
 * A media server's webhook as cinelayer reads it, whatever server sent it. Hosts turn it into a
 * `PlaybackStarted` event (category `webhook`) when `playback` is set and a movie id resolves.
 */
export interface MediaServerWebhook {
  /** The server that sent it. */
  source: 'plex' | 'jellyfin'
  /** The server's own event name, as sent (`media.play`, `PlaybackStart`). */
  event: string
  /**
   * `'started'` for a movie that starts playing (`media.play`, `PlaybackStart`), `'completed'` for
   * one watched to the end (`media.scrobble`, `PlaybackStop` played to completion); `null` for any
   * other event and for items that are not movies (tracks, episodes).
   */
  playback: 'started' | 'completed' | null
  /** The item's type in lower case (`movie`, `track`, `episode`), `null` when the event has no item. */
  mediaType: string | null
  /**
   * Validated cinelayer movie ids found in the item's GUIDs or provider ids, TMDB first
   * (`['tmdb:603', 'imdb:tt0133093']`). Malformed ids are dropped: they never reach storage.
   */
  movieIds: string[]
  /** The item's title, when sent. */
  title?: string
  /** The item's year, when sent. */
  year?: number
  /** The account or user name that played it. */
  user?: string
  /** The player or device it played on. */
  player?: string
}

/** Payloads past this length are refused before parsing: real ones are a few kilobytes. */
const MAX_PAYLOAD_CHARS = 1_000_000

const text = z.string().max(1000)
// Jellyfin templates render a missing value as an empty string.
const optionalText = z
  .union([z.string().max(1000), z.number()])
  .optional()
  .transform((value) => (value === undefined || String(value).trim() === '' ? undefined : String(value).trim()))

const PlexPayloadSchema = z.looseObject({
  event: text.min(1),
  Account: z.looseObject({ title: text.optional() }).optional(),
  Player: z.looseObject({ title: text.optional() }).optional(),
  Metadata: z
    .looseObject({
      type: text.optional(),
      title: text.optional(),
      year: z.number().int().optional(),
      guid: text.optional(),
      Guid: z.array(z.looseObject({ id: text })).max(50).optional(),
    })
    .optional(),
})

const JellyfinPayloadSchema = z.looseObject({
  NotificationType: text.min(1),
  ItemType: optionalText,
  Name: optionalText,
  Year: optionalText,
  Provider_tmdb: optionalText,
  Provider_imdb: optionalText,
  NotificationUsername: optionalText,
  Username: optionalText,
  DeviceName: optionalText,
  ClientName: optionalText,
  PlayedToCompletion: z.union([z.boolean(), z.string().max(10)]).optional(),
})

/**
 * Reads a Plex webhook. Plex posts `multipart/form-data` whose `payload` field holds the JSON;
 * pass that field's text (or the JSON already parsed). `media.play` and `media.scrobble` of a
 * movie are playbacks; ids come from `Metadata.Guid` (`tmdb://603`, `imdb://tt0133093`) and from
 * the legacy agents' `Metadata.guid` (`com.plexapp.agents.imdb://tt0133093?lang=en`).
 * @throws WebhookPayloadError when the payload is not JSON or not shaped like a Plex webhook.
 */
export function parsePlexWebhook(payload: unknown): MediaServerWebhook {
  const body = PlexPayloadSchema.safeParse(readJson('plex', payload))
  if (!body.success) throw new WebhookPayloadError('plex', body.error)
  const { event, Metadata: item } = body.data
  const mediaType = item?.type?.toLowerCase() ?? null
  const guids = [...(item?.Guid ?? []).map((guid) => guid.id), ...(item?.guid ? [item.guid] : [])]
  const kind = event === 'media.play' ? 'started' : event === 'media.scrobble' ? 'completed' : null
  return {
    source: 'plex',
    event,
    playback: mediaType === 'movie' ? kind : null,
    mediaType,
    movieIds: orderIds(guids.map(movieIdFromGuid)),
    ...optional('title', item?.title),
    ...optional('year', item?.year),
    ...optional('user', body.data.Account?.title),
    ...optional('player', body.data.Player?.title),
  }
}

/**
 * Reads a webhook of the Jellyfin webhook plugin (a "Generic" destination sending JSON, with
 * "Send All Properties" or a template that keeps the property names). `PlaybackStart` of a movie
 * is a playback started, `PlaybackStop` with `PlayedToCompletion` one completed; ids come from
 * `Provider_tmdb` and `Provider_imdb`.
 * @throws WebhookPayloadError when the body is not JSON or not shaped like a Jellyfin webhook.
 */
export function parseJellyfinWebhook(body: unknown): MediaServerWebhook {
  const parsed = JellyfinPayloadSchema.safeParse(readJson('jellyfin', body))
  if (!parsed.success) throw new WebhookPayloadError('jellyfin', parsed.error)
  const data = parsed.data
  const event = data.NotificationType
  const mediaType = data.ItemType?.toLowerCase() ?? null
  const completed = data.PlayedToCompletion === true || String(data.PlayedToCompletion).toLowerCase() === 'true'
  const kind = event === 'PlaybackStart' ? 'started' : event === 'PlaybackStop' && completed ? 'completed' : null
  const year = data.Year === undefined ? undefined : Number(data.Year)
  return {
    source: 'jellyfin',
    event,
    playback: mediaType === 'movie' ? kind : null,
    mediaType,
    movieIds: orderIds([validId('tmdb', data.Provider_tmdb), validId('imdb', data.Provider_imdb)]),
    ...optional('title', data.Name),
    ...optional('year', Number.isInteger(year) ? year : undefined),
    ...optional('user', data.NotificationUsername ?? data.Username),
    ...optional('player', data.DeviceName ?? data.ClientName),
  }
}

function readJson(source: 'plex' | 'jellyfin', payload: unknown): unknown {
  if (typeof payload !== 'string') return payload
  if (payload.length > MAX_PAYLOAD_CHARS) throw new WebhookPayloadError(source, `it is longer than ${MAX_PAYLOAD_CHARS} characters`)
  try {
    return JSON.parse(payload)
  } catch (error) {
    throw new WebhookPayloadError(source, 'it is not valid JSON', error)
  }
}

const guidPatterns: ReadonlyArray<[RegExp, 'tmdb' | 'imdb']> = [
  [/^tmdb:\/\/([^?/]+)$/, 'tmdb'],
  [/^imdb:\/\/([^?/]+)$/, 'imdb'],
  [/^com\.plexapp\.agents\.themoviedb:\/\/([^?/]+)(?:\?.*)?$/, 'tmdb'],
  [/^com\.plexapp\.agents\.imdb:\/\/([^?/]+)(?:\?.*)?$/, 'imdb'],
]

function movieIdFromGuid(guid: string): string | undefined {
  for (const [pattern, namespace] of guidPatterns) {
    const match = pattern.exec(guid)
    if (match) return validId(namespace, match[1])
  }
  return undefined
}

function validId(namespace: 'tmdb' | 'imdb', value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    return parseMovieId(`${namespace}:${value}`).id
  } catch {
    // A GUID is the sender's business: one we cannot use is skipped, not fatal.
    return undefined
  }
}

function orderIds(ids: ReadonlyArray<string | undefined>): string[] {
  const unique = [...new Set(ids.filter((id): id is string => id !== undefined))]
  return [...unique.filter((id) => id.startsWith('tmdb:')), ...unique.filter((id) => !id.startsWith('tmdb:'))]
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
