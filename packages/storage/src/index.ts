/**
 * `@cinelayer/storage`: cinelayer's movie, person, relation and stats stores on unstorage, one
 * JSON record per key, validated on the way in and on the way out.
 * @packageDocumentation
 */
export { type CinelayerStores, type StoresOptions, createStores } from './create-stores.js'
export { type MovieListOptions, type MovieRepository, createMovieRepository } from './movie-repository.js'
export { type PersonRepository, createPersonRepository } from './person-repository.js'
export { type RelationRepository, createRelationRepository } from './relation-repository.js'
export { type StatsRepository, createStatsRepository } from './stats-repository.js'
export { type StorageErrorCode, StorageCorruptError, StorageReadError, StorageWriteError, storageErrorCodes } from './errors.js'
