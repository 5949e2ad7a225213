import { type MovieStats, MovieStatsSchema, type StatsStore } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { JsonRecords, type RecordKind } from './json-records.js'
import type { ShardedIdIndex } from './sharded-id-index.js'
import { StoreIndexes } from './store-indexes.js'
import { createLocalMutex } from './store-mutex.js'
import { keyPrefixes, statsKey } from './storage-keys.js'

const READ_BATCH = 64

/** Usage statistics on unstorage, one record per movie (`stats:tmdb:550`), listed from an index. */
export type StatsRepository = StatsStore

/** The stats record: its schema, and a movie id that must match its key. */
export const statsKind: RecordKind<MovieStats> = {
  kind: 'stats',
  schema: MovieStatsSchema,
  versioned: true,
  check: (stats, key) => (key === `${keyPrefixes.stats}:${stats.movieId}` ? undefined : `its movieId "${stats.movieId}" does not match the key`),
}

/**
 * Creates the stats repository.
 * @param storage any unstorage instance
 * @param context the records and index to share with the other stores (as `createStores` does)
 */
export function createStatsRepository(storage: Storage, context?: { records: JsonRecords; index: ShardedIdIndex }): StatsRepository {
  const records = context?.records ?? new JsonRecords(storage)
  const index = context?.index ?? new StoreIndexes(records, createLocalMutex()).stats
  const repository: StatsRepository = {
    get: async (movieId) => records.read(statsKey(movieId), statsKind),
    async put(stats) {
      const key = statsKey((stats as Partial<MovieStats> | null)?.movieId as string)
      const text = records.serialize(key, stats, statsKind)
      if (!(await records.has(key))) await index.add([key.slice(keyPrefixes.stats.length + 1)])
      await records.writeSerialized(key, text)
    },
    /** Every stats record, sorted by movie id, read a shard of the index at a time. */
    async all() {
      const all: MovieStats[] = []
      for await (const chunk of index.chunks()) {
        for (let start = 0; start < chunk.length; start += READ_BATCH) {
          const batch = await Promise.all(chunk.slice(start, start + READ_BATCH).map((movieId) => repository.get(movieId)))
          for (const stats of batch) if (stats) all.push(stats)
        }
      }
      return all
    },
  }
  return repository
}
