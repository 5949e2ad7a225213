import { type MovieStats, MovieStatsSchema, type StatsStore, parseMovieId } from '@cinelayer/core'
import type { Storage } from 'unstorage'
import { JsonRecords, type RecordKind } from './json-records.js'
import { idsUnder, keyPrefixes, statsKey } from './storage-keys.js'

/** Usage statistics on unstorage, one record per movie (`stats:tmdb:550`). */
export type StatsRepository = StatsStore

const statsKind: RecordKind<MovieStats> = {
  kind: 'stats',
  schema: MovieStatsSchema,
  versioned: true,
  check: (stats, key) => (key === `${keyPrefixes.stats}:${stats.movieId}` ? undefined : `its movieId "${stats.movieId}" does not match the key`),
}

/**
 * Creates the stats repository.
 * @param storage any unstorage instance
 */
export function createStatsRepository(storage: Storage): StatsRepository {
  const records = new JsonRecords(storage)
  const repository: StatsRepository = {
    get: async (movieId) => records.read(statsKey(movieId), statsKind),
    async put(stats) {
      await records.write(statsKey((stats as Partial<MovieStats> | null)?.movieId as string), stats, statsKind)
    },
    /** Every stats record, sorted by movie id. */
    async all() {
      const all: MovieStats[] = []
      for (const movieId of idsUnder(await records.keys(keyPrefixes.stats), keyPrefixes.stats, parseMovieId)) {
        const stats = await repository.get(movieId)
        if (stats) all.push(stats)
      }
      return all
    },
  }
  return repository
}
