import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// By the package's own name: the built `cinelayer/testing` then loads the engine of `cinelayer`
// (one copy, also under CommonJS) instead of bundling a second one.
import { type MovieEngine, type MovieEngineOptions, createMovieEngine } from 'cinelayer'

/** An engine made by {@link createTestEngine}: its `close()` also removes its temporary data folder. */
export interface TestEngine extends MovieEngine {
  /** The temporary data folder of this engine alone (store, trace, images). */
  readonly dataDir: string
}

/** Options of {@link createTestEngine}: any engine option; `dataDir` is always a fresh temporary folder. */
export type TestEngineOptions = Omit<MovieEngineOptions, 'dataDir'>

/**
 * An engine for tests: its own temporary data folder (under the OS temp folder, removed by
 * `close()`), so test files running in parallel never share a store or its writer lock; and the
 * replay data (recorded TMDB, Wikipedia and OMDb answers shipped with cinelayer) unless `data`
 * says otherwise, so it needs no key and no network, whatever the environment holds.
 *
 * ```ts
 * import { createTestEngine } from 'cinelayer/testing'
 * const engine = createTestEngine()
 * const movie = await engine.movies.get('tmdb:550', { level: 'medium' }) // Fight Club, offline
 * await engine.close() // and its folder is gone
 * ```
 */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const dataDir = mkdtempSync(join(tmpdir(), 'cinelayer-test-'))
  let engine: MovieEngine
  try {
    // `data: 'replay'` unless asked: a TMDB_TOKEN in a developer's shell must not make tests go live.
    engine = createMovieEngine({ data: 'replay', ...options, dataDir })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  const closeEngine = engine.close.bind(engine)
  return Object.assign(engine, {
    dataDir,
    async close() {
      try {
        await closeEngine()
      } finally {
        await rm(dataDir, { recursive: true, force: true })
      }
    },
  })
}
