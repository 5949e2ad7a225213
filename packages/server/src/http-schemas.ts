import { MovieSchema, PaginatedResponseSchema, PersonSchema, RelationSchema } from 'cinelayer'
import { z } from 'zod'

// One module-level registration per schema: `.meta({ id })` makes the OpenAPI document refer to
// `#/components/schemas/<id>` instead of inlining the record at every route.

/** A movie record, as the engine stores it. */
export const MovieResponse = MovieSchema.meta({ id: 'Movie', description: 'A movie record at its current level' })

/** A person record. */
export const PersonResponse = PersonSchema.meta({ id: 'Person' })

/** An id as it arrives in a path: validated by the same pattern the records use, so `..` or `/` never pass. */
export const MovieIdParams = z.object({
  id: MovieSchema.shape.id.describe('Movie id: tmdb:603, imdb:tt0133093, wikidata:Q83495 or local:<hex>'),
})

/** A person id in a path. */
export const PersonIdParams = z.object({ id: PersonSchema.shape.id.describe('Person id: tmdb:287 or imdb:nm0000093') })

const page = z.coerce.number().int().min(1).max(10_000).default(1).describe('1-based page number')
const pageSize = z.coerce.number().int().min(1).max(100).default(20).describe('Results per page (at most 100)')

/** The level names of the running engine as a zod enum (levels are configurable per engine). */
export function levelEnum(levels: readonly string[]) {
  return z.enum(levels as [string, ...string[]])
}

/** `GET /movies` query. */
export function movieListQuery(levels: readonly string[]) {
  return z.object({
    level: levelEnum(levels).optional().describe('Only movies at exactly this level'),
    text: z.string().trim().min(1).max(200).optional().describe('Only movies whose title contains this text (case and accents folded)'),
    page,
    pageSize,
  })
}

/** `GET /movies/:id` query. */
export function movieGetQuery(levels: readonly string[], defaultLevel: string) {
  return z.object({
    level: levelEnum(levels).default(defaultLevel).describe('Level the movie must reach; enriches only what is missing'),
    wait: z
      .stringbool()
      .default(true)
      .describe('false: answer at once with the movie as stored (202 while below the level) and enrich behind'),
  })
}

/** A page of movies. */
export const MoviePage = PaginatedResponseSchema(MovieResponse).meta({ id: 'MoviePage' })

/** `GET /search` query. */
export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200).describe('Title text to search on TMDB'),
  year: z.coerce.number().int().min(1870).max(2100).optional().describe('Release year'),
  page: page.refine((value) => value <= 500, 'TMDB pages run from 1 to 500'),
})

/** One search result: its level in the catalog, and whether the catalog knew it before. */
export const SearchResult = z.object({
  id: MovieSchema.shape.id,
  title: z.string(),
  year: z.number().int().optional(),
  overview: z.string().optional(),
  popularity: z.number().optional(),
  level: z.string().nullable().describe('Level in the catalog now'),
  known: z.boolean().describe('Whether the catalog held the movie before this search'),
})

/** A page of search results. */
export const SearchPage = PaginatedResponseSchema(SearchResult).meta({ id: 'SearchPage' })

/** `GET /people/:id/movies` query. */
export const FilmographyQuery = z.object({ page, pageSize })

/** One filmography entry: the credit and the movie as the catalog holds it now. */
export const FilmographyEntry = RelationSchema.extend({
  movie: z.object({ id: MovieSchema.shape.id, level: z.string(), title: z.string().optional(), year: z.number().optional() }).nullable(),
})

/** A page of a filmography. */
export const FilmographyPage = PaginatedResponseSchema(FilmographyEntry).meta({ id: 'FilmographyPage' })

/** `PATCH /movies/:id` body: fields to set by hand, whether to lock them, fields to lock or unlock as they are. */
export const MovieEditBody = z
  .object({
    set: z
      .record(z.string().min(1).max(64), z.unknown())
      .refine((fields) => Object.keys(fields).length <= 64, 'at most 64 fields')
      .default({})
      .describe('Fields to set, e.g. { "title": "Matrix", "runtime": 136 }: validated against the movie schema'),
    lock: z.boolean().default(true).describe('Also lock the fields set, so enrichment never overwrites them (default true)'),
    lockFields: z.array(z.string().min(1).max(64)).max(64).default([]).describe('Fields to lock as they are now'),
    unlock: z.array(z.string().min(1).max(64)).max(64).default([]).describe('Fields to unlock'),
  })
  .strict()
  .refine((body) => Object.keys(body.set).length + body.lockFields.length + body.unlock.length > 0, 'nothing to change: give set, lockFields or unlock')

/** What a playback route did. */
export const PlaybackReply = z.object({
  published: z.boolean().describe('Whether a PlaybackStarted event was published'),
  movieId: MovieSchema.shape.id.optional(),
  reason: z.string().optional().describe('Why nothing was published (not a movie, not a playback, unknown movie)'),
})

/** `POST /housekeeping` body; none at all is a dry run (Fastify hands a missing body over as `null`). */
export const HousekeepingBody = z
  .object({ dryRun: z.boolean().default(true).describe('Only plan, write nothing (default true)') })
  .strict()
  .nullish()
  .transform((body) => body ?? { dryRun: true })

// Plain objects: fields the housekeeper adds later are dropped from the answer until listed here.
const PlannedChange = z.object({
  movieId: z.string(),
  from: z.string(),
  to: z.string(),
  facetsDropped: z.array(z.string()),
  bytesFreed: z.number(),
  score: z.number(),
  reasons: z.array(z.object({ rule: z.string(), reason: z.string() })),
})

