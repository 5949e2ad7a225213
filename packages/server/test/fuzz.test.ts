import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, secret, startTestServer } from './helpers.js'

const apiKey = 'fuzz-api-key-0d9e4b7c1a'
let server: TestServer
beforeAll(async () => {
  // A small body limit, so that sizes around it are cheap to try.
  server = await startTestServer({ bodyLimit: 16 * 1024, server: { apiKey, rateLimit: false } })
})
afterAll(async () => {
  await server.close()
})

const methods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'] as const
const routes = ['/movies', '/movies/{id}', '/movies/{id}/play', '/people/{id}', '/people/{id}/movies', '/search', '/stats', '/housekeeping', '/health', '/webhooks/plex', '/webhooks/jellyfin', '/docs/json', '/nope/{id}']

// Ids as an attacker writes them: almost valid, traversal, encodings, control characters, very long.
const hostileId = fc.oneof(
  fc.constantFrom('tmdb:550', 'tmdb:0', 'tmdb:-1', 'tmdb:99999999999', 'imdb:tt0137523', 'imdb:tt1', 'local:zz', 'wikidata:Q0', '..', '%2e%2e%2f', 'tmdb:550%00', 'tmdb%3A550', '%E0%A4%A', '%', '__proto__', 'constructor'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
  fc.nat({ max: 400 }).map((length) => `tmdb:${'9'.repeat(length)}`),
)

const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'deep', 'ultra', '-1', '0', '1e9', 'NaN', 'true', 'false', '[]', '%', 'x'.repeat(5000)), fc.integer().map(String))
const queryString = fc
  .array(fc.tuple(fc.constantFrom('level', 'wait', 'page', 'pageSize', 'text', 'q', 'year', 'top', 'category', 'secret', 'x', '__proto__', 'level[]'), queryValue), { maxLength: 5 })
  .map((pairs) => pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'))

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.record({ set: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), lock: fc.jsonValue({ maxDepth: 1 }) }).map((value) => JSON.stringify(value)),
  fc.record({ dryRun: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"set":{"title":"a"}', '{', '[', 'null', '"', '{"a":' + '['.repeat(2000), '{"set":{"title":"' + 'x'.repeat(20_000) + '"}}'),
  fc.string({ unit: 'binary', maxLength: 200 }),
)

/** A multipart body as Plex sends it, then bent: a wrong boundary, cut short, garbage parts. */
const multipartBody = fc
  .record({
    boundary: fc.oneof(fc.constant('XyZ'), fc.string({ minLength: 0, maxLength: 80 })),
    declared: fc.oneof(fc.constant(true), fc.constant(false)),
    payload: fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), fc.string({ maxLength: 300 }), fc.constant('{"event":"media.play","Metadata":{"type":"movie","Guid":[{"id":"tmdb://550"}]}}')),
    field: fc.constantFrom('payload', 'thumb', '', 'payload"; filename="x.jpg'),
    cut: fc.option(fc.nat({ max: 400 })),
    extraParts: fc.nat({ max: 12 }),
  })
  .map(({ boundary, declared, payload, field, cut, extraParts }) => {
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${payload}\r\n`
    const body = `${part}${`--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n`.repeat(extraParts)}--${boundary}--\r\n`
    return { contentType: declared ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data', body: cut === null ? body : body.slice(0, cut) }
  })

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/octet-stream', '', 'application/json;;;', 'x/y; boundary="')

const anyRequest: fc.Arbitrary<InjectOptions> = fc
  .record({
    method: fc.constantFrom(...methods),
    route: fc.constantFrom(...routes),
    id: hostileId,
    query: fc.option(queryString, { nil: undefined }),
    body: fc.oneof(
      jsonBody.map((payload) => ({ payload, contentType: undefined as string | undefined })),
      multipartBody.map(({ body, contentType: type }) => ({ payload: body, contentType: type as string | undefined })),
      fc.tuple(fc.string({ maxLength: 100 }), contentType).map(([payload, type]) => ({ payload, contentType: type as string | undefined })),
      fc.nat({ max: 40_000 }).map((size) => ({ payload: 'x'.repeat(size), contentType: 'application/json' as string | undefined })),
      fc.constant({ payload: undefined as string | undefined, contentType: undefined as string | undefined }),
    ),
    authorized: fc.boolean(),
    withSecret: fc.boolean(),
    authorization: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('Bearer', 'Bearer ', `bearer ${apiKey}`, `Bearer  ${apiKey} `, `Bearer ${apiKey}\u0000`)), { nil: undefined }),
  })
  .map(({ method, route, id, query, body, authorized, withSecret, authorization }) => {
    const path = route.replace('{id}', id)
    const secretQuery = route.startsWith('/webhooks') && withSecret ? `secret=${secret}` : ''
    const search = [query, secretQuery].filter((part) => part !== undefined && part !== '').join('&')
    const headers: Record<string, string> = {}
    if (authorized) headers.authorization = `Bearer ${apiKey}`
    else if (authorization !== undefined) headers.authorization = authorization.replace(/[\r\n]/g, ' ')
    const sendsBody = body.payload !== undefined && method !== 'GET' && method !== 'HEAD'
    if (sendsBody) headers['content-type'] = body.contentType ?? 'application/json'
    return { method, url: search ? `${path}?${search}` : path, headers, ...(sendsBody ? { payload: body.payload } : {}) }
  })

/** Multipart bodies where Plex posts them, with the secret: they reach the multipart parser. */
const plexRequest: fc.Arbitrary<InjectOptions> = multipartBody.map(({ body, contentType: type }) => ({
  method: 'POST' as const,
  url: `/webhooks/plex?secret=${secret}`,
  headers: { 'content-type': type },
  payload: body,
}))

/** JSON bodies where JSON is read, with the credentials: they reach the schemas and the handlers. */
const jsonRequest: fc.Arbitrary<InjectOptions> = fc
  .tuple(fc.constantFrom('PATCH /movies/tmdb:550', 'POST /housekeeping', `POST /webhooks/jellyfin?secret=${secret}`, 'POST /movies/tmdb:550/play'), jsonBody, contentType)
  .map(([route, payload, type]) => {
    const [method, url] = route.split(' ') as ['PATCH' | 'POST', string]
    return { method, url, headers: { authorization: `Bearer ${apiKey}`, 'content-type': type === '' ? 'application/json' : type }, payload }
  })

/** Hostile ids and queries on the reading routes. */
const readRequest: fc.Arbitrary<InjectOptions> = fc
  .tuple(fc.constantFrom('/movies/{id}', '/movies/{id}/play', '/people/{id}', '/people/{id}/movies', '/movies', '/search', '/stats'), hostileId, fc.option(queryString, { nil: undefined }))
  .map(([route, id, query]) => ({ method: route.endsWith('/play') ? ('POST' as const) : ('GET' as const), url: `${route.replace('{id}', id)}${query ? `?${query}` : ''}`, headers: { authorization: `Bearer ${apiKey}` } }))

const request = fc.oneof(anyRequest, plexRequest, jsonRequest, readRequest)

describe('the HTTP server under malformed requests', () => {
  it('answers 300 malformed requests (JSON, multipart, params, ids, sizes) without a single 500, every error coded', async () => {
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(request, async (options) => {
        const reply = await server.app.inject(options)
        statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1)
        // 502/503 are answers about a data provider (a replay miss backing off); a 500 is a bug of ours.
        expect(reply.statusCode, `${options.method} ${options.url}\n${reply.body.slice(0, 500)}`).not.toBe(500)
        if (reply.statusCode >= 400 && options.method !== 'HEAD') {
          const body = reply.json() as { statusCode: number; code: unknown }
          expect(body.statusCode).toBe(reply.statusCode)
          expect(typeof body.code, reply.body).toBe('string')
        }
      }),
      { numRuns: 300, seed: 1321 },
    )
    // The run reached the handlers and the refusals alike, not only the router's 404.
    const answered = [...statuses.entries()].sort(([a], [b]) => a - b)
    expect(answered.filter(([status]) => status < 300).length, JSON.stringify(answered)).toBeGreaterThan(0)
    expect(answered.filter(([status]) => status >= 400).length, JSON.stringify(answered)).toBeGreaterThan(4)
    expect(server.logs.filter((line) => line.includes('"level":50'))).toEqual([])
  }, 120_000)
})
