import type { EventBus, MovieSeed, Relation, Unsubscribe } from '@cinelayer/core'
import type { Housekeeper } from '@cinelayer/housekeeping'
import { type TmdbProvider, normalizeMovieListItem } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'
import type { BulkReport } from './bulk-operations.js'
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
  enrichMany(ids: string[] | 'all', level: string): Promise<BulkReport>
  importMany(ids: string[]): Promise<BulkReport>
}

/**
 * Connects request events to the engine: files, filmography clicks, lists and housekeeping
 * requests published on the bus are acted on. Failures surface as `HandlerFailed` events.
 */
export function wireEventHandlers(deps: EventHandlerDeps): Unsubscribe {
  const { bus, movies, housekeeping, people, tmdb } = deps
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
    bus.on('BulkImportRequested', async ({ payload }) => {
      await deps.importMany(payload.ids)
    }),
    bus.on('BulkEnrichRequested', async ({ payload }) => {
      await deps.enrichMany(payload.ids, payload.level)
    }),
    bus.on('HousekeepingRequested', async ({ payload }) => {
      await housekeeping.run({ dryRun: payload.dryRun })
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
