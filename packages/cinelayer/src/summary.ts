import type { LevelSet } from '@cinelayer/core'
import type { DataProvider } from '@cinelayer/providers'
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
}

/** Builds an {@link EngineSummary}. */
export async function summarize(deps: { stores: CinelayerStores; levels: LevelSet; data: DataProvider }): Promise<EngineSummary> {
  const { stores, levels, data } = deps
  const moviesPerLevel = Object.fromEntries(levels.names.map((name) => [name, 0]))
  const ids = await stores.movies.ids()
  for (const id of ids) {
    const movie = await stores.movies.get(id)
    if (movie) moviesPerLevel[movie.level] = (moviesPerLevel[movie.level] ?? 0) + 1
  }
  return {
    moviesPerLevel,
    movies: ids.length,
    people: (await stores.people.ids()).length,
    bytesStored: await stores.bytesStored(),
    providerCalls: { ...data.counters },
  }
}
