import { createStores, memoryDriver } from '@cinelayer/storage'
import { type Driver, createStorage } from 'unstorage'
import {
  type AnyCinelayerEvent,
  type CinelayerEvent,
  type Enricher,
  type EnrichmentInput,
  type EnrichmentOutput,
  EnrichmentEngine,
  type EventType,
  type LevelDefinition,
  LevelSet,
  type Movie,
  createEventBus,
  createManualClock,
  createMovieRecord,
  defaultFacets,
  defaultLevels,
  defineEnricher,
} from '../src/index.js'

/** An enricher written for a test: it counts its calls and can be held open or made to fail. */
export interface CountingEnricher extends Enricher {
  calls: EnrichmentInput[]
  /** While set, every call waits for it (a provider that has not answered yet). */
  gate: Promise<void> | undefined
  /** While set, every call rejects with it. */
  failure: unknown
}

/** Declares a counting enricher answering with `answer(input)`. */
export function countingEnricher(
  definition: Pick<Enricher, 'name' | 'provider' | 'provides' | 'needs'>,
  answer: (input: EnrichmentInput) => EnrichmentOutput,
): CountingEnricher {
  const enricher: CountingEnricher = {
    ...definition,
    calls: [],
    gate: undefined,
    failure: undefined,
    async enrich(input) {
      enricher.calls.push(input)
      if (enricher.gate) await enricher.gate
      if (enricher.failure !== undefined) throw enricher.failure
      return answer(input)
    },
  }
  return defineEnricher(enricher) as CountingEnricher
}

/** A promise the test resolves when it decides. */
export function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((ok) => {
    resolve = ok
  })
  return { promise, resolve }
}

/** Resolves once `enricher` has been called `count` times (the run has reached the provider). */
export async function untilCalled(enricher: CountingEnricher, count = 1): Promise<void> {
  for (let turn = 0; enricher.calls.length < count; turn++) {
    if (turn > 1000) throw new Error(`${enricher.name} was not called ${count} time(s)`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A bus on a manual clock, with every event it delivered and the HandlerFailed among them. */
export function createBusHarness() {
  const clock = createManualClock(new Date('2026-11-21T09:00:00Z'))
  const bus = createEventBus({ clock })
  const seen: AnyCinelayerEvent[] = []
  bus.onAny((event) => {
    seen.push(event)
  })
  const failures = () => seen.filter((event): event is CinelayerEvent<'HandlerFailed'> => event.type === 'HandlerFailed')
  return { clock, bus, seen, failures }
}

const tmdbNumber = (movie: Readonly<Movie>) => movie.ids.tmdb ?? 0

/**
 * A TMDB-like enricher: everything it provides comes from one call (`append_to_response`), and
 * it only answers the facets it was asked for.
 */
export function tmdbEnricher(): CountingEnricher {
  return countingEnricher(
    { name: 'tmdb-movie', provider: 'tmdb', provides: ['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords'] },
    ({ movie, facets }) => {
      const n = tmdbNumber(movie)
      const patch: Record<string, unknown> = {}
      const output: EnrichmentOutput = { patch }
      if (facets.includes('details')) Object.assign(patch, { overview: `Overview of ${n}`, tagline: `Tagline ${n}`, runtime: 136, releaseDate: '1999-03-30' })
      if (facets.includes('poster')) patch.poster = { path: `/poster-${n}.jpg` }
      if (facets.includes('credits')) {
        patch.cast = [{ personId: 'tmdb:6384', name: 'Keanu Reeves', character: 'Neo', order: 0 }]
        patch.crew = [{ personId: 'tmdb:9339', name: 'Lana Wachowski', job: 'Director', department: 'Directing' }]
        output.people = [
          { id: 'tmdb:6384', name: 'Keanu Reeves' },
          { id: 'tmdb:9339', name: 'Lana Wachowski' },
        ]
        output.relations = [
          { personId: 'tmdb:6384', movieId: movie.id, role: 'cast', character: 'Neo', order: 0 },
          { personId: 'tmdb:9339', movieId: movie.id, role: 'crew', job: 'Director', department: 'Directing' },
        ]
      }
      if (facets.includes('genres')) patch.genres = [{ id: 28, name: 'Action' }]
      if (facets.includes('ratings')) patch.tmdbRating = { average: 8.2, count: 24000 }
      if (facets.includes('externalIds')) {
        patch.ids = { imdb: 'tt0133093', wikidata: 'Q83495' }
        patch.externalIds = { imdb_id: 'tt0133093', wikidata_id: 'Q83495' }
      }
      if (facets.includes('images')) patch.images = { backdrops: [{ path: '/b.jpg' }], logos: [], posters: [] }
      if (facets.includes('keywords')) patch.keywords = ['simulation']
      return output
    },
  )
}

/** A Wikipedia-like enricher: it needs the Wikidata id that TMDB's external ids bring. */
export function wikipediaEnricher(): CountingEnricher {
  return countingEnricher({ name: 'wikipedia-summary', provider: 'wikipedia', provides: ['wikipedia'], needs: ['externalIds'] }, ({ movie }) => {
    if (!movie.ids.wikidata) throw new Error(`no wikidata id on ${movie.id}`)
    return { patch: { wikipedia: { title: movie.title ?? '?', language: 'en', summary: `Summary of ${movie.ids.wikidata}` } }, calls: 2 }
  })
}

/** An IMDb-like enricher: it needs the IMDb id. */
export function imdbEnricher(): CountingEnricher {
  return countingEnricher({ name: 'imdb-rating', provider: 'imdb', provides: ['imdbRating'], needs: ['externalIds'] }, ({ movie }) => {
    if (!movie.ids.imdb) throw new Error(`no imdb id on ${movie.id}`)
    return { patch: { imdbRating: { rating: 8.7, votes: 2_000_000 } } }
  })
}

/** Options of {@link createHarness}. */
export interface HarnessOptions {
  enrichers?: Enricher[]
  levels?: readonly LevelDefinition[]
  /** The unstorage driver; default memory. */
  driver?: Driver
}

/** A real bus, real stores on unstorage, a manual clock and an engine over the given enrichers. */
export function createHarness(options: HarnessOptions = {}) {
  const clock = createManualClock(new Date('2026-11-21T09:00:00Z'))
  const bus = createEventBus({ clock })
  const enrichers = options.enrichers ?? [tmdbEnricher(), wikipediaEnricher(), imdbEnricher()]
  const levels = new LevelSet(options.levels ?? defaultLevels, defaultFacets, enrichers.flatMap((enricher) => enricher.provides))
  const stores = createStores(createStorage({ driver: options.driver ?? memoryDriver({}) }), { clock, levels })
  const events: AnyCinelayerEvent[] = []
  bus.onAny((event) => {
    events.push(event)
  })
  const engine = new EnrichmentEngine({ movies: stores.movies, enrichers, levels, bus, clock })

  return {
    clock,
    bus,
    stores,
    levels,
    engine,
    enrichers,
    events,
    /** Events of one type, typed. */
    eventsOf<T extends EventType>(type: T) {
      return events.filter((event): event is Extract<AnyCinelayerEvent, { type: T }> => event.type === type)
    },
    /** Stores a new movie at the lowest level. */
    async addMovie(tmdb: number, extra: Partial<Movie> = {}): Promise<Movie> {
      const movie = { ...createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title: `Movie ${tmdb}`, year: 1999 }, levels, clock.now()), ...extra }
      await stores.movies.put(movie)
      return movie
    },
  }
}
