import {
  type Clock,
  type EditOptions,
  type EditsDocument,
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
import type { MoviePage } from '@cinelayer/storage'
import { BackgroundEnrichment } from './background-enrichment.js'
import { type CreditEntry, creditsPage } from './movie-credits.js'
import { type EditsImportReport, MovieEditor } from './movie-editor.js'
import { type VideoFileInfo, addVideoFile } from './file-matching.js'
import { UnknownIds, routeMovieId, unknownToProvider, worthRemembering } from './movie-lookup.js'
import { markFileMoved, markFileRemoved, moviesWithFile, resolveLocalMatch } from './video-file-links.js'
import { type RefreshOptions, refreshMovie } from './movie-refresh.js'
import { type MovieAdded, type TitleQuery, addByTitle } from './title-search.js'

/** Options of {@link MovieCatalog.get}. */
export interface GetMovieOptions {
  /** Level the movie must reach. Default: the engine's `defaultLevel` (`'basic'`). */
  level?: string
  /**
   * `false`: answer at once with the record as it is, and enrich in the background; the bus then
   * tells how it went (`EnrichmentCompleted`, or `EnrichmentFailed` with the error's code). Nothing
   * follows when the movie is already at the level. Default `true`.
   */
  wait?: boolean
}

interface CatalogDeps {
  stores: CinelayerStores
  engine: EnrichmentEngine
  levels: LevelSet
  bus: EventBus
  clock: Clock
  tmdb: TmdbProvider
  defaultLevel: string
  /** Writes usage counts still pending (before a local movie's are carried over on a match). */
  flushStats?: () => Promise<void>
  /** How long an id a provider said it does not know is remembered (no call, no record meanwhile), in ms. */
  unknownIdTtlMs?: number
}

/** Ten minutes: long enough to absorb a client asking for random ids, short enough for a movie TMDB adds today. */
const UNKNOWN_ID_TTL_MS = 10 * 60_000

/**
 * The movies of an engine: lazy reads that enrich on demand, light peeks, creation from seeds and
 * files, listing.
 */
export class MovieCatalog {
  readonly #deps: CatalogDeps
  readonly #background: BackgroundEnrichment
  readonly #editor: MovieEditor
  readonly #unknown: UnknownIds
  readonly #reported = new Set<string>()
  #requests = 0

  constructor(deps: CatalogDeps) {
    this.#deps = deps
    this.#editor = new MovieEditor(deps)
    this.#background = new BackgroundEnrichment({ ...deps, movies: deps.stores.movies })
    this.#unknown = new UnknownIds(deps.clock, deps.unknownIdTtlMs ?? UNKNOWN_ID_TTL_MS)
  }

  /**
   * Returns the movie at `level` or above, enriching only what is missing (or stale). Any known id
   * (`imdb:`, `wikidata:`, an aliased `local:`) reaches the same record. An unknown `tmdb:` id (or an
   * `imdb:` one TMDB's find names) is fetched from TMDB first (at least to the level above the
   * lowest, which proves it exists) and stored only then: an id no provider knows leaves the store
   * as it was, and is remembered for a while (`MovieNotFoundError` at once, no upstream call).
   * @throws InvalidIdError for a malformed id, MovieNotFoundError for an id that names no movie,
   *   EnrichmentFailedError when a provider fails, EnrichmentBackoffError while a provider that
   *   failed is left alone (the error says until when). With `wait: false`, only the first two.
   */
  async get(id: string, options: GetMovieOptions = {}): Promise<Movie> {
    const { levels, bus, engine, stores } = this.#deps
    engine.assertOpen()
    const level = levels.assert(options.level ?? this.#deps.defaultLevel)
    const parsed = parseMovieId(id)
    if (this.#unknown.has(parsed.id)) throw new MovieNotFoundError(parsed.id, { reason: 'is unknown to the provider (asked a moment ago)' })
    const route = await this.#route(parsed.id)
    if ('unstored' in route) return this.#getUnstored(parsed.id, route.unstored, level, options.wait !== false)
    const movieId = route.canonical
    if (options.wait !== false) {
      const correlationId = this.#requestId(movieId)
      bus.publish({ type: 'MovieRequested', correlationId, payload: { movieId, level } })
      return engine.ensure(movieId, level, { correlationId })
    }
    bus.publish({ type: 'MovieRequested', payload: { movieId, level } })
    const current = await stores.movies.get(movieId)
    if (!current) throw new MovieNotFoundError(movieId)
    this.#background.start(movieId, level)
    return current
  }

  /** The correlation id of one waiting request: the run it starts publishes its events under it. */
  #requestId(movieId: string): string {
    return `get-${movieId}-${++this.#requests}`
  }

  /** A movie not stored yet: created by its first enrichment, at least one level above the lowest. */
  async #getUnstored(asked: string, seed: MovieSeed, level: string, wait: boolean): Promise<Movie> {
    const { levels, bus, engine, clock } = this.#deps
    const id = parseMovieId(`tmdb:${seed.tmdb}`).id
    const target = levels.rank(level) > 0 || levels.names.length < 2 ? level : levels.names[1]!
    const requested = parseMovieId(asked)
    // An IMDb id asked for is kept: the first commit records it as an alias.
    const ids = { tmdb: seed.tmdb, ...(requested.namespace === 'imdb' ? { imdb: requested.value } : {}) }
    const create = createMovieRecord({ id, ids, ...pick(seed) }, levels, clock.now())
    // Only a request that waits lends the run its correlation id: the trace then tells it waited.
    const correlationId = wait ? this.#requestId(id) : undefined
    bus.publish({ type: 'MovieRequested', ...(correlationId ? { correlationId } : {}), payload: { movieId: id, level } })
    const enriched = engine.ensure(id, target, { create, via: requested.namespace === 'imdb' ? 'imdb' : 'request', ...(correlationId ? { correlationId } : {}) })
    const run = enriched.catch((error: unknown) => {
      const unknown = unknownToProvider(error)
      if (!unknown) throw error
      if (worthRemembering(unknown)) this.#unknown.remember(asked, id)
      throw new MovieNotFoundError(asked, { reason: `is unknown to the provider (${unknown.message})`, cause: error })
    })
    if (wait) return run
    // Nobody waits: the miss is remembered all the same, and the failure told once (by the engine).
    run.catch(() => undefined)
    this.#background.track(id, level, enriched)
    return create
  }

  /**
   * Adds the movie a title (and year) names, without a file: TMDB's search, scored as the file
   * watcher scores a file name; the best result is added (to `level`, default the engine's
   * `defaultLevel`) only when it is good enough and clearly ahead of the others.
   * @throws OptionsInvalidError for a blank title or a bad year; MovieMatchUncertainError, with the
   *   candidates and their ids, when no single result can be chosen (nothing is stored).
   */
  addByTitle(query: TitleQuery, options: { level?: string } = {}): Promise<MovieAdded> {
    this.#deps.engine.assertOpen()
    return addByTitle({ tmdb: this.#deps.tmdb, find: (id) => this.find(id), get: (id, level) => this.get(id, level ? { level } : {}) }, query, options.level)
  }

  /**
   * Fetches again what providers gave a stored movie (or only `facets`, or only what `providers`
   * filled), keeping its level and every other facet: one call per provider. A refresh that fails
   * keeps the data the movie had, marked stale, so the next request that needs it tries again.
   * @throws MovieNotFoundError for a movie not stored; RefreshInvalidError for a facet that is not
   *   on the record; EnrichmentFailedError when a provider failed.
   */
  async refresh(id: string, options: RefreshOptions = {}): Promise<Movie> {
    this.#deps.engine.assertOpen()
    const canonical = await this.find(id)
    if (!canonical) throw new MovieNotFoundError(parseMovieId(id).id)
    return refreshMovie(this.#deps, canonical, options)
  }

  /** Resolves once every background enrichment started by `get(…, { wait: false })` has ended. */
  settled(): Promise<void> {
    return this.#deps.engine.entries.settled()
  }

  /**
   * Edits fields of a movie by hand (validated against the movie schema; only editable fields:
   * every facet's fields but ids, file and match). An edit wins over every later enrichment and
   * comes back with its facet after a downgrade; with `lock: true` the fields are also locked.
   * @throws MovieNotFoundError, InvalidIdError, EditInvalidError (nothing is changed)
   */
  edit(id: string, patch: Readonly<Record<string, unknown>>, options: EditOptions = {}): Promise<Movie> {
    return this.#editor.edit(id, patch, options)
  }

  /**
   * Locks a field as it is now: enrichment never overwrites it, downgrade never removes it.
   * @throws MovieNotFoundError, EditInvalidError for a field that is not editable
   */
  lock(id: string, field: string): Promise<Movie> {
    return this.#editor.lock(id, field)
  }

  /**
   * Unlocks a field. When its facet is gone, the field leaves the record (an edit of it stays, and
   * comes back with the facet).
   * @throws MovieNotFoundError, EditInvalidError for a field that is not editable
   */
  unlock(id: string, field: string): Promise<Movie> {
    return this.#editor.unlock(id, field)
  }

  /**
   * The manual edits and locks of every movie as a versioned JSON document (per movie: edited fields
   * with values and lock flags), written to `file` when given (atomically: a reader never sees half).
   * @throws EditsExportError when the file cannot be written
   */
  exportEdits(file?: string): Promise<EditsDocument> {
    return this.#editor.exportEdits(file)
  }

  /**
   * Applies an edits document (a file path, or the document itself). The document is checked as a
   * whole first: a malformed one changes nothing. Then each edit is applied, skipped (already
   * equal) or rejected (unknown movie id, a field that is not editable, an invalid value).
   * @throws EditsDocumentInvalidError (listing the problems) for an unreadable or malformed document
   */
  importEdits(source: string | EditsDocument | unknown): Promise<EditsImportReport> {
    return this.#editor.importEdits(source)
  }

  /**
   * A page of a movie's credits (cast in billing order, then crew), each with the person's name and
   * whether the person is stored. Empty until the movie has its `credits` facet. Never calls a provider.
   * @throws MovieNotFoundError for an id that names no stored movie
   */
  async people(id: string, options: { page?: number; pageSize?: number } = {}): Promise<PaginatedResponse<CreditEntry>> {
    const canonical = await this.find(id)
    if (!canonical) throw new MovieNotFoundError(parseMovieId(id).id)
    return creditsPage(this.#deps.stores, canonical, options)
  }

  /** The canonical id of a stored movie by any of its ids, or `null`. Never calls a provider. */
  find(id: string): Promise<string | null> {
    return this.#deps.stores.movies.resolve(parseMovieId(id).id)
  }

  /**
   * The canonical id of a movie by any of its ids; a `tmdb:` id seen for the first time creates the
   * movie at the lowest level (an `imdb:` one is looked up on TMDB first). For a bulk import: the id
   * is not checked with TMDB before the movie is stored (`get` does that).
   * @throws MovieNotFoundError when the id names no movie
   */
  async findOrCreate(id: string): Promise<string> {
    const route = await this.#route(parseMovieId(id).id)
    if ('canonical' in route) return route.canonical
    const movie = await this.create(route.unstored, 'request')
    const parsed = parseMovieId(id)
    if (parsed.namespace === 'imdb') await this.#alias(parsed.id, movie.id)
    return movie.id
  }

  /**
   * Creates, in one pass, the movies several seeds name (deduplicated by TMDB id); those already
   * stored are left as they are.
   * @returns each movie, in the order of the seeds, with whether it was created now
   */
  async createMany(seeds: readonly MovieSeed[], via: string): Promise<Array<{ movie: Movie; created: boolean }>> {
    const results: Array<{ movie: Movie; created: boolean }> = []
    const seen = new Set<number>()
    for (const seed of seeds) {
      if (seen.has(seed.tmdb)) continue
      seen.add(seed.tmdb)
      const before = await this.#deps.stores.movies.resolve(parseMovieId(`tmdb:${seed.tmdb}`).id)
      results.push({ movie: await this.create(seed, via), created: before === null })
    }
    return results
  }

  /** The movie as stored, or `null`: never calls a provider, never counts as a use. */
  async peek(id: string): Promise<Movie | null> {
    this.#deps.engine.assertOpen()
    const parsed = parseMovieId(id)
    const canonical = await this.#deps.stores.movies.resolve(parsed.id)
    return canonical ? this.#deps.stores.movies.get(canonical) : null
  }

  /**
   * A page of movies, optionally only those at one level. A record that cannot be read is skipped
   * (listed in `unreadable`, and announced once by a `RecordUnreadable` event): one bad record never
   * hides the others.
   */
  async list(options: { level?: string; page?: number; pageSize?: number } = {}): Promise<MoviePage> {
    this.#deps.engine.assertOpen()
    if (options.level) this.#deps.levels.assert(options.level)
    const page = await this.#deps.stores.movies.list(options)
    for (const problem of page.unreadable) this.reportUnreadable(problem)
    return page
  }

  /** Announces an unreadable record once per key (`RecordUnreadable`), for listings and bulk work. */
  reportUnreadable(problem: { key: string; code: string; message: string }): void {
    if (this.#reported.has(problem.key)) return
    this.#reported.add(problem.key)
    this.#deps.bus.publish({ type: 'RecordUnreadable', payload: problem })
  }

  /**
   * Creates a movie at the lowest level from what a list or credit says of it, unless it exists.
   * @returns the stored movie (existing or new).
   */
  async create(seed: MovieSeed, via: string): Promise<Movie> {
    const { stores, levels, clock, bus, engine } = this.#deps
    engine.assertOpen()
    const id = parseMovieId(`tmdb:${seed.tmdb}`).id
    const existing = await stores.movies.resolve(id)
    if (existing) return (await stores.movies.get(existing))!
    return engine.entries.share(id, 'creation', async () => {
      const update = await stores.movies.update(id, (current) => (current ? null : { movie: createMovieRecord({ id, ids: { tmdb: seed.tmdb }, ...pick(seed) }, levels, clock.now()) }))
      const movie = update.after!
      if (!update.before) bus.publish({ type: 'MovieCreated', payload: { movieId: id, level: movie.level, via, ...pick(seed) } })
      return movie
    })
  }

  /**
   * Records a video file: matched on TMDB by title and year (an id in the name wins), the movie is
   * created at the lowest level with the file path, or the existing record gets the path. A file
   * that matches nothing surely becomes a `local:` movie with status `unmatched` and its candidates.
   */
  addFile(path: string, info: VideoFileInfo): Promise<Movie> {
    return addVideoFile(this.#deps, path, info)
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


  async #route(id: string) {
    const route = await routeMovieId(this.#deps, id).catch((error: unknown) => {
      const unknown = error instanceof MovieNotFoundError ? unknownToProvider(error) : null
      if (unknown && worthRemembering(unknown)) this.#unknown.remember(id)
      throw error
    })
    if ('canonical' in route) this.#unknown.forget(id)
    return route
  }

  async #alias(alias: string, movieId: string): Promise<void> {
    const update = await this.#deps.stores.movies.update(movieId, (current) => (current ? { movie: current, aliases: [alias] } : null))
    for (const added of update.aliasesAdded) this.#deps.bus.publish({ type: 'MovieAliased', payload: { from: added, to: movieId } })
  }
}


function yearField(year: number | undefined): { year?: number } {
  return year === undefined ? {} : { year }
}

function pick(seed: MovieSeed): { title?: string; year?: number } {
  return { ...(seed.title ? { title: seed.title } : {}), ...yearField(seed.year) }
}
