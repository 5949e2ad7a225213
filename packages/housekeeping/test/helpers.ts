import {
  type AnyCinelayerEvent,
  DAY,
  LevelSet,
  type ManualClock,
  type ManualTimer,
  type Movie,
  StatsTracker,
  createEventBus,
  createManualClock,
  createManualTimer,
  createMovieRecord,
  summarizeMovie,
  type MovieSummary,
  type EventBus,
  type StatsStore,
} from '@cinelayer/core'
import { type CinelayerStores, type MovieRepository, createStores, memoryDriver } from '@cinelayer/storage'
import { type Driver, type Storage, createStorage } from 'unstorage'

/** 2026-01-01T00:00:00Z, when every test catalog is filled. */
export const T0 = Date.UTC(2026, 0, 1)

export { DAY }

/** Everything a housekeeper needs, on real stores over an unstorage instance. */
export interface World {
  storage: Storage
  stores: CinelayerStores
  movies: MovieRepository
  stats: StatsStore
  levels: LevelSet
  bus: EventBus
  clock: ManualClock
  /** Moves `clock`; drives the tracker's write-behind flushes. */
  timer: ManualTimer
  /** Counts uses and writes them behind (every minute of fake time). */
  tracker: StatsTracker
  /** Every event published, in order. */
  events: AnyCinelayerEvent[]
}

/** A fresh world on cinelayer's memory driver (or the driver given), with the clock at {@link T0}. */
export function createWorld(driver?: Driver): World {
  const storage = createStorage({ driver: driver ?? memoryDriver({}) })
  const timer = createManualTimer(createManualClock(T0))
  const { clock } = timer
  const stores = createStores(storage, { clock })
  const { movies, stats } = stores
  const bus = createEventBus({ clock })
  const events: AnyCinelayerEvent[] = []
  bus.onAny((event) => {
    events.push(event)
  })
  const tracker = new StatsTracker({ bus, stats, movies, clock, timer, flushIntervalMs: 60_000 })
  return { storage, stores, movies, stats, levels: new LevelSet(), bus, clock, timer, tracker, events }
}

/** A movie at `deep` with every default facet filled, stamped at the clock's now. */
export function deepMovie(tmdb: number, now: number, extra: Partial<Movie> = {}): Movie {
  const levels = new LevelSet()
  const movie = createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title: `Movie ${tmdb}`, year: 1999 }, levels, now)
  const at = new Date(now).toISOString()
  const fields: Partial<Movie> = {
    originalTitle: `Movie ${tmdb}`,
    overview: 'A hacker learns that the world he lives in is a simulation.',
    tagline: 'Welcome to the real world.',
    releaseDate: '1999-03-30',
    runtime: 136,
    originalLanguage: 'en',
    status: 'Released',
    poster: { path: '/poster.jpg', width: 500, height: 750 },
    cast: [{ personId: 'tmdb:6384', name: 'Keanu Reeves', character: 'Neo', order: 0 }],
    crew: [{ personId: 'tmdb:9339', name: 'Lana Wachowski', job: 'Director', department: 'Directing' }],
    genres: [{ id: 878, name: 'Science Fiction' }],
    tmdbRating: { average: 8.2, count: 25000 },
    externalIds: { imdb_id: 'tt0133093', wikidata_id: 'Q83495' },
    images: { backdrops: [{ path: '/backdrop.jpg', width: 1920, height: 1080 }], logos: [], posters: [{ path: '/p2.jpg' }] },
    keywords: ['simulated reality', 'dystopia', 'artificial intelligence'],
    wikipedia: { title: 'The Matrix', language: 'en', summary: 'A 1999 science fiction action film.' },
    imdbRating: { rating: 8.7, votes: 2100000 },
  }
  const facets = Object.fromEntries([...levels.facetsFor('deep')].map((facet) => [facet, { at, provider: 'tmdb' }]))
  return { ...movie, ...fields, level: 'deep', facets, ...extra }
}

/** Every key and raw value in the storage, to compare before and after. */
export async function snapshot(storage: Storage): Promise<Map<string, string>> {
  const entries = new Map<string, string>()
  for (const key of (await storage.getKeys()).sort()) entries.set(key, JSON.stringify(await storage.getItemRaw(key)))
  return entries
}

/** Records one read of a movie now, the way the engine's stats tracker does, and writes it. */
export async function read(world: World, movieId: string): Promise<void> {
  await world.tracker.record(movieId, 'views')
  await world.tracker.flush()
}

/** What a rule sees of a record: its summary. */
export function summaryOf(movie: Movie): MovieSummary {
  return summarizeMovie(movie, new LevelSet())
}
