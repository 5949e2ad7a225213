import { CinelayerError, type EnrichmentEngine, EnrichmentFailedError, type EventBus, type LevelSet, type MovieStore } from '@cinelayer/core'

/**
 * Enrichments nobody waits for (`get(id, { wait: false })`): started, tracked until they end (so
 * that closing the engine waits for them), and never an unhandled rejection. A provider failure is
 * announced by the engine itself (`EnrichmentFailed`); any other error (a backoff, a storage error)
 * is announced here, so that a caller that did not wait still hears of it.
 */
export class BackgroundEnrichment {
  readonly #deps: { engine: EnrichmentEngine; bus: EventBus; movies: MovieStore; levels: LevelSet }

  constructor(deps: { engine: EnrichmentEngine; bus: EventBus; movies: MovieStore; levels: LevelSet }) {
    this.#deps = deps
  }

  /** Brings the movie to `level` in the background. */
  start(movieId: string, level: string): void {
    this.track(movieId, level, this.#deps.engine.ensure(movieId, level))
  }

  /**
   * Follows a run nobody waits for: held as work of the movie's entry (closing the engine waits
   * for it), its failure announced rather than thrown.
   */
  track(movieId: string, level: string, run: Promise<unknown>): void {
    const task = run.then(
      () => undefined,
      (error: unknown) => this.#announce(movieId, level, error),
    )
    void this.#deps.engine.entries.hold(movieId, task)
  }

  async #announce(movieId: string, target: string, error: unknown): Promise<void> {
    if (error instanceof EnrichmentFailedError) return
    const details = error instanceof CinelayerError ? error.details : {}
    const stored = await this.#deps.movies.get(movieId).catch(() => null)
    this.#deps.bus.publish({
      type: 'EnrichmentFailed',
      payload: {
        movieId,
        level: stored?.level ?? this.#deps.levels.lowest,
        target,
        provider: typeof details.provider === 'string' ? details.provider : 'cinelayer',
        facets: Array.isArray(details.facets) ? details.facets.map(String) : [],
        code: error instanceof CinelayerError ? error.code : 'CINELAYER_ERR_ENRICHMENT_FAILED',
        message: error instanceof Error ? error.message : String(error),
      },
    })
  }
}
