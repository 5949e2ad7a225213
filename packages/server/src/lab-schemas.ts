import { MovieSchema, eventCategories } from 'cinelayer'
import { z } from 'zod'

const limit = (fallback: number) => z.coerce.number().int().min(1).max(2_000).default(fallback).describe('How many events at most (1 to 2000)')

/** `GET /lab/events` query: the newest events kept, filtered. */
export const LabEventsQuery = z.object({
  limit: limit(200),
  category: z.enum(eventCategories as [string, ...string[]]).optional().describe('Only events of this category'),
  type: z
    .string()
    .regex(/^[A-Z][A-Za-z0-9]{0,63}$/, 'an event type such as EnrichmentCompleted')
    .optional()
    .describe('Only events of this type'),
  correlationId: z
    .string()
    .regex(/^[\w:.-]{1,200}$/, 'letters, digits and _ : . - only')
    .optional()
    .describe('Only the events of one correlation (an enrichment run, a request)'),
  movieId: MovieSchema.shape.id.optional().describe('Only events about this movie'),
})

/** An event as the bus publishes it. */
export const LabEvent = z.object({
  type: z.string(),
  category: z.string(),
  id: z.string(),
  at: z.string(),
  correlationId: z.string().optional(),
  payload: z.unknown(),
})

/** `GET /lab/events` answer. */
export const LabEventsReply = z
  .object({
    events: z.array(LabEvent).describe('Oldest first'),
    kept: z.number().int().describe('Events the server keeps in memory (from the trace file and since start)'),
  })
  .meta({ id: 'LabEvents' })

/** `GET /lab/metrics` query. */
export const LabMetricsQuery = z.object({
  since: z.iso.datetime().optional().describe("Only events from this instant of the engine's clock on"),
})

const series = z.array(z.number())
const gappy = z.array(z.number().nullable())

/** `GET /lab/metrics` answer: the lab page's plots, on the engine's clock. */
export const LabMetricsReply = z
  .object({
    from: z.number().describe('First instant, ms since the epoch'),
    to: z.number(),
    bucketMs: z.number().describe('Width of a bucket (at least one minute)'),
    buckets: series.describe('Start of each bucket'),
    levels: z.record(z.string(), series).describe('Movies per level at the end of each bucket'),
    providers: z.record(z.string(), z.object({ calls: series, throttled: series, failed: series })).describe('Per source, per minute: calls, 429s, other failures'),
    latency: z.array(z.object({ jump: z.string(), count: z.number(), p50: z.number(), p95: z.number(), p50Series: gappy, p95Series: gappy })),
    requests: z.object({ perBucket: series, servedShare: gappy, served: z.number(), total: z.number() }),
    bytes: z.object({ at: series, records: series, images: series }),
  })
  .meta({ id: 'LabMetrics' })

/** `GET /lab/movies/:id/timeline` query. */
export const TimelineQuery = z.object({
  limit: limit(500),
  changes: z.stringbool().default(false).describe('Only what changed the movie: creation, enrichments, failures, downgrades, edits (not requests and uses)'),
})

/** One step of a movie's life. */
export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.enum(['created', 'requested', 'enrichment', 'enriched', 'failed', 'used', 'downgraded', 'edited', 'file', 'other']),
  type: z.string().describe('Event type, or "FieldEdited" for a manual edit kept on the record'),
  summary: z.string(),
  level: z.string().optional().describe('Level of the movie after this step, when the step says'),
  eventId: z.string().optional(),
  correlationId: z.string().optional(),
})

/** `GET /lab/movies/:id/timeline` answer. */
export const TimelineReply = z
  .object({
    movieId: z.string(),
    title: z.string().optional(),
    level: z.string().nullable().describe('Level now; null when the movie is not stored'),
    entries: z.array(TimelineEntry).describe('Oldest first'),
  })
  .meta({ id: 'MovieTimeline' })
