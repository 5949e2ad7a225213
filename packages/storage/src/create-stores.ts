import { type Clock, systemClock } from '@cinelayer/core'
import type { Storage } from 'unstorage'
import { JsonRecords } from './json-records.js'
import { type MovieRepository, createMovieRepository } from './movie-repository.js'
import { type PersonRepository, createPersonRepository } from './person-repository.js'
import { type RelationRepository, createRelationRepository } from './relation-repository.js'
import { type StatsRepository, createStatsRepository } from './stats-repository.js'
import { storedPrefixes } from './storage-keys.js'

/** Options of {@link createStores}. */
export interface StoresOptions {
  /**
   * The clock of the engine these stores serve. Records carry their own times today, so no store
   * reads it yet; it is kept on {@link CinelayerStores.clock} for what composes on top.
   * Default: the system clock.
   */
  clock?: Clock
}

/** Every store cinelayer needs, on one unstorage instance. */
export interface CinelayerStores {
  movies: MovieRepository
  people: PersonRepository
  relations: RelationRepository
  stats: StatsRepository
  /**
   * Bytes of every value cinelayer keeps: movies, aliases, people, relations, stats and images.
   * Keys outside those prefixes (another application's, on a shared storage) are not counted.
   */
  bytesStored(): Promise<number>
  /** The unstorage instance underneath, for what this package does not cover yet. */
  storage: Storage
  /** The clock given in the options. */
  clock: Clock
}

/**
 * Creates the movie, person, relation and stats stores on one unstorage instance.
 *
 * ```ts
 * import { createStorage } from 'unstorage'
 * import fsDriver from 'unstorage/drivers/fs'
 * const stores = createStores(createStorage({ driver: fsDriver({ base: './.cinelayer' }) }))
 * ```
 * @param storage any unstorage instance: fs (the embedded default), memory for tests, redis for several processes
 */
export function createStores(storage: Storage, options: StoresOptions = {}): CinelayerStores {
  const records = new JsonRecords(storage)
  return {
    movies: createMovieRepository(storage),
    people: createPersonRepository(storage),
    relations: createRelationRepository(storage),
    stats: createStatsRepository(storage),
    async bytesStored() {
      let total = 0
      for (const prefix of storedPrefixes) {
        for (const key of await records.keys(prefix)) total += await records.size(key)
      }
      return total
    },
    storage,
    clock: options.clock ?? systemClock,
  }
}
