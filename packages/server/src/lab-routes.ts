import { type Clock, type MovieEngine, MovieNotFoundError } from 'cinelayer'
import { MovieIdParams, errorReplies } from './http-schemas.js'
import { type LabHistory, startLabHistory } from './lab-history.js'
import { computeLabMetrics } from './lab-metrics.js'
import { LabEventsQuery, LabEventsReply, LabMetricsQuery, LabMetricsReply, TimelineQuery, TimelineReply } from './lab-schemas.js'
import { changeTypes, movieTimeline } from './movie-timeline.js'
import type { CinelayerApp } from './server.js'

/**
 * The lab page's data: `GET /lab/events` (history before the live stream), `GET /lab/metrics`
 * (every plot, computed here so that the history draws on open) and `GET /lab/movies/:id/timeline`.
 * All read an in-memory history: the engine's trace file read once at start, then its bus.
 */
export async function registerLabRoutes(app: CinelayerApp, engine: MovieEngine, clock: Clock): Promise<LabHistory> {
  const history = await startLabHistory(engine, clock)
  app.addHook('onClose', async () => history.stop())

  app.get(
    '/lab/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listRecentEvents',
        summary: 'The newest events (from the trace file and since the server started), optionally filtered; oldest first',
        querystring: LabEventsQuery,
        response: { 200: LabEventsReply, ...errorReplies },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query
      return { events: history.events(filter, limit), kept: history.all().length }
    },
  )

  app.get(
    '/lab/metrics',
    {
      schema: {
        tags: ['events'],
        operationId: 'getLabMetrics',
        summary: 'Series of the lab plots: movies per level, provider calls, latency per level jump, requests served from the store, bytes stored',
        querystring: LabMetricsQuery,
        response: { 200: LabMetricsReply, ...errorReplies },
      },
    },
    async (request) => {
      await history.measure()
      const since = request.query.since === undefined ? undefined : Date.parse(request.query.since)
      const events = since === undefined ? history.all() : history.all().filter((event) => Date.parse(event.at) >= since)
      const samples = since === undefined ? history.samples() : history.samples().filter((sample) => Date.parse(sample.at) >= since)
      const { moviesPerLevel } = await engine.summary()
      return computeLabMetrics(events, samples, moviesPerLevel, clock.now())
    },
  )

  app.get(
    '/lab/movies/:id/timeline',
    {
      schema: {
        tags: ['movies'],
        operationId: 'getMovieTimeline',
        summary: "A movie's life in order: creation, requests, enrichments, uses, downgrades, manual edits",
        params: MovieIdParams,
        querystring: TimelineQuery,
        response: { 200: TimelineReply, ...errorReplies },
      },
    },
    async (request) => {
      const movie = await engine.movies.peek(request.params.id)
      const movieId = movie?.id ?? request.params.id
      const events = history.events({ movieId, ...(request.query.changes ? { types: changeTypes } : {}) }, request.query.limit)
      if (!movie && events.length === 0) throw new MovieNotFoundError(movieId, { reason: 'is not in the store and no kept event names it' })
      return {
        movieId,
        ...(movie?.title ? { title: movie.title } : {}),
        level: movie?.level ?? null,
        entries: movieTimeline(events, movie, request.query.limit),
      }
    },
  )
  return history
}
