import { KeyedMutex, type MovieStats, type StatsStore, parseMovieId } from '@cinelayer/core'
import type { CommitCheck, CommitWrite } from './commit.js'
import { type ConflictPause, MAX_ATTEMPTS, pauseAfterConflict } from './conflict-retry.js'
import { StorageConflictError } from './errors.js'
import type { JsonRecords } from './json-records.js'
import { statsKind } from './record-kinds.js'
import { keyPrefixes, quarantineKey, sortedById, statsKey } from './storage-keys.js'

/** Usage statistics, one record per movie (`stats:tmdb:550`). */
export type StatsRepository = StatsStore

/**
 * Creates the stats repository. A flush of many movies is one commit, checked against the stored
 * texts and run again on a conflict (another process flushed first). A record that cannot be read
 * is given to the change as `null` and its bytes are kept under `quarantine:stats:…`: a corrupt
 * record never blocks counting.
 */
export function createStatsRepository(records: JsonRecords, pause: ConflictPause = pauseAfterConflict): StatsRepository {
  const { kv } = records
  const mutex = new KeyedMutex()
  return {
    get: async (movieId) => records.read(statsKey(movieId), statsKind),
    async updateMany(movieIds, change) {
      const ids = [...new Set(movieIds.map((id) => parseMovieId(id).id))]
      return mutex.run('flush', async () => {
        for (let round = 1; ; round++) {
          const checks: CommitCheck[] = []
          const writes: CommitWrite[] = []
          for (const id of ids) {
            const key = statsKey(id)
            const text = await kv.read(key)
            let current: MovieStats | null = null
            if (text !== null) {
              try {
                current = records.parse(key, text, statsKind).record
              } catch {
                writes.push({ key: quarantineKey(key), value: text })
              }
            }
            const next = change(current, id)
            if (next === null) continue
            checks.push({ key, value: text })
            writes.push({ key, value: records.serialize(key, next, statsKind) })
          }
          try {
            await kv.commit({ checks, writes, durable: true })
            return
          } catch (error) {
            if (!(error instanceof StorageConflictError)) throw error
            if (round >= MAX_ATTEMPTS) throw new StorageConflictError(error.details.key as string, round)
            await pause(round)
          }
        }
      })
    },
    async *scan() {
      const base = `${keyPrefixes.stats}:`
      for (const { key, value } of sortedById(await kv.entries(base), base)) {
        try {
          yield records.parse(key, value, statsKind).record
        } catch {
          // unreadable: `validate` reports it, the next flush of that movie replaces it
        }
      }
    },
  }
}