const FailureRecord = z.object({ movieId: z.string(), code: z.string(), message: z.string(), rule: z.string().optional() })

/** A housekeeping plan (and the report when it was applied). */
export const HousekeepingReply = z
  .object({
    plan: z.object({
      id: z.string(),
      createdAt: z.string(),
      examined: z.number(),
      bytesStored: z.number(),
      changes: z.array(PlannedChange),
      problems: z.array(FailureRecord),
      totals: z.object({ movies: z.number(), bytesBefore: z.number(), bytesAfter: z.number(), bytesFreed: z.number() }),
    }),
    report: z
      .object({
        planId: z.string(),
        downgraded: z.array(z.object({ movieId: z.string(), from: z.string(), to: z.string(), bytesFreed: z.number() })),
        skipped: z.array(z.object({ movieId: z.string(), reason: z.string() })),
        failed: z.array(FailureRecord),
        totals: z.object({ examined: z.number(), downgraded: z.number(), skipped: z.number(), failed: z.number(), bytesFreed: z.number() }),
      })
      .optional()
      .describe('Present when the plan was applied (dryRun: false)'),
  })
  .meta({ id: 'HousekeepingRun' })

/** `GET /stats`: what the engine holds and what it cost. */
export const StatsReply = z
  .object({
    movies: z.number().int(),
    people: z.number().int(),
    moviesPerLevel: z.record(z.string(), z.number().int()),
    bytesStored: z.number(),
    providerCalls: z.record(z.string(), z.number()),
    levels: z.array(z.string()).describe('Level names, lowest first'),
    mostUsed: z
      .array(
        z.object({
          movieId: z.string(),
          popularity: z.number().describe('Decaying popularity score now'),
          requests: z.number().int(),
          views: z.number().int(),
          plays: z.number().int(),
          lastAccess: z.string().nullable(),
        }),
      )
      .describe('The most popular movies, highest first'),
  })
  .meta({ id: 'Stats' })

/** `GET /stats` query. */
export const StatsQuery = z.object({ top: z.coerce.number().int().min(0).max(100).default(10).describe('How many of the most used movies to list') })

/** `GET /health`. */
export const HealthReply = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() })

/** `GET /events` query: which events to stream. */
export const EventStreamQuery = z.object({
  category: z.enum(['ui', 'fs', 'schedule', 'cli', 'webhook', 'engine', 'housekeeping']).optional().describe('Only events of this category'),
})

/** A movie a title may mean: its id, to add it by. */
const MatchCandidate = z.object({ id: MovieSchema.shape.id, title: z.string(), year: z.number().int().optional() })

/** Every error answer: a status, a stable code, a message, and the validation issues for a 400. */
export const ErrorReply = z
  .object({
    statusCode: z.number().int(),
    code: z.string().describe('CINELAYER_ERR_… or FST_… code'),
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
    candidates: z
      .array(MatchCandidate)
      .optional()
      .describe('With CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN (409): the movies the title may mean, best first; add one by its id'),
  })
  .meta({ id: 'Error' })

/** Error answers every route may give. */
export const errorReplies = { 400: ErrorReply, 404: ErrorReply, 500: ErrorReply, 503: ErrorReply } as const

/** `POST /movies` body: a movie by title (and year), searched on TMDB. */
export function movieAddBody(levels: readonly string[]) {
  return z
    .object({
      title: z.string().trim().min(1).max(200).describe('Title to search on TMDB, e.g. "Fight Club"'),
      year: z.number().int().min(1870).max(2100).optional().describe('Release year: tells a remake from the original'),
      level: levelEnum(levels).optional().describe("Level to bring the movie to. Default: the engine's default level (basic)"),
    })
    .strict()
}

/** What `POST /movies` did. */
export const MovieAddedReply = z
  .object({
    created: z.boolean().describe('false when the catalog held the movie already'),
    score: z.number().describe('Match score, 0..1 (1: same title and year)'),
    candidates: z.array(MatchCandidate).describe('The best search results, best first'),
    movie: MovieResponse,
  })
  .meta({ id: 'MovieAdded' })

/** `POST /movies/:id/refresh` body; none at all refreshes every facet a provider filled. */
export const MovieRefreshBody = z
  .object({ facets: z.array(z.string().min(1).max(64)).min(1).max(32).optional().describe('Facets to fetch again, e.g. ["credits", "images"]. Default: every facet a provider filled') })
  .strict()
  .nullish()
  .transform((body) => body ?? {})

/** `GET /people` query. */
export const PeopleListQuery = z.object({ page, pageSize })

/** A page of people. */
export const PersonPage = PaginatedResponseSchema(PersonResponse).meta({ id: 'PersonPage' })

/** `POST /webhooks/recommendation` body. */
export const RecommendationBody = z
  .object({
    movieIds: z.array(MovieSchema.shape.id).min(1).max(100).describe('Movies about to be recommended: tmdb:603, imdb:tt0133093…'),
    source: z.string().trim().min(1).max(100).optional().describe('Who recommends them (shown in the trace)'),
  })
  .strict()

/** What the recommendation webhook did. */
export const RecommendationReply = z.object({
  published: z.literal(true).describe('RecommendationTriggered was published; the movies are created and enriched in the background'),
  movieIds: z.array(z.string()),
})
