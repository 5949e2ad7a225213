import { type EnrichmentEngine, EnrichmentFailedError, type LevelSet, type Movie } from '@cinelayer/core'
import { RefreshInvalidError } from './errors.js'

/** Options of `engine.movies.refresh`. */
export interface RefreshOptions {
  /**
   * Facets to fetch again (`['credits', 'images']`); each must be on the record. Default: every
   * facet a provider filled (all but `identity`).
   */
  facets?: readonly string[]
  /**
   * Only the facets these providers filled (`['tmdb']`: what TMDB's changes feed says changed).
   * Default: every provider.
   */
  providers?: readonly string[]
}

const EPOCH = new Date(0).toISOString()

/**
 * Fetches again some facets of a stored movie, keeping its level and every other facet: their
 * stamps are aged to the epoch, which makes them stale, then the movie is ensured at its level, so
 * the engine asks each provider once for what it filled (one coalesced call per provider). If that
 * fails, the movie keeps its data and level, and the stale stamps make the next request that needs
 * them try again: an upstream change is never forgotten. Used by `movies.refresh` and by the
 * scheduled refresh through TMDB's changes feed.
 * @throws RefreshInvalidError for a facet that is unknown, permanent or not on the record (nothing
 *   is changed); EnrichmentFailedError when a provider failed (the engine published
 *   `EnrichmentFailed` and recorded the error on the movie); what `EnrichmentEngine.ensure` throws.
 */
export async function refreshMovie(deps: { engine: EnrichmentEngine; levels: LevelSet }, movieId: string, options: RefreshOptions = {}): Promise<Movie> {
  const { engine } = deps
  let chosen: string[] = []
  const aged = await engine.update(movieId, (movie) => {
    chosen = facetsToRefresh(deps.levels, movie, options)
    if (chosen.length === 0) return movie
    return { ...movie, facets: Object.fromEntries(Object.entries(movie.facets).map(([facet, stamp]) => [facet, chosen.includes(facet) ? { ...stamp, at: EPOCH } : stamp])) }
  })
  if (chosen.length === 0) return aged
  const refreshed = await engine.ensure(aged.id, aged.level)
  // A refresh that fails keeps the stale data rather than throwing inside ensure: the stamps tell.
  const stale = chosen.filter((facet) => refreshed.facets[facet]?.at === EPOCH)
  if (stale.length > 0) {
    const last = refreshed.errors.at(-1)
    const providers = [...new Set(stale.map((facet) => refreshed.facets[facet]!.provider))]
    const cause = new Error(last ? `${last.code}: ${last.message}` : `${providers.join(', ')} did not answer`)
    throw new EnrichmentFailedError(refreshed.id, refreshed.level, refreshed.level, providers.join(', '), stale, cause)
  }
  return refreshed
}

/** The facets of `movie` a refresh fetches again. */
function facetsToRefresh(levels: LevelSet, movie: Movie, options: RefreshOptions): string[] {
  const fetched = Object.entries(movie.facets).filter(([facet]) => levels.facets.get(facet)?.permanent !== true)
  const byProvider = (stamp: { provider: string }) => options.providers === undefined || options.providers.includes(stamp.provider)
  if (options.facets === undefined) return fetched.filter(([, stamp]) => byProvider(stamp)).map(([facet]) => facet)
  const held = new Set(fetched.map(([facet]) => facet))
  for (const facet of options.facets) {
    const definition = levels.facets.get(facet)
    if (!definition) throw new RefreshInvalidError(movie.id, facet, `there is no such facet (known: ${[...levels.facets.keys()].join(', ')})`)
    if (definition.permanent) throw new RefreshInvalidError(movie.id, facet, 'it is the identity of the record, which no provider refreshes')
    if (!held.has(facet)) throw new RefreshInvalidError(movie.id, facet, `it is not on the record (at "${movie.level}"): bring the movie to a level that has it instead`)
  }
  return [...new Set(options.facets)].filter((facet) => byProvider(movie.facets[facet]!))
}
