import { type Movie, type MovieStore, MovieSchema, type PaginatedResponse, paginate, parseMovieId } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { JsonRecords, type RecordKind } from './json-records.js'
import { MovieAliases } from './movie-aliases.js'
import { StoreIndexes } from './store-indexes.js'
import { type StoreMutex, createLocalMutex } from './store-mutex.js'
import { keyPrefixes, movieKey, movieRelationsKey, statsKey } from './storage-keys.js'

const READ_BATCH = 32

/** Options of {@link MovieRepository.list}. */
export interface MovieListOptions {
  /** Only movies whose `level` is exactly this one. Default: every level. */
  level?: string
  /** 1-based page number. Default `1`. */
  page?: number
  /** Movies per page. Default `20`. */
  pageSize?: number
}

/** Options of {@link MovieRepository.scan}. */
export interface MovieScanOptions {
  /** Records read in parallel, and the most held in memory at once besides one index shard. Default `64`. */
  batchSize?: number
  /** Only movies at this level. Default: every movie. */
  level?: string
  /**
   * Called for a record that cannot be read (corrupt, invalid, newer schema), which is then
   * skipped. Default: none, and the scan stops with the error.
   */
  onUnreadable?: (id: string, error: unknown) => void
}

/** A {@link MovieStore} with listing, counting and streaming from the indexes. */
export interface MovieRepository extends MovieStore {
  /** A page of movies sorted by id (`tmdb:9` before `tmdb:10`), read from the index: no key scan. */
  list(options?: MovieListOptions): Promise<PaginatedResponse<Movie>>
  /** Number of movies, or of movies at one level, from the index directory alone. */
  count(options?: { level?: string }): Promise<number>
  /**
   * Every movie (or those at one level), in id order, a batch of records at a time: memory stays
   * bounded whatever the size of the catalog.
   *
   * ```ts
   * for await (const movie of stores.movies.scan({ batchSize: 100 })) plan(movie)
   * ```
   */
  scan(options?: MovieScanOptions): AsyncIterable<Movie>
  /**
   * The movie under any of its ids (canonical or alias), in one or two key reads, or `null`.
   * @throws InvalidIdError for a malformed id.
   */
  find(id: string): Promise<Movie | null>
}

/** What a movie repository is built from; `createStores` fills it. */
export interface MovieRepositoryContext {
  records: JsonRecords
  indexes: StoreIndexes
  aliases: MovieAliases
  mutex: StoreMutex
}

/** The movie record: its schema, and an id that must match its key. */
export const movieKind: RecordKind<Movie> = {
  kind: 'movie',
  schema: MovieSchema,
  versioned: true,
  check: (movie, key) => (key === `${keyPrefixes.movies}:${movie.id}` ? undefined : `its id "${movie.id}" does not match the key`),
}

/**
 * Movies on unstorage, one record per key (`movies:tmdb:550`), aliases beside them
 * (`aliases:imdb:tt0137523` → `{ "id": "tmdb:550" }`), and their indexes.
 *
 * A write adds the movie to the indexes of its new level first, writes the record (the commit
 * point), then takes it out of its old level's index: the indexes always hold every stored movie,
 * and at worst, after a crash, an entry too many, which reads skip and `validate({ fix: true })`
 * drops.
 * @param storage any unstorage instance (fs, memory, redis…); give a context to share indexes,
 *   mutex and migrations with the other stores (as `createStores` does).
 */
