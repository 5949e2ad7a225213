import { createHash } from 'node:crypto'
import {
  type Clock,
  type EnrichmentEngine,
  type EventBus,
  type LevelSet,
  type Movie,
  MovieNotFoundError,
  type MovieSeed,
  type PaginatedResponse,
  createMovieRecord,
  parseMovieId,
} from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'
import { chooseMatch, type MatchCandidate } from './title-match.js'
import { markFileMoved, markFileRemoved, moviesWithFile, resolveLocalMatch } from './video-file-links.js'

/** Options of {@link MovieCatalog.get}. */
export interface GetMovieOptions {
  /** Level the movie must reach. Default: the engine's `defaultLevel` (`'basic'`). */
  level?: string
}

/** What a video file is known as before matching. */
export interface VideoFileInfo {
  /** Title parsed from the file name. */
  title: string
  /** Year parsed from the file name. */
  year?: number
  /** TMDB id found in the name (`{tmdb-603}`): wins over a search. */
  tmdbId?: number
}

interface CatalogDeps {
  stores: CinelayerStores
  engine: EnrichmentEngine
  levels: LevelSet
  bus: EventBus
  clock: Clock
  tmdb: TmdbProvider
  defaultLevel: string
}

/**
 * The movies of an engine: lazy reads that enrich on demand, light peeks, creation from seeds and
 * files, listing.
 */
export class MovieCatalog {
  readonly #deps: CatalogDeps
  readonly #creating = new Map<string, Promise<Movie>>()

  constructor(deps: CatalogDeps) {
    this.#deps = deps
  }

  /**
   * Returns the movie at `level` or above, enriching only what is missing. An unknown `tmdb:` id
   * is created on the fly (the catalog looks infinite).
   * @throws InvalidIdError for a malformed id, MovieNotFoundError for an unknown non-TMDB id,
   *   EnrichmentFailedError when a provider fails.
   */
  async get(id: string, options: GetMovieOptions = {}): Promise<Movie> {
    const { levels, bus, engine } = this.#deps
    const level = levels.assert(options.level ?? this.#deps.defaultLevel)
    const movieId = await this.#resolveOrCreate(id)
    bus.publish({ type: 'MovieRequested', payload: { movieId, level } })
    return engine.ensure(movieId, level)
  }

  /** The movie as stored, or `null`: never calls a provider, never counts as a use. */
  async peek(id: string): Promise<Movie | null> {
    const parsed = parseMovieId(id)
    const canonical = await this.#deps.stores.movies.resolve(parsed.id)
    return canonical ? this.#deps.stores.movies.get(canonical) : null
  }

  /** A page of movies, optionally only those at one level. */
  list(options: { level?: string; page?: number; pageSize?: number } = {}): Promise<PaginatedResponse<Movie>> {
    if (options.level) this.#deps.levels.assert(options.level)
    return this.#deps.stores.movies.list(options)
  }

  /**
   * Creates a movie at the lowest level from what a list or credit says of it, unless it exists.
   * @returns the stored movie (existing or new).
   */
  async create(seed: MovieSeed, via: string): Promise<Movie> {
    const id = parseMovieId(`tmdb:${seed.tmdb}`).id
    const existing = await this.#deps.stores.movies.resolve(id)
    if (existing) return (await this.#deps.stores.movies.get(existing))!
    return this.#once(id, async () => {
      const movie = createMovieRecord(
        { id, ids: { tmdb: seed.tmdb }, ...(seed.title ? { title: seed.title } : {}), ...(seed.year ? { year: seed.year } : {}) },
        this.#deps.levels,
        this.#deps.clock.now(),
      )
      await this.#deps.stores.movies.put(movie)
      this.#deps.bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: movie.level, via, ...pick(seed) } })
      return movie
    })
  }

