import type { Movie } from './schemas.js'

/** The enrichment run in flight for one movie. */
export interface EnrichmentFlight {
  /** Rank of the level the run brings the movie to. */
  rank: number
  promise: Promise<Movie>
}

/**
 * The runtime state of one movie in this process, under its canonical id: the enrichment in
 * flight, a creation under way, and every piece of work nobody waits for (a background
 * enrichment). Writes are not here: they go through the store's `update`, which serializes them.
 */
export interface MovieEntry {
  readonly id: string
  enrichment?: EnrichmentFlight
  creation?: Promise<Movie>
  /** Work started for this movie and not ended yet. */
  readonly work: Set<Promise<unknown>>
}

/**
 * One entry per canonical movie id, as TanStack query-core keeps one Query per key: the single
 * owner of per-movie runtime state. An entry exists while it holds work and is dropped as soon as
 * it holds none, so memory follows what is in flight, not the catalog.
 */
export class MovieEntries {
  readonly #entries = new Map<string, MovieEntry>()

  /** The entry of `id` when it holds work. */
  get(id: string): MovieEntry | undefined {
    return this.#entries.get(id)
  }

  /** Number of movies with work in flight. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * Shares one piece of work per movie and slot: while a creation (or enrichment) of `id` is in
   * flight, callers get its promise; otherwise `start` runs and its promise is kept until it settles.
   */
  share(id: string, slot: 'creation', start: () => Promise<Movie>): Promise<Movie> {
    const entry = this.#ensure(id)
    if (entry[slot]) return entry[slot]
    const promise = start()
    entry[slot] = promise
    return this.hold(id, promise, () => {
      if (entry[slot] === promise) delete entry[slot]
    })
  }

  /** Records `flight` as the enrichment of `id` until it settles. */
  fly(id: string, flight: EnrichmentFlight): Promise<Movie> {
    const entry = this.#ensure(id)
    entry.enrichment = flight
    return this.hold(id, flight.promise, () => {
      if (entry.enrichment === flight) delete entry.enrichment
    })
  }

  /**
   * Counts `task` as work of `id` until it settles (closing an engine waits for it); `done` runs
   * then, before the entry is dropped if it holds nothing more.
   */
  hold<T>(id: string, task: Promise<T>, done?: () => void): Promise<T> {
    const entry = this.#ensure(id)
    entry.work.add(task)
    const release = () => {
      done?.()
      entry.work.delete(task)
      if (entry.work.size === 0 && this.#entries.get(id) === entry) this.#entries.delete(id)
    }
    task.then(release, release)
    return task
  }

  /** Resolves once no movie has work in flight (work started meanwhile included); never rejects. */
  async settled(): Promise<void> {
    while (this.#entries.size > 0) {
      await Promise.allSettled([...this.#entries.values()].flatMap((entry) => [...entry.work]))
    }
  }

  #ensure(id: string): MovieEntry {
    let entry = this.#entries.get(id)
    if (!entry) {
      entry = { id, work: new Set() }
      this.#entries.set(id, entry)
    }
    return entry
  }
}
