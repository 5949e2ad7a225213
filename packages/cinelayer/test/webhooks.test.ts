import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { CinelayerError } from '../src/index.js'
import { WebhookPayloadError, parseJellyfinWebhook, parsePlexWebhook } from '../src/subpaths/webhooks.js'

const fixture = (name: string) => readFile(new URL(`./fixtures/webhooks/${name}`, import.meta.url), 'utf8')
const json = async (name: string) => JSON.parse(await fixture(name)) as Record<string, unknown>

describe('parsePlexWebhook', () => {
  it('reads a movie that starts playing from the payload field text, ids from Metadata.Guid, TMDB first', async () => {
    const webhook = parsePlexWebhook(await fixture('plex_media.play_movie.written.json'))
    expect(webhook).toEqual({
      source: 'plex',
      event: 'media.play',
      playback: 'started',
      mediaType: 'movie',
      movieIds: ['tmdb:603', 'imdb:tt0133093'],
      title: 'The Matrix',
      year: 1999,
      user: 'elan',
      player: 'Plex Web (Safari)',
    })
  })

  it('reads media.scrobble as a completed playback, and the legacy agent guid', async () => {
    const webhook = parsePlexWebhook(await json('plex_media.scrobble_movie_legacy-agent.written.json'))
    expect(webhook).toMatchObject({ event: 'media.scrobble', playback: 'completed', movieIds: ['imdb:tt0133093'] })
    const tmdbAgent = await json('plex_media.scrobble_movie_legacy-agent.written.json')
    ;(tmdbAgent.Metadata as Record<string, unknown>).guid = 'com.plexapp.agents.themoviedb://550?lang=en'
    expect(parsePlexWebhook(tmdbAgent).movieIds).toEqual(['tmdb:550'])
  })

  it('is no playback for the documented sample (a music track) nor for other events of a movie', async () => {
    const track = parsePlexWebhook(await fixture('plex_media.play_track.telegraf.json'))
    expect(track).toMatchObject({ event: 'media.play', playback: null, mediaType: 'track', movieIds: [], title: "Love The One You're With" })
    const paused = { ...(await json('plex_media.play_movie.written.json')), event: 'media.pause' }
    expect(parsePlexWebhook(paused)).toMatchObject({ playback: null, movieIds: ['tmdb:603', 'imdb:tt0133093'] })
    expect(parsePlexWebhook({ event: 'library.new' })).toEqual({ source: 'plex', event: 'library.new', playback: null, mediaType: null, movieIds: [] })
  })

  it('drops GUIDs that are not valid ids, so they never reach storage', async () => {
    const payload = await json('plex_media.play_movie.written.json')
    ;(payload.Metadata as Record<string, unknown>).Guid = [
      { id: 'tmdb://../../etc/passwd' },
      { id: 'tmdb://0' },
      { id: 'imdb://nm0000206' },
      { id: 'tmdb://603/extra' },
      { id: 'imdb://tt0133093' },
      { id: 'imdb://tt0133093' },
    ]
    expect(parsePlexWebhook(payload).movieIds).toEqual(['imdb:tt0133093'])
  })

  it('refuses what is not JSON, not a Plex webhook, or too long, with a coded error and its issues', () => {
    const refused = (payload: unknown) => {
      try {
        parsePlexWebhook(payload)
      } catch (error) {
        return error as WebhookPayloadError
      }
      throw new Error('expected parsePlexWebhook to throw')
    }
    const notJson = refused('{"event": "media.play"')
    expect(notJson).toBeInstanceOf(WebhookPayloadError)
    expect(notJson).toBeInstanceOf(CinelayerError)
    expect(notJson.code).toBe('CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID')
    expect(notJson.message).toMatch(/^Plex webhook payload is invalid: it is not valid JSON/)
    expect(notJson.cause).toBeInstanceOf(SyntaxError)
    const shapeless = refused({ event: 42, Metadata: { Guid: 'tmdb://603' } })
    expect(shapeless.issues.map((issue) => issue.path)).toEqual([['event'], ['Metadata', 'Guid']])
    expect(shapeless.details).toMatchObject({ source: 'plex' })
    expect(refused(null).issues).toHaveLength(1)
    expect(refused([]).code).toBe('CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID')
    expect(refused(`"${'x'.repeat(1_000_001)}"`).message).toMatch(/longer than/)
  })
})

describe('parseJellyfinWebhook', () => {
  it('reads PlaybackStart of a movie with its provider ids', async () => {
    expect(parseJellyfinWebhook(await json('jellyfin_playback-start_movie.written.json'))).toEqual({
      source: 'jellyfin',
      event: 'PlaybackStart',
      playback: 'started',
      mediaType: 'movie',
      movieIds: ['tmdb:603', 'imdb:tt0133093'],
      title: 'The Matrix',
      year: 1999,
      user: 'alice',
      player: 'Living room TV',
    })
  })

  it('reads PlaybackStop played to completion as completed, and not otherwise', async () => {
    const stop = await json('jellyfin_playback-stop_movie.written.json')
    expect(parseJellyfinWebhook(JSON.stringify(stop)).playback).toBe('completed')
    expect(parseJellyfinWebhook({ ...stop, PlayedToCompletion: 'True' }).playback).toBe('completed')
    expect(parseJellyfinWebhook({ ...stop, PlayedToCompletion: false }).playback).toBeNull()
    expect(parseJellyfinWebhook({ ...stop, NotificationType: 'ItemAdded' }).playback).toBeNull()
  })

  it('takes template-rendered values: numbers as text, empty strings as missing', async () => {
    const start = await json('jellyfin_playback-start_movie.written.json')
    const rendered = { ...start, Year: '1999', Provider_tmdb: 603, Provider_imdb: '', NotificationUsername: '', Username: 'bob' }
    expect(parseJellyfinWebhook(rendered)).toMatchObject({ year: 1999, movieIds: ['tmdb:603'], user: 'bob' })
    const episode = { ...start, ItemType: 'Episode', Provider_tmdb: '1399' }
    expect(parseJellyfinWebhook(episode)).toMatchObject({ playback: null, mediaType: 'episode' })
  })

  it('drops provider ids that are not valid and refuses bodies without a NotificationType', async () => {
    const start = await json('jellyfin_playback-start_movie.written.json')
    expect(parseJellyfinWebhook({ ...start, Provider_tmdb: '../603', Provider_imdb: 'tt1' }).movieIds).toEqual([])
    expect(() => parseJellyfinWebhook({ Name: 'The Matrix' })).toThrow(WebhookPayloadError)
    expect(() => parseJellyfinWebhook('not json')).toThrow(/^Jellyfin webhook payload is invalid: it is not valid JSON/)
  })
})
