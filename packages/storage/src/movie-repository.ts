import { InvalidIdError, type Movie, type MovieStore, MovieSchema, type PaginatedResponse, paginate, parseMovieId } from '@cinelayer/core'
import type { Storage } from 'unstorage'
import { JsonRecords, type RecordKind } from './json-records.js'
import { aliasKey, idsUnder, keyPrefixes, movieKey, statsKey } from './storage-keys.js'

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

/** A {@link MovieStore} that can also list movies a page at a time. */
export interface MovieRepository extends MovieStore {
  /**
   * A page of movies sorted by id (`tmdb:9` before `tmdb:10`). Scans every movie key: listing
   * indexes come later.
   */
  list(options?: MovieListOptions): Promise<PaginatedResponse<Movie>>
}

/** An alias record: where an alias id (`imdb:tt0137523`) points. */
interface AliasRecord {
  id: string
}

const movieKind: RecordKind<Movie> = {
  kind: 'movie',
  schema: MovieSchema,
  versioned: true,
  check: (movie, key) => (key === `${keyPrefixes.movies}:${movie.id}` ? undefined : `its id "${movie.id}" does not match the key`),
}

const aliasKind: RecordKind<AliasRecord> = {
  kind: 'alias',
  schema: {
    safeParse(input) {
      const id = (input as { id?: unknown } | null)?.id
      try {
        return { success: true, data: { id: parseMovieId(id).id } }
      } catch (error) {
        return { success: false, error: error as Error }
      }
    },
  },
  versioned: false,
}

/**
 * Movies on unstorage, one record per key (`movies:tmdb:550`), aliases beside them
 * (`aliases:imdb:tt0137523` → `{ "id": "tmdb:550" }`).
 * @param storage any unstorage instance (fs, memory, redis…)
 */
export function createMovieRepository(storage: Storage): MovieRepository {
  const records = new JsonRecords(storage)

  async function aliasesOf(canonical: string): Promise<string[]> {
    const aliases: string[] = []
    for (const alias of idsUnder(await records.keys(keyPrefixes.aliases), keyPrefixes.aliases, parseMovieId)) {
      if ((await records.read(aliasKey(alias), aliasKind))?.id === canonical) aliases.push(alias)
    }
    return aliases
  }

  const repository: MovieRepository = {
    get: async (id) => records.read(movieKey(id), movieKind),

    async put(movie) {
      const key = movieKey((movie as Partial<Movie> | null)?.id as string)
      await records.write(key, movie, movieKind)
    },

    async remove(id) {
      const key = movieKey(id)
      const canonical = parseMovieId(id).id
      // The movie goes last: if anything before fails, it is still there and remove can be retried.
      await records.remove(statsKey(canonical))
      for (const alias of await aliasesOf(canonical)) await records.remove(aliasKey(alias))
      await records.remove(key)
    },

    async resolve(id) {
      const canonical = parseMovieId(id).id
      if (await records.has(movieKey(canonical))) return canonical
      const alias = await records.read(aliasKey(canonical), aliasKind)
      // An alias to a movie that is gone is not a known id.
      if (alias && (await records.has(movieKey(alias.id)))) return alias.id
      return null
    },

    async alias(alias, canonical) {
      const from = parseMovieId(alias).id
      const to = parseMovieId(canonical).id
      if (from === to) throw new InvalidIdError('alias', alias, 'an id cannot be an alias of itself')
      await records.write(aliasKey(from), { id: to }, aliasKind)
    },

    async ids() {
      return idsUnder(await records.keys(keyPrefixes.movies), keyPrefixes.movies, parseMovieId)
    },

    sizeOf: async (id) => records.size(movieKey(id)),

    async list({ level, page = 1, pageSize = 20 } = {}) {
      const ids = await repository.ids()
      if (level === undefined) {
        const window = paginate(ids, page, pageSize)
        return { ...window, results: await readAll(window.results) }
      }
      const atLevel = (await readAll(ids)).filter((movie) => movie.level === level)
      return paginate(atLevel, page, pageSize)
    },
  }

  async function readAll(ids: readonly string[]): Promise<Movie[]> {
    const movies: Movie[] = []
    // Bounded batches: parallel enough to be quick, without opening every file of a big catalog at once.
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const batch = await Promise.all(ids.slice(start, start + READ_BATCH).map((id) => repository.get(id)))
      // A movie removed between the key scan and the read is simply skipped.
      for (const movie of batch) if (movie) movies.push(movie)
    }
    return movies
  }

  return repository
}
