import type { JsonRecords } from './json-records.js'
import { ShardedIdIndex } from './sharded-id-index.js'
import type { StoreMutex } from './store-mutex.js'
import { indexNames, keyPrefixes, levelFromSegment } from './storage-keys.js'

/**
 * The indexes of one store: every movie, movies per level, people and stats, each a
 * {@link ShardedIdIndex}. They are kept on every write, so listing and counting never scan keys.
 */
export class StoreIndexes {
  readonly movies: ShardedIdIndex
  readonly people: ShardedIdIndex
  readonly stats: ShardedIdIndex
  readonly #levels = new Map<string, ShardedIdIndex>()
  readonly #records: JsonRecords
  readonly #mutex: StoreMutex
  readonly #maxShardSize: number | undefined

  constructor(records: JsonRecords, mutex: StoreMutex, maxShardSize?: number) {
    this.#records = records
    this.#mutex = mutex
    this.#maxShardSize = maxShardSize
    this.movies = this.#index(indexNames.movies)
    this.people = this.#index(indexNames.people)
    this.stats = this.#index(indexNames.stats)
  }

  /** The index of the movies at `level`. */
  moviesAt(level: string): ShardedIdIndex {
    let index = this.#levels.get(level)
    if (!index) {
      index = this.#index(indexNames.moviesAt(level))
      this.#levels.set(level, index)
    }
    return index
  }

  /** Levels that have an index in storage. Lists keys: for maintenance, not for every request. */
  async storedLevels(): Promise<string[]> {
    const levels = new Set<string>()
    const prefix = `${keyPrefixes.index}:movies-at-`
    for (const key of await this.#records.keys(keyPrefixes.index)) {
      if (!key.startsWith(prefix)) continue
      const segment = key.slice(prefix.length).split(':')[0]
      if (segment) levels.add(levelFromSegment(segment))
    }
    return [...levels]
  }

  #index(name: string): ShardedIdIndex {
    return new ShardedIdIndex(this.#records, name, this.#mutex, this.#maxShardSize)
  }
}
