import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Part, type TestServer, multipart, secret, startTestServer, webhookFixture } from './helpers.js'

let server: TestServer
afterEach(async () => {
  await server.close()
})

const plex = (parts: readonly Part[], query = `?secret=${secret}`, headers: Record<string, string> = {}) => {
  const body = multipart(parts)
  return server.app.inject({ method: 'POST', url: `/webhooks/plex${query}`, payload: body.payload, headers: { ...body.headers, ...headers } })
}
const jellyfin = (payload: string, headers: Record<string, string> = { 'x-cinelayer-secret': secret }) =>
  server.app.inject({ method: 'POST', url: '/webhooks/jellyfin', payload, headers: { 'content-type': 'application/json', ...headers } })
const playbacks = () => server.events.filter((event) => event.type === 'PlaybackStarted')

describe('POST /webhooks/plex', () => {
  beforeEach(async () => {
    server = await startTestServer()
  })

  it('turns media.play of a movie into PlaybackStarted (category webhook), the movie created from its TMDB guid', async () => {
    const reply = await plex([
      { name: 'payload', value: await webhookFixture('plex_media.play_movie.written.json') },
      { name: 'thumb', value: Buffer.alloc(20_000, 0xff), filename: 'thumb.jpg', contentType: 'image/jpeg' },
    ])
    expect(reply.statusCode).toBe(200)
    expect(reply.json()).toEqual({ published: true, movieId: 'tmdb:603' })
    expect(playbacks()).toMatchObject([{ category: 'webhook', payload: { movieId: 'tmdb:603', source: 'plex:media.play' } }])
    expect(await server.engine.movies.peek('tmdb:603')).toMatchObject({ level: 'initial', title: 'The Matrix', year: 1999 })
    await server.engine.stats.flush()
    expect((await server.engine.stats.get('tmdb:603')).plays).toBe(1)
  })

  it('resolves media.scrobble through a legacy IMDb guid to the movie already stored', async () => {
    await server.app.inject({ method: 'GET', url: '/movies/tmdb:550?level=deep' })
    const scrobble = JSON.parse(await webhookFixture('plex_media.scrobble_movie_legacy-agent.written.json'))
    scrobble.Metadata.guid = 'com.plexapp.agents.imdb://tt0137523?lang=en'
    const reply = await plex([{ name: 'payload', value: JSON.stringify(scrobble) }], '', { 'x-cinelayer-secret': secret })
    expect(reply.json()).toEqual({ published: true, movieId: 'tmdb:550' })
    expect(playbacks()).toMatchObject([{ payload: { movieId: 'tmdb:550', source: 'plex:media.scrobble' } }])
  })

  it('publishes nothing for the documented sample (a music track) and says why', async () => {
    const reply = await plex([{ name: 'payload', value: await webhookFixture('plex_media.play_track.telegraf.json') }])
    expect(reply.json()).toEqual({ published: false, reason: 'not a movie playback (a track item)' })
    expect(playbacks()).toEqual([])
  })

  it('refuses a missing or wrong secret with 401 before reading the body, and never logs the secret', async () => {
    const payload = [{ name: 'payload', value: await webhookFixture('plex_media.play_movie.written.json') }]
    for (const query of ['', '?secret=', '?secret=wrong', `?secret=${secret}x`, `?secret=${secret.slice(0, -1)}`]) {
      const reply = await plex(payload, query)
      expect(reply.statusCode, query).toBe(401)
      expect(reply.json(), query).toMatchObject({ statusCode: 401, code: 'WEBHOOK_SECRET_INVALID' })
    }
    expect((await plex(payload, '', { 'x-cinelayer-secret': 'wrong' })).statusCode).toBe(401)
    expect((await plex(payload)).statusCode).toBe(200)
    expect(playbacks()).toHaveLength(1)
    const log = server.logs.join('\n')
    expect(log).toContain('/webhooks/plex?secret=[redacted]')
    expect(log).not.toContain(secret)
  })

  it('refuses a payload that is not JSON or not a Plex webhook with 400 and the issues', async () => {
    const notJson = await plex([{ name: 'payload', value: '{"event": "media.play",' }])
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json()).toMatchObject({ code: 'CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID', message: expect.stringMatching(/not valid JSON/) })
    const shapeless = await plex([{ name: 'payload', value: JSON.stringify({ event: 7, Metadata: { Guid: 'tmdb://603' } }) }])
    expect(shapeless.json().issues).toEqual([
      { path: ['event'], message: expect.any(String) },
      { path: ['Metadata', 'Guid'], message: expect.any(String) },
    ])
    expect((await plex([{ name: 'other', value: '{}' }])).json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/no "payload" field/) })
    const json = await server.app.inject({ method: 'POST', url: `/webhooks/plex?secret=${secret}`, payload: { event: 'media.play' } })
    expect(json.statusCode).toBe(400)
    expect(playbacks()).toEqual([])
  })

  it('refuses an oversized payload field or thumbnail with 413', async () => {
    const movie = JSON.parse(await webhookFixture('plex_media.play_movie.written.json'))
    const padded = JSON.stringify({ ...movie, padding: 'x'.repeat(70 * 1024) })
    const field = await plex([{ name: 'payload', value: padded }])
    expect(field.statusCode).toBe(413)
    expect(field.json()).toMatchObject({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', error: 'Payload Too Large' })
    const thumb = await plex([
      { name: 'thumb', value: Buffer.alloc(600 * 1024, 1), filename: 'thumb.jpg', contentType: 'image/jpeg' },
      { name: 'payload', value: JSON.stringify(movie) },
    ])
    expect(thumb.statusCode).toBe(413)
    expect(thumb.json()).toMatchObject({ code: 'FST_REQ_FILE_TOO_LARGE' })
    expect(playbacks()).toEqual([])
  })
})

