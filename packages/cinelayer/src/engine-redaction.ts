import { type EventBus, type Redactor, createRedactor } from '@cinelayer/core'
import type { MovieEngineOptions } from './engine-options.js'

/**
 * Every secret an engine's options name: the TMDB token and api key, the OMDb key (options or
 * environment), credentials given to the HTTP provider, and `secrets` (a webhook secret, an API key,
 * a Redis URL, whose password comes along).
 */
export function engineSecrets(options: MovieEngineOptions): string[] {
  const http = options.http ?? {}
  const imdb = options.imdb === false ? undefined : options.imdb
  const sources = [http.tmdb, http.wikipedia, http.wikidata, http.omdb, ...Object.values(http.sources ?? {})]
  const sourceAuth = sources.map((source) => (source?.auth ? ('bearer' in source.auth ? source.auth.bearer : source.auth.value) : undefined))
  const values = [
    options.tmdb?.token,
    process.env.TMDB_TOKEN,
    options.tmdb?.apiKey,
    imdb?.apiKey,
    process.env.OMDB_API_KEY,
    http.tmdb?.token,
    http.tmdb?.apiKey,
    http.omdb?.apiKey,
    ...sourceAuth,
    ...(http.secrets ?? []),
    ...(options.secrets ?? []),
  ]
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.length > 0))]
}

/**
 * The engine's redactor, installed as the bus's first middleware: every event its handlers, its
 * trace, a server-sent stream or a Redis bridge see is clean, whoever published it.
 */
export function installRedaction(options: MovieEngineOptions, bus: EventBus): Redactor {
  const redactor = createRedactor(engineSecrets(options))
  if (!redactor.empty) bus.use((event, next) => next(redactor.value(event)))
  return redactor
}
