import { type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { HttpDataProvider } from '../src/index.js'

/** Credentials the live-path tests configure: none of them may ever show in an error, a log line or a record. */
export const secrets = { tmdbToken: 'tmdb-token-3b7f0c1e9a', omdbKey: 'omdbkey5d2e8f' } as const

/**
 * An MSW server for the file: every request must be answered by a handler (an unhandled one fails
 * the test, so nothing reaches the network); handlers added with `server.use` are reset after each test.
 */
export function useMswServer(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}

/**
 * The live data path as an engine builds it, against MSW: credentials set, no rate limit to wait
 * for, one attempt (retries are the HTTP provider's own tests), every log line kept in `logs`.
 */
export function liveData(logs: string[] = []): HttpDataProvider {
  const unlimited = { requestsPerSecond: Infinity }
  return new HttpDataProvider({
    tmdb: { token: secrets.tmdbToken, ...unlimited },
    omdb: { apiKey: secrets.omdbKey, ...unlimited },
    wikipedia: unlimited,
    wikidata: unlimited,
    sources: { 'tmdb-image': { baseURL: 'https://image.tmdb.org', ...unlimited } },
    retry: { attempts: 1 },
    logger: (line) => logs.push(line),
  })
}

/** Everything a test saw as text (errors, logs, records), to check no credential leaked into it. */
export function leakedSecrets(...texts: unknown[]): string[] {
  const all = texts.map((text) => (typeof text === 'string' ? text : text instanceof Error ? `${text.message} ${JSON.stringify(text)} ${String(text.cause)}` : JSON.stringify(text))).join('\n')
  return Object.values(secrets).filter((secret) => all.includes(secret))
}
