import type { EnrichmentEngine, Movie } from '@cinelayer/core'

/**
 * Fetches again what a provider gave a movie, keeping its level: the provider's facet stamps are
 * aged to the epoch, which makes them stale, then the movie is ensured at its level, so the
 * engine asks for them again in one coalesced call. If that fails, the movie keeps its data and
 * level, and the stale stamps make the next request that needs them try again: an upstream
 * change is never forgotten.
 * @throws what `EnrichmentEngine.ensure` throws (EnrichmentFailedError when the provider fails).
 */
export async function refreshMovie(engine: EnrichmentEngine, movieId: string, provider = 'tmdb'): Promise<Movie> {
  const aged = await engine.update(movieId, (movie) => {
    const facets = Object.fromEntries(Object.entries(movie.facets).map(([facet, stamp]) => [facet, stamp.provider === provider ? { ...stamp, at: EPOCH } : stamp]))
    return Object.values(facets).some((stamp, index) => stamp !== Object.values(movie.facets)[index]) ? { ...movie, facets } : movie
  })
  return engine.ensure(aged.id, aged.level)
}

const EPOCH = new Date(0).toISOString()
