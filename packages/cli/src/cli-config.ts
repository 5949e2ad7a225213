import type { MovieEngineOptions, TmdbEngineOptions } from 'cinelayer'

/**
 * What `cinelayer.config.json` (or `.ts`, `.mts`, `.js`, `.mjs`) may hold: the engine's options,
 * with relative paths taken from the config file's folder. A JSON file holds the plain settings; a
 * `.ts` file may add what JSON cannot express (plugins, rules, a storage). Secrets come from the
 * environment (`TMDB_TOKEN`, `OMDB_API_KEY`), never from a config file meant to be committed.
 */
export interface CinelayerConfig extends Omit<MovieEngineOptions, 'clock' | 'tmdb'> {
  /** Data folder. Default `./.cinelayer`; `--data` wins. */
  dataDir?: string
  /** Replay folder (recorded provider answers); `--replay` wins. Default: the dataset shipped with cinelayer when no token is set. */
  replayDir?: string
  /** Settings of `cinelayer watch`. */
  watch?: WatchSettings
  /**
   * TMDB settings without credentials (`baseURL`, `imageBaseURL`): `TMDB_TOKEN` from the
   * environment is added to them, never put in their place.
   */
  tmdb?: TmdbSettings
}

/** The TMDB settings a config file may hold: everything but the credentials. */
export type TmdbSettings = Omit<TmdbEngineOptions, 'token' | 'apiKey'>

/** Settings of `cinelayer watch` and `cinelayer serve`. */
export interface WatchSettings {
  /** Naming template of the library (see `@cinelayer/watcher`). Default: the watcher's. */
  template?: string
  /** Incoming folder `serve` watches (with `library`); `--incoming` wins. Default: none (no watcher). */
  incoming?: string
  /** Library folder `serve` organizes into; `--library` wins. */
  library?: string
}

/**
 * Types a `cinelayer.config.ts`:
 * ```ts
 * import { defineConfig } from '@cinelayer/cli'
 * export default defineConfig({ dataDir: './catalog', defaultLevel: 'medium' })
 * ```
 */
export function defineConfig(config: CinelayerConfig): CinelayerConfig {
  return config
}