describe('POST /webhooks/jellyfin', () => {
  beforeEach(async () => {
    server = await startTestServer()
  })

  it('turns PlaybackStart of a movie into PlaybackStarted, and PlaybackStop played to the end too', async () => {
    const start = await jellyfin(await webhookFixture('jellyfin_playback-start_movie.written.json'))
    expect(start.statusCode).toBe(200)
    expect(start.json()).toEqual({ published: true, movieId: 'tmdb:603' })
    const stop = await server.app.inject({
      method: 'POST',
      url: `/webhooks/jellyfin?secret=${secret}`,
      payload: JSON.parse(await webhookFixture('jellyfin_playback-stop_movie.written.json')),
    })
    expect(stop.json()).toEqual({ published: true, movieId: 'tmdb:603' })
    expect(playbacks().map((event) => [event.category, event.payload.source])).toEqual([
      ['webhook', 'jellyfin:PlaybackStart'],
      ['webhook', 'jellyfin:PlaybackStop'],
    ])
  })

  it('publishes nothing for other notifications or items', async () => {
    const start = JSON.parse(await webhookFixture('jellyfin_playback-start_movie.written.json'))
    expect((await jellyfin(JSON.stringify({ ...start, NotificationType: 'ItemAdded' }))).json()).toMatchObject({ published: false })
    expect((await jellyfin(JSON.stringify({ ...start, ItemType: 'Episode' }))).json()).toMatchObject({ published: false, reason: expect.stringMatching(/episode/) })
    expect((await jellyfin(JSON.stringify({ ...start, Provider_tmdb: '', Provider_imdb: '' }))).json()).toEqual({
      published: false,
      reason: 'no TMDB or IMDb id in the item',
    })
    expect(playbacks()).toEqual([])
  })

  it('answers 401 without the secret, 400 for malformed JSON or a body without NotificationType, 413 when oversized', async () => {
    const body = await webhookFixture('jellyfin_playback-start_movie.written.json')
    expect((await jellyfin(body, {})).statusCode).toBe(401)
    expect((await jellyfin(body, { 'x-cinelayer-secret': 'nope' })).statusCode).toBe(401)
    expect((await jellyfin('{"NotificationType": ')).statusCode).toBe(400)
    expect((await jellyfin('{"Name": "The Matrix"}')).json()).toMatchObject({ statusCode: 400, issues: [{ path: ['NotificationType'] }] })
    expect((await jellyfin('[1, 2]')).statusCode).toBe(400)
    const huge = await jellyfin(JSON.stringify({ ...JSON.parse(body), Overview: 'x'.repeat(300 * 1024) }))
    expect(huge.statusCode).toBe(413)
    expect(playbacks()).toEqual([])
  })
})

describe('webhooks without a configured secret', () => {
  it('refuses every call with 401 and says how to enable them', async () => {
    server = await startTestServer({ webhookSecret: null })
    const reply = await jellyfin(await webhookFixture('jellyfin_playback-start_movie.written.json'), { 'x-cinelayer-secret': '' })
    expect(reply.statusCode).toBe(401)
    expect(reply.json().message).toMatch(/CINELAYER_WEBHOOK_SECRET/)
    expect((await plex([{ name: 'payload', value: '{}' }], '?secret=undefined')).statusCode).toBe(401)
  })
})
