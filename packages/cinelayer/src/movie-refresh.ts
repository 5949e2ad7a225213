import { type EnrichmentEngine, EnrichmentFailedError, type Movie } from '@cinelayer/core'

const EPOCH = new Date(0).toISOString()

/**
 * Fetches again what a provider gave a movie, keeping its level: the provider's facet stamps are
 * aged to the epoch, which makes them stale, then the movie is ensured at its level, so the
 * engine asks for them again in one coalesced call. If that fails, the movie keeps its data and
 * level, and the stale stamps make the next request that needs them try again: an upstream
 * change is never forgotten.
 * @throws EnrichmentFailedError when the provider failed (the engine published `EnrichmentFailed`
 *   and recorded the error on the movie), and what `EnrichmentEngine.ensure` throws.
 */
export async function refreshMovie(engine: EnrichmentEngine, movieId: string, provider = 'tmdb'): Promise<Movie> {
  const aged = await engine.update(movieId, (movie) => {
    const stamps = Object.entries(movie.facets)
    if (!stamps.some(([, stamp]) => stamp.provider === provider)) return movie
    return { ...movie, facets: Object.fromEntries(stamps.map(([facet, stamp]) => [facet, stamp.provider === provider ? { ...stamp, at: EPOCH } : stamp])) }
  })
  const refreshed = await engine.ensure(aged.id, aged.level)
  // A refresh that fails keeps the stale data rather than throwing: the stamps tell.
  const stale = Object.entries(refreshed.facets).filter(([, stamp]) => stamp.provider === provider && stamp.at === EPOCH)
  if (stale.length > 0) {
    const last = refreshed.errors.at(-1)
    const cause = new Error(last ? `${last.code}: ${last.message}` : `${provider} did not answer`)
    throw new EnrichmentFailedError(refreshed.id, refreshed.level, refreshed.level, provider, stale.map(([facet]) => facet), cause)
  }
  return refreshed
}
