import { join, resolve as resolvePath } from 'node:path'
import { CinelayerError } from '@cinelayer/core'
import {
  type DataProvider,
  HttpDataProvider,
  HybridProvider,
  JsonReplayProvider,
  RecordingProvider,
  defaultReplayDir,
} from '@cinelayer/providers'
import type { DataMode, MovieEngineOptions } from './engine-options.js'
import { engineSecrets } from './engine-redaction.js'

function unavailable(mode: DataMode | 'provider', message: string): CinelayerError {
  return new CinelayerError('CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE', message, { details: { mode } })
}

/** Credentials from the options, else from the environment. Never logged: they go to the HTTP provider only. */
function credentials(options: MovieEngineOptions) {
  return {
    tmdbToken: options.tmdb?.token ?? process.env.TMDB_TOKEN,
    tmdbApiKey: options.tmdb?.apiKey,
    omdbApiKey: (options.imdb === false ? undefined : options.imdb?.apiKey) ?? process.env.OMDB_API_KEY,
  }
}

/** The live provider: credentials and base URLs from the provider options over `http`'s. */
function httpProvider(options: MovieEngineOptions, keys: ReturnType<typeof credentials>): HttpDataProvider {
  const http = options.http ?? {}
  const wikipedia = options.wikipedia === false ? undefined : options.wikipedia
  const imdb = options.imdb === false ? undefined : options.imdb
  const defined = <T extends object>(fields: T) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>
  return new HttpDataProvider({
    // One time source: the engine's timer, unless the provider is given its own.
    ...(options.timer && !http.timers ? { timers: options.timer } : {}),
    ...http,
    // Whatever else the engine must hide is kept out of the provider's log lines and errors too.
    secrets: engineSecrets(options),
    tmdb: { ...http.tmdb, ...defined({ token: keys.tmdbToken, apiKey: keys.tmdbApiKey, baseURL: options.tmdb?.baseURL }) },
    wikipedia: { ...http.wikipedia, ...defined({ baseURL: wikipedia?.baseURL }) },
    wikidata: { ...http.wikidata, ...defined({ baseURL: wikipedia?.wikidataBaseURL }) },
    omdb: { ...http.omdb, ...defined({ apiKey: keys.omdbApiKey, baseURL: imdb?.baseURL }) },
    sources: { ...http.sources, ...(options.tmdb?.imageBaseURL ? { 'tmdb-image': { ...http.sources?.['tmdb-image'], baseURL: options.tmdb.imageBaseURL } } : {}) },
  })
}

/**
 * Picks the data provider the options ask for: `'replay'` by default without a TMDB token,
 * `'http'` with one, `'hybrid'` (replay, then live, recording in `recordDir`) on request.
 * @throws CinelayerError `CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE` for contradictory options: live
 *   data without TMDB credentials, or a `recordDir` where nothing is fetched live.
 */
export function resolveDataProvider(options: MovieEngineOptions): DataProvider {
  const data = options.data
  if (data !== undefined && typeof data === 'object') {
    if (options.recordDir !== undefined) throw unavailable('provider', 'recordDir cannot be used with a DataProvider of your own; wrap it in a RecordingProvider instead')
    return data
  }
  const keys = credentials(options)
  const hasTmdbCredentials = Boolean(keys.tmdbToken || keys.tmdbApiKey)
  const mode: DataMode = data ?? (hasTmdbCredentials ? 'http' : 'replay')
  const replay = () => new JsonReplayProvider({ dir: options.replayDir ?? defaultReplayDir })
  if (mode === 'replay') {
    if (options.recordDir !== undefined) throw unavailable(mode, `recordDir records live answers, and data: 'replay' fetches none; use data: 'hybrid'`)
    return replay()
  }
  if (mode !== 'http' && mode !== 'hybrid') throw unavailable(mode, `Unknown data mode ${JSON.stringify(mode)}; expected 'replay', 'http', 'hybrid' or a DataProvider`)
  if (!hasTmdbCredentials) {
    throw unavailable(mode, `data: '${mode}' needs TMDB credentials: set tmdb.token (or TMDB_TOKEN) or tmdb.apiKey, or use data: 'replay'`)
  }
  const live = httpProvider(options, keys)
  const secrets = engineSecrets(options)
  const limits = options.recording?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.recording.maxBodyBytes }
  if (mode === 'http') {
    return options.recordDir === undefined ? live : new RecordingProvider({ live, dir: resolvePath(options.recordDir), secrets, ...limits, ...(options.clock ? { clock: options.clock } : {}) })
  }
  const recordDir = resolvePath(options.recordDir ?? join(options.dataDir ?? '.cinelayer', 'recordings'))
  return new HybridProvider({ replay: replay(), live, recordDir, secrets, ...limits, ...(options.clock ? { clock: options.clock } : {}) })
}
