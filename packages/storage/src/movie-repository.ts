import {
  type ChangeContext,
  KeyedMutex,
  type LevelSet,
  type Movie,
  type MovieChange,
  type MovieSummary,
  type MovieUpdate,
  type MovieWrite,
  type PaginatedResponse,
  type SummarizedMovieStore,
  paginate,
  parseMovieId,
} from '@cinelayer/core'
import { type ConflictPause, MAX_ATTEMPTS, pauseAfterConflict } from './conflict-retry.js'
import { StorageConflictError } from './errors.js'
import type { JsonRecords } from './json-records.js'
import { type MovieCommit, type StoredMovie, buildMovieCommit } from './movie-commit.js'
import { aliasKind, movieKind, statsKind, summaryKind } from './record-kinds.js'
import { RecordCache } from './record-cache.js'
import { aliasKey, filesBase, idsUnder, keyPrefixes, levelBase, movieKey, sortedById, statsKey } from './storage-keys.js'
import { type UnreadableRecord, unreadable } from './unreadable.js'

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

/** A page of movies, with the records of the page that could not be read (skipped). */
export interface MoviePage extends PaginatedResponse<Movie> {
  unreadable: UnreadableRecord[]
}

/** Options of {@link MovieRepository.scan} and {@link MovieRepository.summaries}. */
export interface MovieScanOptions {
  /** Records read in parallel. Default `64`. */
  batchSize?: number
  /** Only movies at this level. Default: every movie. */
  level?: string
  /** Called for a record that cannot be read (corrupt, invalid, newer schema), which is then skipped. Default: none, and the scan stops with the error. */
  onUnreadable?: (id: string, error: unknown) => void
}

/** The movie store of `@cinelayer/storage`: the one write path, reads, listings and summaries. */
export interface MovieRepository extends SummarizedMovieStore {
  /** A page of movies sorted by id (`tmdb:9` before `tmdb:10`); unreadable records are skipped and listed. */
  list(options?: MovieListOptions): Promise<MoviePage>
  /** Number of movies, or of movies at one level. */
  count(options?: { level?: string }): Promise<number>
  /** Every movie (or those at one level), in id order, a batch of records at a time. */
  scan(options?: MovieScanOptions): AsyncIterable<Movie>
  /** Every movie's summary, in id order like `ids()` (see {@link MovieSummary}). */
  summaries(options?: Pick<MovieScanOptions, 'onUnreadable'>): AsyncIterable<MovieSummary>
  /**
   * The movie under any of its ids (canonical or alias), or `null`.
   * @throws InvalidIdError for a malformed id.
   */
  find(id: string): Promise<Movie | null>
  /** Ids of the movies whose `filePath` is `path` (from the file entries: no record is read). */
  withFile(path: string): Promise<string[]>
  /** The movie's record with its exact stored text (what a change is checked against), or `null`. */
  getStored(id: string): Promise<StoredMovie | null>
  /**
   * Stores `movie` as it is, whatever is stored now: an update whose change returns the record
   * given. For imports and tests; a change computed from what is stored belongs in {@link update}.
   */
  put(movie: Movie, extra?: Omit<MovieWrite, 'movie'>): Promise<MovieUpdate>
  /** Removes a movie with its summary, level entry, credits, aliases, stats and images. */
  remove(id: string): Promise<MovieUpdate>
  /** Records `alias` as an id of the stored movie `canonical`. */
  alias(alias: string, canonical: string): Promise<MovieUpdate>
}

/** What a movie repository is built from; `createStores` fills it. */
export interface MovieRepositoryContext {
  records: JsonRecords
  levels: LevelSet
  /** Records kept in memory (parsed, frozen). Default `1000`; `0` turns the cache off. */
  cacheSize?: number
  /** How a change waits before it runs again on a newer record. Default: a short random pause on real time. */
  pause?: ConflictPause
}

/**
 * Movies on a {@link KeyValueStore}: one record per key (`movies:tmdb:550`) and, written by the
 * same commit, its summary, its level entry, its credits both ways and its aliases both ways.
 * Every change goes through {@link MovieRepository.update}: serialized per movie in this process,
 * checked against the stored text at commit (compare-and-set) so that a change computed from an
 * older record is run again rather than written over a newer one, and committed as one unit.
 */
