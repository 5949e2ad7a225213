import type { EventBus, Unsubscribe } from '@cinelayer/core'
import type { Housekeeper } from '@cinelayer/housekeeping'
import type { MovieCatalog } from './movie-catalog.js'

/**
 * Connects request events to the engine: files, filmography clicks, lists and housekeeping
 * requests published on the bus are acted on. Failures surface as `HandlerFailed` events.
 */
export function wireEventHandlers(deps: { bus: EventBus; movies: MovieCatalog; housekeeping: Housekeeper }): Unsubscribe {
  const { bus, movies, housekeeping } = deps
  const offs = [
    bus.on('VideoFileDetected', async ({ payload }) => {
      if (payload.title) await movies.addFile(payload.path, { title: payload.title, ...(payload.year ? { year: payload.year } : {}) })
    }),
    bus.on('RelatedMovieRequested', async ({ payload }) => {
      await movies.create(payload.movie, `person:${payload.personId}`)
    }),
    bus.on(['DiscoverMoviesFetched', 'TrendingMoviesFetched'], async (event) => {
      const via = event.type === 'DiscoverMoviesFetched' ? 'discover' : 'trending'
      for (const seed of event.payload.movies) await movies.create(seed, via)
    }),
    bus.on('HousekeepingRequested', async ({ payload }) => {
      await housekeeping.run({ dryRun: payload.dryRun })
    }),
  ]
  return () => offs.forEach((off) => off())
}
