import type { MovieSummary } from './movie-summary.js'
import type { Movie, MovieStats, Person, Relation } from './schemas.js'

/**
 * What one change writes besides (or instead of) the movie record. Everything in it is committed
 * together with the record, as one unit: after a crash at any point a reader sees all of it or
 * none of it.
 */
export interface MovieWrite {
  /** The record to store, or `null` to remove the movie with what belongs to it (credits, aliases, stats, summaries). */
  movie: Movie | null
  /** Replaces the movie's credits; the people's filmographies follow both ways. Default: unchanged. */
  credits?: readonly Relation[]
  /** People the change names: each is stored unless a record of that person is there already. */
  people?: readonly Person[]
  /** Further ids of the movie (`imdb:tt…`, `wikidata:Q…`, `local:…`) recorded as its aliases. */
  aliases?: readonly string[]
  /**
   * Movies merged into this one (a `local:` movie matched to its TMDB id): each is removed, its id
   * and its aliases pointing at this movie. Their records are checked in the same commit: a merge
   * never removes a record newer than the one the change was computed from.
   */
  absorbs?: readonly string[]
  /** The movie's usage statistics, written with the change (a merge carries them over). */
  stats?: MovieStats
  /**
   * Whether the change holds something that cannot be fetched again (a manual edit, a lock, a file
   * link, usage): stores that can choose (SQLite, the fs folder) make such commits durable against
   * a power cut, not only a killed process. Default `false`.
   */
  durable?: boolean
}

/** What a {@link MovieChange} can read besides the movie it changes. */
export interface ChangeContext {
  /** Another movie as stored now, under its canonical id (for a merge). */
  movie(id: string): Promise<Movie | null>
  /** A movie's usage statistics as stored now. */
  stats(id: string): Promise<MovieStats | null>
}

/**
 * A change to one movie. Given the record as stored now (`null` when there is none), it returns
 * what to write, or `null` to leave the store as it is. It runs inside the movie's update, after
 * every change queued before it: a decision computed from an older snapshot (a housekeeping plan)
 * is checked again here. It may run more than once (when another process committed first), so it
 * must not have side effects.
 */
export type MovieChange = (current: Movie | null, context: ChangeContext) => MovieWrite | null | Promise<MovieWrite | null>

/** What an update did. */
export interface MovieUpdate {
  /** The record before the change, as the change saw it. */
  before: Movie | null
  /** The record after it (`before` when nothing was written). */
  after: Movie | null
  /** Whether anything was written. */
  changed: boolean
  /** People of `MovieWrite.people` stored by this change (not there before). */
  peopleCreated: string[]
  /** Aliases of `MovieWrite.aliases` recorded by this change (not there before). */
  aliasesAdded: string[]
}

/**
 * Where movies live. `@cinelayer/storage` implements it; any other implementation must pass the
 * store contract suite (`@cinelayer/storage/contract`). Ids given to a store are canonical and
 * already validated.
 */
export interface MovieStore {
  /** The movie under its canonical id, or `null`. Throws a typed error on a corrupt record. */
  get(id: string): Promise<Movie | null>
  /**
   * The one write path of a movie: applies `change` to the record as stored now and commits what
   * it returns as one unit. Changes to one movie are serialized, within the process and across
   * processes sharing the store; the change is run again on the newer record when another writer
   * committed in between.
   * @throws RecordInvalidError when a record the change returns does not match its schema (nothing is written)
   */
  update(id: string, change: MovieChange): Promise<MovieUpdate>
  /** Canonical id for any known id (itself, or an alias such as `imdb:tt…`), or `null`. */
  resolve(id: string): Promise<string | null>
  /** Every canonical movie id. */
  ids(): Promise<string[]>
  /** Bytes the record takes in storage (serialized), 0 when absent. */
  sizeOf(id: string): Promise<number>
}

/** A store whose movies can be walked by summary, without parsing their records. */
export interface SummarizedMovieStore extends MovieStore {
  /**
   * Every movie's summary, a batch at a time, in id order. A summary that cannot be read is
   * handed to `onUnreadable` and skipped.
   */
  summaries(options?: { onUnreadable?: (id: string, error: unknown) => void }): AsyncIterable<MovieSummary>
  /**
   * Several changes committed together (a housekeeping pass): one commit when none conflicts and
   * every change can be made, each change on its own otherwise (one failing never stops the
   * others). Outcomes in the order given.
   */
  updateMany(changes: ReadonlyArray<{ id: string; change: MovieChange }>): Promise<Array<PromiseSettledResult<MovieUpdate>>>
}

/** What a change to a person writes. */
export interface PersonWrite {
  person: Person
  /** Credits from the person's filmography, merged into it (a movie's own credits go with the movie). */
  filmography?: readonly Relation[]
}

/** Where people live. */
export interface PersonStore {
  get(id: string): Promise<Person | null>
  /**
   * The one write path of a person, serialized like a movie's (see {@link MovieStore.update}).
   * `change` returns what to write, or `null` to leave it.
   */
  update(id: string, change: (current: Person | null) => PersonWrite | null | Promise<PersonWrite | null>): Promise<Person | null>
  ids(): Promise<string[]>
}

/** Person↔movie relations, read both ways (written by movie and person changes). */
export interface RelationStore {
  /** A movie's credits, in billing order. */
  forMovie(movieId: string): Promise<Relation[]>
  /** A person's credits in every movie known (stored or not). */
  forPerson(personId: string): Promise<Relation[]>
}

/** Usage statistics per movie. */
export interface StatsStore {
  get(movieId: string): Promise<MovieStats | null>
  /**
   * Applies `change` to the statistics of each movie named, in one commit, re-reading and
   * retrying when another writer committed first. A record that cannot be read is given to the
   * change as `null` (its bytes kept aside), so that a corrupt record never blocks counting.
   * `change` returning `null` leaves that movie's record as it is.
   */
  updateMany(movieIds: readonly string[], change: (current: MovieStats | null, movieId: string) => MovieStats | null): Promise<void>
  /** Every stats record, a batch at a time, in movie id order; unreadable ones are skipped. */
  scan(): AsyncIterable<MovieStats>
}
