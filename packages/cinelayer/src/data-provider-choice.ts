import { CinelayerError } from '@cinelayer/core'
import { type DataProvider, JsonReplayProvider, defaultReplayDir } from '@cinelayer/providers'
import type { MovieEngineOptions } from './engine-options.js'

/** Picks the data provider the options ask for (replay by default when no token is set). */
export function resolveDataProvider(options: MovieEngineOptions): DataProvider {
  const data = options.data
  if (data !== undefined && typeof data === 'object') return data
  const token = options.tmdb?.token ?? process.env.TMDB_TOKEN
  const mode = data ?? (token ? 'http' : 'replay')
  if (mode === 'replay') return new JsonReplayProvider({ dir: options.replayDir ?? defaultReplayDir })
  throw new CinelayerError(
    'CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE',
    `Data mode "${mode}" is not available in this version of cinelayer; use data: 'replay' or pass a DataProvider`,
    { details: { mode } },
  )
}
