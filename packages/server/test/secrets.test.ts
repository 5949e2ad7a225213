import { rm } from 'node:fs/promises'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { defineEnricher, definePlugin } from 'cinelayer'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { useSecretAudit } from '../../../test-support/secret-audit.js'
import { multipart, startTestServer, webhookFixture } from './helpers.js'

const secrets = {
  tmdbToken: 'http-secret-tmdb-token-6a0d3f',
  omdbApiKey: 'http-secret-omdb-91c4',
  webhookSecret: 'http-secret-webhook-2be7a1',
  apiKey: 'http-secret-api-key-f03d58c2',
}
const audit = useSecretAudit(secrets)
const servers: FakeServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

function keep(what: string, reply: LightMyRequestResponse): LightMyRequestResponse {
  audit.text(`${what} → ${reply.statusCode}`, `${JSON.stringify(reply.headers)}\n${reply.body}`)
  return reply
}

describe('the HTTP server with upstreams that echo credentials', () => {
  it('keeps every secret out of its answers, its log, its events and every file of its data folder', async () => {
    // TMDB and Wikipedia echo the token in every body and header; OMDb refuses the key and names it.
    const tmdb = await startFakeTmdbServer({ auth: { token: secrets.tmdbToken }, echoCredentials: true })
    const wiki = await startFakeWikipediaServer({ echoCredentials: true })
    const omdb = await startFakeOmdbServer({ apiKey: 'the-key-omdb-expects', echoCredentials: true, refusalStatus: 200 })
    servers.push(tmdb, wiki, omdb)
    // A plugin whose enricher puts the API key in a plain error, as careless code does.
    const careless = definePlugin({
      name: 'careless-trailers',
      facets: [{ name: 'trailers', fields: ['trailers'] }],
      levels: [{ name: 'extras', facets: ['trailers'] }],
      enrichers: [
        defineEnricher({
          name: 'careless',
          provider: 'careless',
          provides: ['trailers'],
          async enrich() {
            throw new Error(`the trailer service refused key ${secrets.apiKey} (${encodeURIComponent(secrets.webhookSecret)})`)
          },
        }),
      ],
    })
    const unlimited = { requestsPerSecond: Number.POSITIVE_INFINITY }
    const server = await startTestServer({
      store: 'fs',
      keepDataDir: true,
      webhookSecret: secrets.webhookSecret,
      server: { apiKey: secrets.apiKey },
      engine: {
        data: 'hybrid',
        tmdb: { token: secrets.tmdbToken, baseURL: tmdb.url, imageBaseURL: tmdb.url },
        wikipedia: { baseURL: wiki.wikipediaBaseURL, wikidataBaseURL: wiki.wikidataBaseURL },
        imdb: { apiKey: secrets.omdbApiKey, baseURL: omdb.url },
        http: { tmdb: unlimited, wikipedia: unlimited, wikidata: unlimited, omdb: unlimited, retry: { attempts: 1 } },
        secrets: [secrets.apiKey, secrets.webhookSecret],
        plugins: [careless],
      },
    })
    const { app, engine } = server
    engine.bus.onAny((event) => audit.event(event))
    const bearer = { authorization: `Bearer ${secrets.apiKey}` }

    // The level above deep needs the careless plugin's facet: its error goes to the log and the answer (502), cleaned.
    const trailers = keep('trailers', await app.inject({ method: 'GET', url: '/movies/tmdb:604?level=extras' }))
    expect(trailers.json()).toMatchObject({ statusCode: 502, code: 'CINELAYER_ERR_ENRICHMENT_FAILED', message: expect.stringContaining('[redacted]') })
    expect(keep('initial', await app.inject({ method: 'GET', url: '/movies/tmdb:603?level=initial' })).statusCode).toBe(200)
    const deep = keep('deep', await app.inject({ method: 'GET', url: '/movies/tmdb:603?level=deep' }))
    expect(deep.json()).toMatchObject({ statusCode: 502, code: 'CINELAYER_ERR_OMDB_REFUSED' })
    expect(deep.json().message).toContain('Invalid API key: [redacted]')
    const stored = keep('stored', await app.inject({ method: 'GET', url: '/movies/tmdb:603' }))
    expect(stored.json().errors.at(-1)).toMatchObject({ provider: 'imdb', message: expect.stringContaining('[redacted]') })
    // The webhook's secret in a parameter whose name is percent-encoded: accepted as the router reads it, never logged.
    const plex = multipart([{ name: 'payload', value: await webhookFixture('plex_media.play_movie.written.json') }])
    const hook = keep('plex', await app.inject({ method: 'POST', url: `/webhooks/plex?s%65cret=${encodeURIComponent(secrets.webhookSecret)}`, ...plex }))
    expect(hook.json()).toMatchObject({ published: true })
    expect(keep('edit', await app.inject({ method: 'PATCH', url: '/movies/tmdb:603', headers: bearer, payload: { set: { tagline: 'fine' } } })).statusCode).toBe(200)
    expect(keep('edit, wrong key', await app.inject({ method: 'PATCH', url: '/movies/tmdb:603', headers: { authorization: `Bearer ${secrets.webhookSecret}` }, payload: { set: { tagline: 'x' } } })).statusCode).toBe(401)
    // Secrets where they do not belong: a search text, an unknown path, a query parameter.
    keep('search', await app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(secrets.apiKey)}&api_key=${secrets.omdbApiKey}` }))
    keep('unknown', await app.inject({ method: 'GET', url: `/nope/${secrets.apiKey}?token=${secrets.tmdbToken}` }))
    await engine.bus.settled()
    await server.close()

    expect(server.logs.length).toBeGreaterThan(10)
    for (const line of server.logs) audit.logger(line)
    expect(server.logs.join('\n')).toMatch(/"url":"\/webhooks\/plex\?secret=\[redacted\]"/)
    expect(await audit.files(server.dataDir)).toBeGreaterThan(3)
    expect(audit.findings()).toEqual([])
    await rm(server.dataDir, { recursive: true, force: true })
  })
})