  /**
   * Records a video file: matched on TMDB by title and year (an id in the name wins), the movie is
   * created at the lowest level with the file path, or the existing record gets the path. A file
   * that matches nothing surely becomes a `local:` movie with status `unmatched` and its candidates.
   */
  async addFile(path: string, info: VideoFileInfo): Promise<Movie> {
    const { stores, levels, clock, bus, tmdb } = this.#deps
    let tmdbId = info.tmdbId
    let decision: ReturnType<typeof chooseMatch> | undefined
    if (tmdbId === undefined) {
      decision = chooseMatch(await this.#search(info.title, info.year), info.title, info.year)
      // Nothing of that year: a search on the title alone records what the user may pick from.
      if (!decision.chosen && info.year !== undefined) decision = chooseMatch(await this.#search(info.title), info.title, info.year)
      tmdbId = decision.chosen?.tmdb
    }
    if (tmdbId !== undefined) {
      const id = parseMovieId(`tmdb:${tmdbId}`).id
      const candidates = decision?.candidates.map(stripCandidate)
      const match = { status: 'matched' as const, score: decision?.score ?? 1, ...(candidates?.length ? { candidates } : {}) }
      const existing = await stores.movies.resolve(id)
      if (existing) {
        const movie = (await stores.movies.get(existing))!
        const { fileMissingSince: _found, ...known } = movie
        const updated: Movie = { ...known, filePath: path, match, updatedAt: new Date(clock.now()).toISOString() }
        await stores.movies.put(updated)
        return updated
      }
      const chosen = decision?.chosen
      const movie = createMovieRecord(
        { id, ids: { tmdb: tmdbId }, title: chosen?.title ?? info.title, ...yearField(chosen?.year ?? info.year), filePath: path, match },
        levels,
        clock.now(),
      )
      await stores.movies.put(movie)
      bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: movie.level, via: 'file', title: movie.title!, ...yearField(movie.year) } })
      return movie
    }
    const local = createHash('sha256').update(path).digest('hex').slice(0, 32)
    const id = `local:${local}`
    const movie = createMovieRecord(
      {
        id,
        ids: { local },
        title: info.title,
        ...yearField(info.year),
        filePath: path,
        match: { status: 'unmatched', score: decision?.score ?? 0, candidates: (decision?.candidates ?? []).map(stripCandidate) },
      },
      levels,
      clock.now(),
    )
    await stores.movies.put(movie)
    bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: movie.level, via: 'file', title: info.title, ...yearField(info.year) } })
    return movie
  }

  /** The movie whose video file is at `path` (as `addFile` was given it), or `null`. Never calls a provider. */
  async byFile(path: string): Promise<Movie | null> {
    return (await moviesWithFile(this.#deps.stores, path))[0] ?? null
  }

  /**
   * Matches an unmatched `local:` movie to a TMDB id by hand; the local id becomes an alias.
   * @throws InvalidIdError for a non-local id or a bad TMDB id; MovieNotFoundError for an unknown local movie.
   */
  resolveMatch(localId: string, tmdbId: number): Promise<Movie> {
    return resolveLocalMatch(this.#deps, localId, tmdbId)
  }

  /** Records that the file at `from` is now at `to`. Returns the movies updated. */
  markFileMoved(from: string, to: string): Promise<Movie[]> {
    return markFileMoved(this.#deps, from, to)
  }

  /**
   * Records that the file at `path` is gone: `filePath` cleared, `fileMissingSince` set; the
   * movie and all it knows stay. Returns the movies marked (none when no movie had that file).
   */
  markFileRemoved(path: string): Promise<Movie[]> {
    return markFileRemoved(this.#deps, path)
  }

  async #search(title: string, year?: number): Promise<MatchCandidate[]> {
    const found = await this.#deps.tmdb.searchMovies(title, year === undefined ? {} : { year })
    return found.results.map((result) => ({
      tmdb: result.id,
      title: result.title,
      ...(result.original_title ? { originalTitle: result.original_title } : {}),
      ...yearField(yearOf(result.release_date)),
      ...(typeof result.popularity === 'number' ? { popularity: result.popularity } : {}),
    }))
  }

  async #resolveOrCreate(id: string): Promise<string> {
    const parsed = parseMovieId(id)
    const canonical = await this.#deps.stores.movies.resolve(parsed.id)
    if (canonical) return canonical
    if (parsed.namespace !== 'tmdb') throw new MovieNotFoundError(parsed.id)
    return (await this.create({ tmdb: Number(parsed.value) }, 'request')).id
  }

  /** Creation of one id is shared by concurrent callers, so a movie is never created twice. */
  #once(id: string, create: () => Promise<Movie>): Promise<Movie> {
    const pending = this.#creating.get(id)
    if (pending) return pending
    const promise = create().finally(() => this.#creating.delete(id))
    this.#creating.set(id, promise)
    return promise
  }
}

function yearOf(date: string | null | undefined): number | undefined {
  const year = date ? Number.parseInt(date.slice(0, 4), 10) : Number.NaN
  return Number.isFinite(year) ? year : undefined
}

function yearField(year: number | undefined): { year?: number } {
  return year === undefined ? {} : { year }
}

function pick(seed: MovieSeed): { title?: string; year?: number } {
  return { ...(seed.title ? { title: seed.title } : {}), ...yearField(seed.year) }
}

function stripCandidate(candidate: MatchCandidate): { tmdb: number; title: string; year?: number } {
  return { tmdb: candidate.tmdb, title: candidate.title, ...yearField(candidate.year) }
}
