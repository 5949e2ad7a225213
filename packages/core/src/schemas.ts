import { z } from 'zod'
import { movieIdPattern, personIdPattern } from './ids.js'

/** The schema version written on every record by this version of cinelayer. */
export const SCHEMA_VERSION = 1

/** When and from where a facet was filled. */
export const FacetStampSchema = z.object({
  at: z.string().describe('ISO time the facet was filled'),
  provider: z.string().describe('provider that filled it, e.g. "tmdb"'),
})

/** Known external ids of a movie. */
export const MovieIdsSchema = z.object({
  tmdb: z.number().int().positive().optional(),
  imdb: z.string().regex(/^tt\d{7,10}$/).optional(),
  wikidata: z.string().regex(/^Q[1-9]\d{0,11}$/).optional(),
  local: z.string().regex(/^[a-f0-9]{16,64}$/).optional(),
})

/** One enrichment error kept on the record. */
export const EnrichmentErrorSchema = z.object({
  at: z.string(),
  provider: z.string(),
  facets: z.array(z.string()),
  code: z.string(),
  message: z.string(),
})

const ImageRefSchema = z.object({
  path: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  language: z.string().nullable().optional(),
  /** Bytes stored in the image store for this image, when downloaded. */
  bytes: z.number().optional(),
  /** Size the stored bytes are in (`original`, `w780`...), when downloaded. */
  size: z.string().optional(),
})

/** A manual edit of one field: the user's value, which enrichment never replaces. */
export const FieldEditSchema = z.object({
  value: z.unknown(),
  at: z.string().describe('ISO time of the edit'),
})

/** A cast credit on a movie record. */
export const CastCreditSchema = z.object({
  personId: z.string().regex(personIdPattern),
  name: z.string(),
  character: z.string().optional(),
  order: z.number().optional(),
})

/** A crew credit on a movie record. */
export const CrewCreditSchema = z.object({
  personId: z.string().regex(personIdPattern),
  name: z.string(),
  job: z.string(),
  department: z.string().optional(),
})

/**
 * A movie record. Fields beyond identity are owned by facets (see `defaultFacets`); a field
 * is present only while its facet is. Unknown fields (from plugin facets) are kept.
 */
