import { DAY, createManualClock, createMovieEngine } from 'cinelayer'
import { replayDir } from './cli-harness.js'

/**
 * Fills a data folder (SQLite, the default, or the fs JSON layout) through the engine's public API,
 * on a clock set `daysAgo` days back: the CLI, on the real clock, then sees movies nobody has read
 * for that long.
 */
export async function seedCatalog(dataDir: string, movies: ReadonlyArray<{ id: string; level: string }>, daysAgo = 0, storage: 'sqlite' | 'fs' = 'sqlite'): Promise<void> {
  const clock = createManualClock(Date.now() - daysAgo * DAY)
  const engine = createMovieEngine({ dataDir, data: 'replay', replayDir, clock, trace: false, storage })
  try {
    for (const movie of movies) await engine.movies.get(movie.id, { level: movie.level })
  } finally {
    await engine.close()
  }
}
