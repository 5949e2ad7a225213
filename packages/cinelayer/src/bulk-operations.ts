import { CinelayerError, type EnrichmentEngine, type EventBus, type LevelSet, type Movie, type MovieSeed, OptionsInvalidError } from '@cinelayer/core'
import type { CinelayerStores } from '@cinelayer/storage'
import { type ImportItem, type NamedImportDeps, importItemLabel, importNamedItem, isSeed } from './bulk-import-items.js'

/** Options of {@link bulkEnrich} and {@link bulkImport}. */
export interface BulkOptions {
  /**
   * Items worked on at once. The data provider's rate limit still applies underneath (with live
   * data, requests beyond it wait their turn). Default `4`.
   */
  concurrency?: number
}

/** Options of `engine.importMany`. */
export interface BulkImportOptions extends BulkOptions {
  /** Enrich each imported movie to this level as well. Default: none (movies stay at `initial`). */
  level?: string
}

/** What happened to one item of a bulk operation. */
export interface BulkItemResult {
  /** The item as given: an id, `tmdb:<n>` for a seed, `Title (Year)` for a title, the path of a file. */
  id: string
  /** The canonical id it reached, when it did. */
  movieId?: string
  /** `ok`: done; `skipped`: nothing to do (already there); `failed`: see `reason` and `code`. */
  status: 'ok' | 'skipped' | 'failed'
  /** The movie's level afterwards, when known. */
  level?: string
  reason?: string
  code?: string
}

/** The report of a bulk operation: every item in the order given, and the counts. */
export interface BulkReport {
  operation: 'enrich' | 'import'
  total: number
  ok: number
  skipped: number
  failed: number
  items: BulkItemResult[]
}

/** What the bulk operations work with. */
export interface BulkDeps extends NamedImportDeps {
  stores: CinelayerStores
  engine: EnrichmentEngine
  levels: LevelSet
  bus: EventBus
  /** Canonical id of a stored movie (by any of its ids), or `null`. */
  find(id: string): Promise<string | null>
  /**
   * Canonical id of a movie, created at `initial` when a TMDB or IMDb id reaches it first.
   * @throws MovieNotFoundError when it cannot be created from the id
   */
  findOrCreate(id: string): Promise<string>
  /** The movie at `level`, created by its first enrichment when it is not stored yet (the catalog's `get`). */
  get(id: string, level: string): Promise<Movie>
  /** Creates a movie from a seed unless it exists; says whether it was created. */
  createSeed(seed: MovieSeed): Promise<{ movieId: string; created: boolean }>
}

const DEFAULT_CONCURRENCY = 4

/**
 * Brings many movies to `level` (`'all'`: every stored movie), a few at a time. A movie already
 * there (and fresh) is skipped; a failure is reported for its item and the others go on.
 * Publishes `BulkProgress` after each item.
 * @throws UnknownLevelError for an unknown level; OptionsInvalidError for a bad concurrency (before any work).
 */
export async function bulkEnrich(deps: BulkDeps, ids: readonly string[] | 'all', level: string, options: BulkOptions = {}): Promise<BulkReport> {
  deps.levels.assert(level)
  const concurrency = checkConcurrency(options.concurrency)
  const items = ids === 'all' ? await deps.stores.movies.ids() : [...new Set(ids)]
  return runBulk(deps.bus, 'enrich', items, concurrency, async (id) => {
    const known = await deps.find(id)
    const stored = known === null ? null : await deps.stores.movies.get(known)
    const plan = stored && deps.engine.plan(stored, level)
    if (stored && plan && plan.missing.length === 0 && plan.stale.length === 0) {
      return { id, movieId: stored.id, status: 'skipped', level: stored.level, reason: `already at "${stored.level}"` }
    }
    // Through the catalog's lazy get: an id no provider knows is not stored.
    const movie = await deps.get(known ?? id, level)
    return { id, movieId: movie.id, status: 'ok', level: movie.level }
  })
}

/**
 * Adds many movies, by id (`tmdb:603`, `imdb:tt0133093`), seed, title (searched and matched) or
 * video file (matched), a few at a time; with `options.level`, enriches each to it. A movie
 * already stored is skipped (an id or seed is then not enriched; a title is brought to the level).
 * @throws UnknownLevelError for an unknown level; OptionsInvalidError for a bad concurrency.
 */
export async function bulkImport(deps: BulkDeps, list: ReadonlyArray<ImportItem>, options: BulkImportOptions = {}): Promise<BulkReport> {
  if (options.level !== undefined) deps.levels.assert(options.level)
  const concurrency = checkConcurrency(options.concurrency)
  const items = [...new Map(list.map((item) => [importItemLabel(item), item])).entries()]
  return runBulk(deps.bus, 'import', items, concurrency, async ([id, item]) => {
    // Titles and files are searched and matched first (see bulk-import-items.ts).
    if (typeof item !== 'string' && !isSeed(item)) return importNamedItem(deps, id, item, options.level)
    let movieId: string
    let created: boolean
    if (typeof item === 'string') {
      const known = await deps.find(item)
      if (known !== null) return { id, movieId: known, status: 'skipped', reason: `already in the catalog as ${known}` }
      // With a level, the movie is stored by its first enrichment: an unknown id leaves nothing behind.
      if (options.level !== undefined) {
        const movie = await deps.get(item, options.level)
        return { id, movieId: movie.id, status: 'ok', level: movie.level }
      }
      movieId = await deps.findOrCreate(item)
      created = true
    } else ({ movieId, created } = await deps.createSeed(item))
    if (!created) return { id, movieId, status: 'skipped', reason: `already in the catalog as ${movieId}` }
    const movie = options.level === undefined ? await deps.stores.movies.get(movieId) : await deps.engine.ensure(movieId, options.level)
    return { id, movieId, status: 'ok', ...(movie ? { level: movie.level } : {}) }
  })
}

function checkConcurrency(concurrency: number | undefined): number {
  const value = concurrency ?? DEFAULT_CONCURRENCY
  if (!Number.isInteger(value) || value < 1) throw new OptionsInvalidError('concurrency', `expected a whole number of at least 1, got ${String(concurrency)}`)
  return value
}

async function runBulk<T>(
  bus: EventBus,
  operation: 'enrich' | 'import',
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<BulkItemResult>,
): Promise<BulkReport> {
  const results: BulkItemResult[] = new Array(items.length)
  const counts = { ok: 0, skipped: 0, failed: 0 }
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      const item = items[index]!
      let result: BulkItemResult
      try {
        result = await work(item)
      } catch (error) {
        // One item's failure is its own: reported, never thrown, never stopping the others.
        result = { id: idOf(item), status: 'failed', reason: error instanceof Error ? error.message : String(error), ...(error instanceof CinelayerError ? { code: error.code } : {}) }
      }
      results[index] = result
      counts[result.status]++
      done++
      const reported = { id: result.id, status: result.status, ...(result.reason === undefined ? {} : { reason: result.reason }) }
      bus.publish({ type: 'BulkProgress', payload: { operation, total: items.length, done, ...counts, item: reported } })
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return { operation, total: items.length, ...counts, items: results }
}

function idOf(item: unknown): string {
  if (typeof item === 'string') return item
  if (Array.isArray(item)) return String(item[0])
  return String(item)
}
