import type { Movie, MovieStats, Person, Relation } from './schemas.js'

/**
 * Where movies live. `@cinelayer/storage` implements it on unstorage; any other
 * implementation must pass the contract suite in `@cinelayer/storage`'s tests.
 * Ids given to a store are canonical and already validated.
 */
export interface MovieStore {
  /** The movie under its canonical id, or `null`. Throws a typed error on a corrupt record. */
  get(id: string): Promise<Movie | null>
  /** Writes the whole record (validated first; an invalid record is never written). */
  put(movie: Movie): Promise<void>
  /** Removes a movie and its aliases. */
  remove(id: string): Promise<void>
  /** Canonical id for any known id (itself, or an alias such as `imdb:tt…`), or `null`. */
  resolve(id: string): Promise<string | null>
  /** Records `alias` → `canonical` (e.g. `imdb:tt0137523` → `tmdb:550`). */
  alias(alias: string, canonical: string): Promise<void>
  /** Every canonical movie id. */
  ids(): Promise<string[]>
  /** Bytes the record takes in storage (serialized), 0 when absent. */
  sizeOf(id: string): Promise<number>
}

/** Where people live. */
export interface PersonStore {
  get(id: string): Promise<Person | null>
  put(person: Person): Promise<void>
  ids(): Promise<string[]>
}

/** Person↔movie relations, queryable both ways. */
export interface RelationStore {
  /** Replaces every relation of a movie (its credits) and updates the people's side. */
  setForMovie(movieId: string, relations: readonly Relation[]): Promise<void>
  /** Adds relations from a person's filmography (merged, deduplicated). */
  addForPerson(personId: string, relations: readonly Relation[]): Promise<void>
  forMovie(movieId: string): Promise<Relation[]>
  forPerson(personId: string): Promise<Relation[]>
}

/** Usage statistics per movie. */
export interface StatsStore {
  get(movieId: string): Promise<MovieStats | null>
  put(stats: MovieStats): Promise<void>
  all(): Promise<MovieStats[]>
}
