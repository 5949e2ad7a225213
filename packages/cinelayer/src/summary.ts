import type { LevelSet } from '@cinelayer/core'
import type { DataProvider, HttpSourceTraffic } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'

/** A snapshot of an engine: what it holds and what it cost. */
export interface EngineSummary {
  /** Number of movies per level, every level listed. */
  moviesPerLevel: Record<string, number>
  movies: number
  people: number
  /** Bytes of every stored record. */
  bytesStored: number
  /** Upstream requests answered per source (`tmdb`, …) since the engine started. */
  providerCalls: Record<string, number>
  /**
   * HTTP traffic per source since the engine started: requests sent (retries included), retries,
   * `429` answers, failures, in flight and queued now. Empty when nothing goes over HTTP (replay data).
   */
  providerTraffic: Record<string, HttpSourceTraffic>
}

/** Builds an {@link EngineSummary}. */
export async function summarize(deps: { stores: CinelayerStores; levels: LevelSet; data: DataProvider }): Promise<EngineSummary> {
  const { stores, levels, data } = deps
  // Counts come from the level index: a summary never reads the records themselves.
  const counts = await Promise.all(levels.names.map(async (name) => [name, await stores.movies.count({ level: name })] as const))
  return {
    moviesPerLevel: Object.fromEntries(counts),
    movies: await stores.movies.count(),
    people: await stores.people.count(),
    bytesStored: await stores.bytesStored(),
    providerCalls: { ...data.counters },
    providerTraffic: Object.fromEntries(Object.entries(data.traffic ?? {}).map(([source, traffic]) => [source, { ...traffic }])),
  }
}
