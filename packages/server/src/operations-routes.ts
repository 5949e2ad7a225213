import type { MovieEngine } from 'cinelayer'
import { HealthReply, HousekeepingBody, HousekeepingReply, StatsQuery, StatsReply, errorReplies } from './http-schemas.js'
import type { CinelayerApp } from './server.js'

/** `GET /stats`, `POST /housekeeping`, `GET /health`. */
export function registerOperationsRoutes(app: CinelayerApp, engine: MovieEngine, startedAt: number): void {
  app.get(
    '/stats',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getStats',
        summary: 'Movies per level, people, bytes stored, provider calls since the engine started, and the most used movies',
        querystring: StatsQuery,
        response: { 200: StatsReply, ...errorReplies },
      },
    },
    async (request) => {
      const top = request.query.top > 0 ? await engine.stats.top(request.query.top) : []
      const mostUsed = top.map(({ movieId, popularity, stats }) => ({
        movieId,
        popularity,
        requests: stats.requests,
        views: stats.views,
        plays: stats.plays,
        lastAccess: stats.lastAccess,
      }))
      return { ...(await engine.summary()), levels: engine.levels.names, mostUsed }
    },
  )

  app.post(
    '/housekeeping',
    {
      schema: {
        tags: ['operations'],
        operationId: 'runHousekeeping',
        summary: 'Plans the downgrades of what nobody uses; applies them only with dryRun: false',
        body: HousekeepingBody,
        response: { 200: HousekeepingReply, ...errorReplies },
      },
    },
    async (request) => engine.housekeeping.run({ dryRun: request.body.dryRun }),
  )

  app.get(
    '/health',
    { schema: { tags: ['operations'], operationId: 'getHealth', summary: 'Liveness', response: { 200: HealthReply } } },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
  )
}
