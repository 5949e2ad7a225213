import { z } from 'zod'

// Lenient on what we do not read (loose objects keep every extra field for callers), strict on
// what we do: a wrong type there is a malformed response, not something to guess around.
const optionalText = z.string().nullable().optional()
const tmdbNumericId = z.number().int().positive()

const TmdbCastCreditSchema = z.looseObject({
  id: tmdbNumericId,
  name: z.string(),
  character: optionalText,
  order: z.number().optional(),
  known_for_department: optionalText,
  profile_path: optionalText,
})

const TmdbCrewCreditSchema = z.looseObject({
  id: tmdbNumericId,
  name: z.string(),
  job: z.string(),
  department: z.string().optional(),
  known_for_department: optionalText,
  profile_path: optionalText,
})

const TmdbImageSchema = z.looseObject({
  file_path: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  iso_639_1: optionalText,
})

/** TMDB's external ids of a movie or person (`imdb_id`, `wikidata_id`, social ids...). */
const TmdbExternalIdsSchema = z.looseObject({
  imdb_id: optionalText,
  wikidata_id: optionalText,
})

/** One language of a `translations` section. Older answers carry no `data` (names of languages only). */
const TmdbTranslationSchema = z.looseObject({
  iso_639_1: z.string(),
  iso_3166_1: z.string().optional(),
  data: z.looseObject({ title: optionalText, overview: optionalText, tagline: optionalText }).optional(),
})

/** A movie's `translations` section: the translated title, overview and tagline per language. */
export type TmdbTranslation = z.infer<typeof TmdbTranslationSchema>

/** A movie from `/3/movie/{id}`, with the sections `append_to_response` asked for. */
export const TmdbMovieSchema = z.looseObject({
  id: tmdbNumericId,
  title: z.string(),
  original_title: z.string().optional(),
  overview: optionalText,
  tagline: optionalText,
  release_date: optionalText,
  runtime: z.number().nullable().optional(),
  original_language: z.string().optional(),
  status: z.string().optional(),
  poster_path: optionalText,
  imdb_id: optionalText,
  production_countries: z.array(z.looseObject({ iso_3166_1: z.string(), name: z.string() })).nullable().optional(),
  genres: z.array(z.looseObject({ id: z.number().int(), name: z.string() })).optional(),
  vote_average: z.number(),
  vote_count: z.number(),
  credits: z.looseObject({ cast: z.array(TmdbCastCreditSchema), crew: z.array(TmdbCrewCreditSchema) }).optional(),
  external_ids: TmdbExternalIdsSchema.optional(),
  images: z
    .looseObject({ backdrops: z.array(TmdbImageSchema).optional(), logos: z.array(TmdbImageSchema).optional(), posters: z.array(TmdbImageSchema).optional() })
    .optional(),
  keywords: z.looseObject({ keywords: z.array(z.looseObject({ id: z.number().int(), name: z.string() })) }).optional(),
  translations: z.looseObject({ translations: z.array(TmdbTranslationSchema) }).optional(),
})

/** A TMDB movie response (validated; unknown fields kept). */
export type TmdbMovie = z.infer<typeof TmdbMovieSchema>

const TmdbPersonMovieCastSchema = z.looseObject({
  id: tmdbNumericId,
  title: z.string(),
  release_date: optionalText,
  character: optionalText,
  order: z.number().optional(),
})

const TmdbPersonMovieCrewSchema = z.looseObject({
  id: tmdbNumericId,
  title: z.string(),
  release_date: optionalText,
  job: z.string(),
  department: z.string().optional(),
})

/** A person from `/3/person/{id}`, with the sections `append_to_response` asked for. */
export const TmdbPersonSchema = z.looseObject({
  id: tmdbNumericId,
  name: z.string(),
  biography: optionalText,
  birthday: optionalText,
  deathday: optionalText,
  place_of_birth: optionalText,
  profile_path: optionalText,
  known_for_department: optionalText,
  imdb_id: optionalText,
  movie_credits: z.looseObject({ cast: z.array(TmdbPersonMovieCastSchema), crew: z.array(TmdbPersonMovieCrewSchema) }).optional(),
  external_ids: TmdbExternalIdsSchema.optional(),
})

/** A TMDB person response (validated; unknown fields kept). */
export type TmdbPerson = z.infer<typeof TmdbPersonSchema>

/** A movie as search, trending and discover list it. */
export const TmdbMovieListItemSchema = z.looseObject({
  id: tmdbNumericId,
  title: z.string(),
  original_title: z.string().optional(),
  release_date: optionalText,
  overview: optionalText,
  poster_path: optionalText,
  popularity: z.number().optional(),
  vote_average: z.number().optional(),
  vote_count: z.number().optional(),
})

/** A movie in a TMDB list (search, trending, discover). */
export type TmdbMovieListItem = z.infer<typeof TmdbMovieListItemSchema>

/** One page of a TMDB list. */
export const TmdbMoviePageSchema = z.looseObject({
  page: z.number().int().positive(),
  results: z.array(TmdbMovieListItemSchema),
  total_pages: z.number().int().nonnegative(),
  total_results: z.number().int().nonnegative(),
})

/** One page of TMDB movies (search, trending, discover). */
export type TmdbMoviePage = z.infer<typeof TmdbMoviePageSchema>

/** `/3/configuration`: where images live and in which sizes. */
export const TmdbConfigurationSchema = z.looseObject({
  images: z.looseObject({
    base_url: z.string(),
    secure_base_url: z.string(),
    backdrop_sizes: z.array(z.string()),
    logo_sizes: z.array(z.string()),
    poster_sizes: z.array(z.string()),
    profile_sizes: z.array(z.string()),
    still_sizes: z.array(z.string()).optional(),
  }),
  change_keys: z.array(z.string()).optional(),
})

/** The TMDB API configuration. */
export type TmdbConfiguration = z.infer<typeof TmdbConfigurationSchema>

/** `/3/find/{external_id}`: what TMDB knows under an IMDb id, by kind. */
export const TmdbFindResultSchema = z.looseObject({
  movie_results: z.array(TmdbMovieListItemSchema),
  person_results: z.array(z.looseObject({ id: tmdbNumericId, name: z.string() })).optional(),
})

/** The answer of `/3/find/{external_id}` (TV results kept as they came). */
export type TmdbFindResult = z.infer<typeof TmdbFindResultSchema>

/** `/3/movie/changes`: the movies changed in a window, one page. */
export const TmdbChangesPageSchema = z.looseObject({
  page: z.number().int().positive(),
  results: z.array(z.looseObject({ id: tmdbNumericId, adult: z.boolean().nullable().optional() })),
  total_pages: z.number().int().nonnegative(),
  total_results: z.number().int().nonnegative(),
})

/** One page of TMDB's movie change list. */
export type TmdbChangesPage = z.infer<typeof TmdbChangesPageSchema>