export const MovieSchema = z.looseObject({
  schemaVersion: z.number().int().positive(),
  id: z.string().regex(movieIdPattern).describe('canonical id, e.g. "tmdb:603"'),
  ids: MovieIdsSchema,
  level: z.string(),
  facets: z.record(z.string(), FacetStampSchema),
  locks: z.array(z.string()),
  /** Manual edits by field: the value wins over every enrichment, and comes back with its facet after a downgrade. */
  edits: z.record(z.string(), FieldEditSchema).optional(),
  errors: z.array(EnrichmentErrorSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  // identity
  title: z.string().optional(),
  year: z.number().int().optional(),
  filePath: z.string().optional(),
  fileMissingSince: z.string().optional().describe('ISO time the video file was found gone; the knowledge stays'),
  match: z
    .object({
      status: z.enum(['matched', 'unmatched']),
      score: z.number().optional(),
      candidates: z.array(z.object({ tmdb: z.number(), title: z.string(), year: z.number().optional() })).optional(),
    })
    .optional(),
  // details
  originalTitle: z.string().optional(),
  overview: z.string().optional(),
  tagline: z.string().optional(),
  releaseDate: z.string().optional(),
  runtime: z.number().optional(),
  originalLanguage: z.string().optional(),
  status: z.string().optional(),
  /** Countries of production, ISO 3166-1 code and name (TMDB's `production_countries`). */
  productionCountries: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
  // poster
  poster: ImageRefSchema.nullable().optional(),
  // credits
  cast: z.array(CastCreditSchema).optional(),
  crew: z.array(CrewCreditSchema).optional(),
  // genres, ratings
  genres: z.array(z.object({ id: z.number(), name: z.string() })).optional(),
  tmdbRating: z.object({ average: z.number(), count: z.number() }).optional(),
  // deep
  externalIds: z.record(z.string(), z.string().nullable()).optional(),
  images: z.object({ backdrops: z.array(ImageRefSchema), logos: z.array(ImageRefSchema), posters: z.array(ImageRefSchema) }).optional(),
  keywords: z.array(z.string()).optional(),
  wikipedia: z.object({ title: z.string(), language: z.string(), summary: z.string(), url: z.string().optional() }).optional(),
  imdbRating: z.object({ rating: z.number(), votes: z.number() }).optional(),
})

/** A movie record. */
export type Movie = z.infer<typeof MovieSchema>

/** A person (cast or crew). */
export const PersonSchema = z.looseObject({
  schemaVersion: z.number().int().positive(),
  id: z.string().regex(personIdPattern).describe('canonical id, e.g. "tmdb:287"'),
  ids: z.object({
    tmdb: z.number().int().positive().optional(),
    imdb: z.string().regex(/^nm\d{7,10}$/).optional(),
    wikidata: z.string().regex(/^Q[1-9]\d{0,11}$/).optional(),
  }),
  name: z.string(),
  level: z.enum(['initial', 'basic']),
  createdAt: z.string(),
  updatedAt: z.string(),
  knownForDepartment: z.string().optional(),
  biography: z.string().optional(),
  birthday: z.string().nullable().optional(),
  deathday: z.string().nullable().optional(),
  placeOfBirth: z.string().nullable().optional(),
  profilePath: z.string().nullable().optional(),
})

/** A person record. */
export type Person = z.infer<typeof PersonSchema>

/** A link between a person and a movie. */
export const RelationSchema = z.object({
  personId: z.string().regex(personIdPattern),
  movieId: z.string().regex(movieIdPattern),
  role: z.enum(['cast', 'crew']),
  character: z.string().optional(),
  job: z.string().optional(),
  department: z.string().optional(),
  order: z.number().optional(),
  /** Title and year of the movie as the credit names it (lets a filmography list unknown movies). */
  movieTitle: z.string().optional(),
  movieYear: z.number().optional(),
})

/** A person↔movie relation. */
export type Relation = z.infer<typeof RelationSchema>

/**
 * A popularity score as last computed: it decays by half every `halfLifeDays`, so a reader
 * decays it from `at` to its own now (see `popularityAt`).
 */
export const PopularitySchema = z.object({
  score: z.number().nonnegative(),
  /** ISO time the score was computed. */
  at: z.string(),
  halfLifeDays: z.number().positive(),
})

/**
 * Usage statistics of one movie. `views` and `plays` are the view and play counts. The fields
 * marked optional were added after schema version 1 records were first written: a record
 * without them reads as zero uses and no popularity, so no migration is needed.
 */
export const MovieStatsSchema = z.object({
  schemaVersion: z.number().int().positive(),
  movieId: z.string().regex(movieIdPattern),
  /** `MovieViewed` events: the view count. */
  views: z.number().int().nonnegative(),
  /** `PlaybackStarted` events: the play count. */
  plays: z.number().int().nonnegative(),
  /** `MovieRequested` events (every lazy `get`). */
  requests: z.number().int().nonnegative(),
  /** `SearchHit` events. Absent means 0. */
  searchHits: z.number().int().nonnegative().optional(),
  /** `RecommendationShown` events. Absent means 0. */
  recommendations: z.number().int().nonnegative().optional(),
  /** ISO time of the latest use of any kind, `null` when never used. */
  lastAccess: z.string().nullable(),
  /** Decaying popularity. Absent means never scored (0). */
  popularity: PopularitySchema.optional(),
})

/** Usage statistics of one movie. */
export type MovieStats = z.infer<typeof MovieStatsSchema>

/** A page of results, the shape every list in cinelayer uses. */
export function PaginatedResponseSchema<T extends z.ZodType>(item: T) {
  return z.object({
    page: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    totalResults: z.number().int().nonnegative(),
    totalPages: z.number().int().nonnegative(),
    results: z.array(item),
  })
}

/** A page of results. */
export interface PaginatedResponse<T> {
  page: number
  pageSize: number
  totalResults: number
  totalPages: number
  results: T[]
}

/**
 * Builds a {@link PaginatedResponse} page out of a full list. Page and size come from query
 * strings: a value that is not a finite number falls back to the default, fractions round down,
 * anything below 1 becomes 1 and anything past `Number.MAX_SAFE_INTEGER` becomes that.
 * @param page 1-based page number; default 1
 * @param pageSize results per page; default 20
 */
export function paginate<T>(items: readonly T[], page = 1, pageSize = 20): PaginatedResponse<T> {
  const size = positiveInteger(pageSize, 20)
  const current = positiveInteger(page, 1)
  const start = (current - 1) * size
  return {
    page: current,
    pageSize: size,
    totalResults: items.length,
    totalPages: Math.ceil(items.length / size),
    results: items.slice(start, start + size),
  }
}

function positiveInteger(value: number, fallback: number): number {
  // Capped at the safe-integer range: past it the page is no longer a JSON Schema integer.
  return Number.isFinite(value) ? Math.min(Math.max(1, Math.floor(value)), Number.MAX_SAFE_INTEGER) : fallback
}

/**
 * JSON Schemas (draft 2020-12) of the public records, for OpenAPI documents and other languages.
 */
export function jsonSchemas() {
  return {
    Movie: z.toJSONSchema(MovieSchema),
    Person: z.toJSONSchema(PersonSchema),
    Relation: z.toJSONSchema(RelationSchema),
    MovieStats: z.toJSONSchema(MovieStatsSchema),
    PaginatedMovies: z.toJSONSchema(PaginatedResponseSchema(MovieSchema)),
  }
}
