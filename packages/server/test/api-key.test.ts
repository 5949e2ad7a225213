import { afterEach, describe, expect, it } from 'vitest'
import { BindRefusedError } from '../src/errors.js'
import { type TestServer, secret, startTestServer } from './helpers.js'

const apiKey = 'http-api-key-b41c7e09d2a35f68'
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const editBody = { set: { title: 'Edited' } }

describe('the API key', () => {
  it('is asked for on every change (PATCH, POST), compared whole, and never on reads by default', async () => {
    server = await startTestServer({ server: { apiKey } })
    const { app } = server
    const changes = [
      { method: 'PATCH' as const, url: '/movies/tmdb:550', payload: editBody },
      { method: 'POST' as const, url: '/movies/tmdb:550/play' },
      { method: 'POST' as const, url: '/housekeeping', payload: { dryRun: false } },
    ]
    for (const change of changes) {
      const missing = await app.inject(change)
      expect(missing.statusCode, change.url).toBe(401)
      expect(missing.json()).toEqual({ statusCode: 401, code: 'API_KEY_MISSING', error: 'Unauthorized', message: expect.stringContaining('Authorization: Bearer <key>') })
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="cinelayer"')
      for (const wrong of [`${apiKey}x`, apiKey.slice(0, -1), apiKey.toUpperCase(), '']) {
        const refused = await app.inject({ ...change, headers: { authorization: `Bearer ${wrong}` } })
        expect(refused.statusCode, `${change.url} with "${wrong}"`).toBe(401)
      }
      expect((await app.inject({ ...change, headers: { authorization: apiKey } })).json().code).toBe('API_KEY_MISSING')
      expect((await app.inject({ ...change, headers: { authorization: `Basic ${apiKey}` } })).statusCode).toBe(401)
      const invalid = await app.inject({ ...change, headers: bearer('not-the-key') })
      expect(invalid.json().code).toBe('API_KEY_INVALID')
      expect(invalid.headers['www-authenticate']).toContain('error="invalid_token"')
    }
    // Refused before anything happened: the movie was never created nor edited, nothing was played.
    expect(await server.engine.movies.peek('tmdb:550')).toBeNull()
    expect(server.events.filter((event) => event.type === 'PlaybackStarted')).toEqual([])
    expect((await app.inject({ method: 'GET', url: '/movies/tmdb:550' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/stats' })).statusCode).toBe(200)
    for (const change of changes) expect((await app.inject({ ...change, headers: bearer(apiKey) })).statusCode, change.url).toBe(200)
    expect((await server.engine.movies.peek('tmdb:550'))?.title).toBe('Edited')
  })

  it('leaves the webhooks to their own shared secret', async () => {
    server = await startTestServer({ server: { apiKey } })
    const body = { NotificationType: 'PlaybackStart', ItemType: 'Movie', Provider_tmdb: '550' }
    const withSecret = await server.app.inject({ method: 'POST', url: '/webhooks/jellyfin', headers: { 'x-cinelayer-secret': secret }, payload: body })
    expect(withSecret.statusCode).toBe(200)
    const withKeyOnly = await server.app.inject({ method: 'POST', url: '/webhooks/jellyfin', headers: bearer(apiKey), payload: body })
    expect(withKeyOnly.json().code).toBe('WEBHOOK_SECRET_INVALID')
  })

  it('is asked for on reads too with apiKeyForReads, but for health, the lab page and the docs', async () => {
    server = await startTestServer({ server: { apiKey, apiKeyForReads: true } })
    const { app } = server
    for (const url of ['/movies', '/movies/tmdb:550', '/people/tmdb:287', '/search?q=Fight%20Club', '/stats', '/events', '/lab/events', '/lab/metrics', '/lab/movies/tmdb:550/timeline']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401)
    }
    expect((await app.inject({ method: 'GET', url: '/movies/tmdb:550', headers: bearer(apiKey) })).statusCode).toBe(200)
    for (const url of ['/health', '/', '/lab.js', '/lab-plots.js', '/lab.css', '/vendor/uplot.js', '/vendor/uplot.css', '/docs/json']) expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200)
  })

  it('is described in the OpenAPI document: a bearer scheme, required where the server asks for it, an operationId per route, servers', async () => {
    server = await startTestServer({ server: { apiKey, publicUrl: 'https://movies.example.org' } })
    const document = (await server.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      servers: Array<{ url: string }>
      components: { securitySchemes: Record<string, unknown> }
      paths: Record<string, Record<string, { operationId?: string; security?: unknown; responses: Record<string, unknown> }>>
    }
    expect(document.servers).toEqual([{ url: 'https://movies.example.org', description: 'this server' }])
    expect(document.components.securitySchemes).toEqual({ apiKey: { type: 'http', scheme: 'bearer', description: expect.any(String) } })
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, ...operation })))
    const ids = operations.map((operation) => operation.operationId)
    expect(ids.every((id) => typeof id === 'string' && id.length > 0), JSON.stringify(ids)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    const secured = operations.filter((operation) => operation.security !== undefined).map((operation) => operation.operationId).sort()
    expect(secured).toEqual(['addMovie', 'editMovie', 'playMovie', 'refreshMovie', 'runHousekeeping'])
    for (const operation of operations.filter((item) => item.security)) expect(Object.keys(operation.responses)).toContain('401')
    expect(Object.keys(document.paths['/movies/{id}']!.get!.responses)).toContain('429')
  })
})

describe('without an API key', () => {
  it('refuses to listen on a host other machines reach, and listens on loopback', async () => {
    server = await startTestServer()
    expect(() => server!.app.listen({ host: '0.0.0.0', port: 0 })).toThrow(BindRefusedError)
    expect(() => server!.app.listen({ host: '::', port: 0 })).toThrow(/CINELAYER_API_KEY/)
    expect(() => server!.app.listen({ host: '192.168.1.20', port: 0 })).toThrow(BindRefusedError)
    expect(await server.app.listen({ host: '127.0.0.1', port: 0 })).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('listens anywhere once a key is set', async () => {
    server = await startTestServer({ server: { apiKey } })
    expect(await server.app.listen({ host: '0.0.0.0', port: 0 })).toMatch(/^http:\/\//)
  })
})