export function createMovieRepository(storage: Storage, context?: MovieRepositoryContext): MovieRepository {
  const records = context?.records ?? new JsonRecords(storage)
  const mutex = context?.mutex ?? createLocalMutex()
  const indexes = context?.indexes ?? new StoreIndexes(records, mutex)
  const aliases = context?.aliases ?? new MovieAliases(records, mutex)

  /** The level of the stored record, `null` when there is none, `undefined` when it cannot be read. */
  async function storedLevel(key: string): Promise<string | null | undefined> {
    try {
      const stored = (await records.readJson(key)) as { level?: unknown } | null
      if (stored === null) return null
      return typeof stored.level === 'string' ? stored.level : undefined
    } catch {
      return undefined
    }
  }

  async function readBatch(ids: readonly string[], level: string | undefined, onUnreadable?: (id: string, error: unknown) => void): Promise<Movie[]> {
    const read = await Promise.all(
      ids.map((id) =>
        repository.get(id).catch((error: unknown) => {
          if (!onUnreadable) throw error
          onUnreadable(id, error)
          return null
        }),
      ),
    )
    // Index entries ahead of their record (a crash between the two writes) are skipped.
    return read.filter((movie): movie is Movie => movie !== null && (level === undefined || movie.level === level))
  }

  const repository: MovieRepository = {
    get: async (id) => records.read(movieKey(id), movieKind),

    async put(movie) {
      const key = movieKey((movie as Partial<Movie> | null)?.id as string)
      const valid = records.validate(movie, key, movieKind)
      const text = JSON.stringify(valid)
      await mutex.run(`movie:${valid.id}`, async () => {
        const previous = await storedLevel(key)
        if (previous === null || previous === undefined) await indexes.movies.add([valid.id])
        if (previous !== valid.level) await indexes.moviesAt(valid.level).add([valid.id])
        await records.writeSerialized(key, text)
        if (previous && previous !== valid.level) await indexes.moviesAt(previous).remove([valid.id])
      })
    },

    async remove(id) {
      const canonical = parseMovieId(id).id
      const key = movieKey(canonical)
      await mutex.run(`movie:${canonical}`, async () => {
        const level = await storedLevel(key)
        // The movie goes after its satellites and before its index entries: if anything fails, the
        // movie is still there, still listed, and remove can be retried.
        if (await records.has(statsKey(canonical))) await records.remove(statsKey(canonical))
        await indexes.stats.remove([canonical])
        await aliases.removeAllOf(canonical)
        // The movie's credits go with it; the people keep it in their filmographies.
        await mutex.run('relations', async () => {
          if (await records.has(movieRelationsKey(canonical))) await records.remove(movieRelationsKey(canonical))
        })
        if (level !== null) await records.remove(key)
        await indexes.movies.remove([canonical])
        if (level) await indexes.moviesAt(level).remove([canonical])
      })
    },

    async resolve(id) {
      const canonical = parseMovieId(id).id
      if (await records.has(movieKey(canonical))) return canonical
      const target = await aliases.target(canonical)
      // An alias to a movie that is gone is not a known id.
      if (target && (await records.has(movieKey(target)))) return target
      return null
    },

    alias: (alias, canonical) => aliases.add(alias, canonical),

    ids: () => indexes.movies.all(),

    sizeOf: async (id) => records.size(movieKey(id)),

    async list({ level, page, pageSize } = {}) {
      const window = paginate([], page, pageSize)
      const index = level === undefined ? indexes.movies : indexes.moviesAt(level)
      const found = await index.page((window.page - 1) * window.pageSize, window.pageSize)
      const results: Movie[] = []
      for (let start = 0; start < found.ids.length; start += READ_BATCH) results.push(...(await readBatch(found.ids.slice(start, start + READ_BATCH), level)))
      return { page: window.page, pageSize: window.pageSize, totalResults: found.total, totalPages: Math.ceil(found.total / window.pageSize), results }
    },

    count: async ({ level } = {}) => (level === undefined ? indexes.movies : indexes.moviesAt(level)).count(),

    async *scan({ batchSize = 64, level, onUnreadable } = {}) {
      const size = Math.max(1, Math.floor(batchSize))
      for await (const chunk of (level === undefined ? indexes.movies : indexes.moviesAt(level)).chunks()) {
        for (let start = 0; start < chunk.length; start += size) yield* await readBatch(chunk.slice(start, start + size), level, onUnreadable)
      }
    },

    async find(id) {
      const parsed = parseMovieId(id)
      // Canonical ids are mostly TMDB or local ones, aliases IMDb or Wikidata: look first where the id most likely is.
      if (parsed.namespace === 'imdb' || parsed.namespace === 'wikidata') {
        const target = await aliases.target(parsed.id)
        if (target) return repository.get(target)
        return repository.get(parsed.id)
      }
      const movie = await repository.get(parsed.id)
      if (movie) return movie
      const target = await aliases.target(parsed.id)
      return target ? repository.get(target) : null
    },
  }
  return repository
}