export function createMovieRepository(context: MovieRepositoryContext): MovieRepository {
  const { records, levels } = context
  const kv = records.kv
  const mutex = new KeyedMutex()
  const cache = new RecordCache<Movie>(kv, context.cacheSize ?? 1000)

  async function getStored(id: string): Promise<StoredMovie | null> {
    const key = movieKey(id)
    const cached = cache.get(key)
    if (cached) return { movie: cached.record, text: cached.text }
    const stored = await records.readStored(key, movieKind)
    if (!stored) return null
    // A record read at an older schema version is not cached: its text is not what a write would store.
    return { movie: cache.set(key, stored.text, stored.record)!, text: stored.text }
  }

  async function attempt(id: string, change: MovieChange): Promise<{ update: MovieUpdate; commit?: MovieCommit }> {
    // What the change reads besides its movie is checked at commit too: a merge computed from an
    // absorbed movie (or its stats) that another writer changed meanwhile is run again.
    const seen = new Map<string, string | null>()
    const saw = (key: string, text: string | null) => {
      if (!seen.has(key)) seen.set(key, text)
    }
    const context: ChangeContext = {
      async movie(other) {
        const stored = await getStored(parseMovieId(other).id)
        saw(movieKey(other), stored?.text ?? null)
        return stored?.movie ?? null
      },
      async stats(other) {
        const stored = await records.readStored(statsKey(other), statsKind)
        saw(statsKey(other), stored?.text ?? null)
        return stored?.record ?? null
      },
    }
    const current = await getStored(id)
    const before = current?.movie ?? null
    const write = await change(before, context)
    if (write === null) return { update: { before, after: before, changed: false, peopleCreated: [], aliasesAdded: [] } }
    const commit = await buildMovieCommit({ records, levels, readMovie: getStored }, id, current, write)
    for (const [key, value] of seen) commit.checks.push({ key, value })
    return { update: { before, after: write.movie, changed: true, peopleCreated: [], aliasesAdded: [] }, commit }
  }

  // The skipped keys of a commit as a set, made once per commit: a batch of `updateMany` settles
  // each of its movies against the same (possibly long) list.
  let lastSkipped: readonly string[] | undefined
  let lastRefused = new Set<string>()
  function refusedBy(skipped: readonly string[]): ReadonlySet<string> {
    if (skipped !== lastSkipped) {
      lastSkipped = skipped
      lastRefused = new Set(skipped)
    }
    return lastRefused
  }

  function settle(id: string, update: MovieUpdate, commit: MovieCommit, skipped: readonly string[]): MovieUpdate {
    const refused = refusedBy(skipped)
    const after = cache.set(movieKey(id), commit.afterText, commit.after)
    for (const removed of commit.removed) cache.delete(movieKey(removed))
    const peopleCreated = [...commit.people].filter(([key]) => !refused.has(key)).map(([, personId]) => personId)
    return { ...update, after, peopleCreated, aliasesAdded: commit.aliasesAdded }
  }

  async function update(id: string, change: MovieChange): Promise<MovieUpdate> {
    // async: a malformed id rejects the promise like any other failure, never throws synchronously.
    const canonical = parseMovieId(id).id
    return mutex.run(canonical, async () => {
      for (let round = 1; ; round++) {
        const { update, commit } = await attempt(canonical, change)
        if (!commit) return update
        try {
          const result = await kv.commit({ checks: commit.checks, writes: commit.writes, durable: commit.durable })
          return settle(canonical, update, commit, result.skipped)
        } catch (error) {
          if (!(error instanceof StorageConflictError)) throw error
          // Another process committed first: read again and run the change on what it wrote.
          cache.clear()
          if (round >= MAX_ATTEMPTS) throw new StorageConflictError(movieKey(canonical), round)
          await (context.pause ?? pauseAfterConflict)(round)
        }
      }
    })
  }

  async function readBatch(ids: readonly string[], level: string | undefined, onUnreadable?: (id: string, error: unknown) => void): Promise<Movie[]> {
    const read = await Promise.all(
      ids.map((id) =>
        getStored(id).then(
          (stored) => stored?.movie ?? null,
          (error: unknown) => {
            if (!onUnreadable) throw error
            onUnreadable(id, error)
            return null
          },
        ),
      ),
    )
    return read.filter((movie): movie is Movie => movie !== null && (level === undefined || movie.level === level))
  }

  async function idsAt(level?: string): Promise<string[]> {
    const base = level === undefined ? `${keyPrefixes.movies}:` : levelBase(level)
    return idsUnder(await kv.keys(base), base, parseMovieId)
  }

  const repository: MovieRepository = {
    get: async (id) => (await getStored(parseMovieId(id).id))?.movie ?? null,
    getStored: async (id) => getStored(parseMovieId(id).id),
    update,

    async updateMany(changes) {
      // Every id is checked before any work: a malformed one refuses the whole call.
      for (const { id } of changes) parseMovieId(id)
      // Optimistic: one commit for all when nothing changed meanwhile, each on its own otherwise.
      const attempts: Array<{ id: string; update: MovieUpdate; commit?: MovieCommit }> = []
      try {
        for (const { id, change } of changes) {
          const canonical = parseMovieId(id).id
          attempts.push({ id: canonical, ...(await attempt(canonical, change)) })
        }
        const committed = attempts.filter((entry) => entry.commit)
        const ids = new Set(committed.map((entry) => entry.id))
        if (committed.length > 0 && ids.size === committed.length && !committed.some((entry) => entry.commit!.removed.length > 0)) {
          const result = await kv.commit({
            checks: committed.flatMap((entry) => entry.commit!.checks),
            writes: committed.flatMap((entry) => entry.commit!.writes),
            durable: committed.some((entry) => entry.commit!.durable),
          })
          return attempts.map((entry) => fulfilled(entry.commit ? settle(entry.id, entry.update, entry.commit, result.skipped) : entry.update))
        }
        if (committed.length === 0) return attempts.map((entry) => fulfilled(entry.update))
      } catch {
        // A conflict, or one change that cannot be made: each change on its own, each outcome its own.
        cache.clear()
      }
      return Promise.allSettled(changes.map(({ id, change }) => update(id, change)))
    },

    put: async (movie, extra = {}) => update(parseMovieId((movie as Partial<Movie> | null)?.id).id, () => ({ ...extra, movie })),
    remove: async (id) => update(id, (current) => (current ? { movie: null } : null)),
    async alias(alias, canonical) {
      parseMovieId(alias)
      return update(canonical, (current) => (current ? { movie: current, aliases: [alias] } : null))
    },

    async resolve(id) {
      const canonical = parseMovieId(id).id
      // An existence check, not a read: every lazy get and every usage count resolves its id first.
      if (cache.get(movieKey(canonical)) || (await kv.has(movieKey(canonical)))) return canonical
      const target = (await records.read(aliasKey(canonical), aliasKind).catch(() => null))?.id
      // An alias to a movie that is gone is not a known id.
      if (target && (cache.get(movieKey(target)) || (await kv.has(movieKey(target))))) return target
      return null
    },

    async find(id) {
      const canonical = await repository.resolve(id)
      return canonical ? repository.get(canonical) : null
    },

    ids: () => idsAt(),
    async withFile(path) {
      const base = filesBase(path)
      return idsUnder(await kv.keys(base), base, parseMovieId)
    },
    sizeOf: async (id) => kv.size(movieKey(id)),

    async list({ level, page, pageSize } = {}) {
      const ids = await idsAt(level)
      const window = paginate(ids, page, pageSize)
      const problems: UnreadableRecord[] = []
      const results: Movie[] = []
      for (let start = 0; start < window.results.length; start += READ_BATCH) {
        const batch = window.results.slice(start, start + READ_BATCH)
        results.push(...(await readBatch(batch, level, (movieId, error) => problems.push(unreadable(movieKey(movieId), error)))))
      }
      return { ...window, results, unreadable: problems }
    },

    count: async ({ level } = {}) => kv.count(level === undefined ? `${keyPrefixes.movies}:` : levelBase(level)),

    async *scan({ batchSize = 64, level, onUnreadable } = {}) {
      const size = Math.max(1, Math.floor(batchSize))
      const ids = await idsAt(level)
      for (let start = 0; start < ids.length; start += size) yield* await readBatch(ids.slice(start, start + size), level, onUnreadable)
    },

    async *summaries({ onUnreadable } = {}) {
      const base = `${keyPrefixes.summaries}:`
      for (const { key, value } of sortedById(await kv.entries(base), base)) {
        try {
          yield records.parse(key, value, summaryKind).record
        } catch (error) {
          if (!onUnreadable) throw error
          onUnreadable(key.slice(base.length), error)
        }
      }
    },
  }
  return repository
}

function fulfilled<T>(value: T): PromiseFulfilledResult<T> {
  return { status: 'fulfilled', value }
}
