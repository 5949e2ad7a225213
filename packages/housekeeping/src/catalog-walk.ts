import type { Movie, MovieStore } from '@cinelayer/core'
import { HousekeepingReadError, readOrThrow } from './errors.js'

/**
 * A movie store that can also stream its records a batch at a time (`@cinelayer/storage`'s
 * repository can). Without `scan`, the housekeeper lists the ids and reads them itself.
 */
export interface ScannableMovieStore extends MovieStore {
  scan?(options?: { batchSize?: number; onUnreadable?: (id: string, error: unknown) => void }): AsyncIterable<Movie>
}

// Bounds parallel work so that a large catalog on a remote driver is not hit all at once, and
// so that memory holds a few records at a time, not the catalog.
const CONCURRENCY = 16

/**
 * Visits every stored movie with a bounded number of visits in flight. A record that cannot be
 * read goes to `unreadable`; the walk goes on.
 * @throws HousekeepingReadError when the movie list itself cannot be read.
 */
export async function walkMovies(
  movies: ScannableMovieStore,
  visit: (movie: Movie) => Promise<void>,
  unreadable: (movieId: string, error: HousekeepingReadError) => void,
): Promise<void> {
  const pool = createPool(CONCURRENCY)
  if (typeof movies.scan === 'function') {
    const onUnreadable = (id: string, error: unknown) => unreadable(id, new HousekeepingReadError(`movie ${id}`, error))
    try {
      for await (const movie of movies.scan({ batchSize: CONCURRENCY * 4, onUnreadable })) await pool.add(() => visit(movie))
    } catch (error) {
      await pool.drain()
      if (error instanceof HousekeepingReadError) throw error
      throw new HousekeepingReadError('the movie list', error)
    }
    await pool.drain()
    return
  }
  const ids = await readOrThrow('the movie list', () => movies.ids())
  for (const movieId of ids) {
    await pool.add(async () => {
      let movie: Movie | null
      try {
        movie = await movies.get(movieId)
      } catch (error) {
        unreadable(movieId, new HousekeepingReadError(`movie ${movieId}`, error))
        return
      }
      // Removed since the listing: nothing to weigh.
      if (movie) await visit(movie)
    })
  }
  await pool.drain()
}

/** Runs `task`s with at most `limit` in flight; the first failure is thrown by `drain`. */
export function createPool(limit: number): { add(task: () => Promise<void>): Promise<void>; drain(): Promise<void> } {
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | undefined
  return {
    async add(task) {
      while (running.size >= limit) await Promise.race(running)
      const run = task().catch((error: unknown) => {
        failure ??= { error }
      })
      const tracked = run.finally(() => running.delete(tracked))
      running.add(tracked)
    },
    async drain() {
      await Promise.all(running)
      if (failure) throw failure.error
    },
  }
}
