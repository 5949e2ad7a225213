import type { EventBus, MovieSeed, Relation, Unsubscribe } from '@cinelayer/core'
import type { Housekeeper } from '@cinelayer/housekeeping'
import { type TmdbProvider, normalizeMovieListItem } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'
import type { BulkReport } from './bulk-operations.js'
import type { ImportItem } from './bulk-import-items.js'
import type { RequestDesk } from './engine-requests.js'
import type { MovieCatalog } from './movie-catalog.js'
import type { PersonDirectory } from './person-directory.js'

/** What the request handlers act with. */
export interface EventHandlerDeps {
  bus: EventBus
  movies: MovieCatalog
  housekeeping: Housekeeper
  people: PersonDirectory
  tmdb: TmdbProvider
  stores: CinelayerStores
  enrichMany(ids: string[] | 'all', level: string, options: { concurrency?: number }): Promise<BulkReport>
  importMany(items: ImportItem[], options: { level?: string; concurrency?: number }): Promise<BulkReport>
  /** Answers requests published with `engine.request`. */
  desk: RequestDesk
  /** Level recommended movies are brought to (the engine's default level). */
  recommendationLevel: string
}

/**
 * Connects request events to the engine: files, filmography clicks, lists, recommendations, bulk
 * work and housekeeping requests published on the bus are acted on. Failures surface as `HandlerFailed` events.
 */
export function wireEventHandlers(deps: EventHandlerDeps): Unsubscribe {
  const { bus, movies, housekeeping, people, tmdb, desk } = deps
  const offs = [
    bus.on('VideoFileDetected', async ({ payload }) => {
      if (payload.title) await movies.addFile(payload.path, { title: payload.title, ...(payload.year ? { year: payload.year } : {}) })
    }),
    bus.on('RelatedMovieRequested', async ({ payload }) => {
      const seeds = await withFilmographyFacts(deps.stores, payload.personId, [payload.movie, ...(payload.movies ?? [])])
      await movies.createMany(seeds, `person:${payload.personId}`)
    }),
    bus.on(['DiscoverMoviesFetched', 'TrendingMoviesFetched'], async (event) => {
      await movies.createMany(event.payload.movies, event.type === 'DiscoverMoviesFetched' ? 'discover' : 'trending')
    }),
    bus.on('SearchRequested', async ({ payload }) => {
      const found = await tmdb.searchMovies(payload.query, payload.year === undefined ? {} : { year: payload.year })
      await movies.createMany(found.results.map(normalizeMovieListItem), 'search')
    }),
    bus.on('PersonRequested', async ({ payload }) => {
      await people.get(payload.personId, { level: 'basic' })
    }),
    bus.on('BulkImportRequested', async (event) => {
      const { ids, titles = [], files = [], level, concurrency } = event.payload
      await desk.handle(event, () => deps.importMany([...ids, ...titles, ...files], { ...(level === undefined ? {} : { level }), ...(concurrency === undefined ? {} : { concurrency }) }))
    }),
    bus.on('BulkEnrichRequested', async (event) => {
      const { ids, level, concurrency } = event.payload
      await desk.handle(event, () => deps.enrichMany(ids, level, concurrency === undefined ? {} : { concurrency }))
    }),
    bus.on('RecommendationTriggered', async (event) => {
      // Whoever published it does not wait: the movies are ready by the time they are shown.
      await desk.handle(event, () => deps.enrichMany(event.payload.movieIds, deps.recommendationLevel, {}))
    }),
    bus.on('HousekeepingRequested', async (event) => {
      await desk.handle(event, () => housekeeping.run({ dryRun: event.payload.dryRun }))
    }),
  ]
  return () => offs.forEach((off) => off())
}

/** Seeds without a title or year take them from the person's filmography, when it names the film. */
async function withFilmographyFacts(stores: CinelayerStores, personId: string, seeds: readonly MovieSeed[]): Promise<MovieSeed[]> {
  if (seeds.every((seed) => seed.title && seed.year)) return [...seeds]
  let filmography: Relation[] = []
  try {
    filmography = await stores.relations.forPerson(personId)
  } catch {
    // An unknown or malformed person id only means nothing more is known of the films.
  }
  const facts = new Map(filmography.map((relation) => [relation.movieId, relation]))
  return seeds.map((seed) => {
    const known = facts.get(`tmdb:${seed.tmdb}`)
    const title = seed.title ?? known?.movieTitle
    const year = seed.year ?? known?.movieYear
    return { ...seed, ...(title ? { title } : {}), ...(year ? { year } : {}) }
  })
}
