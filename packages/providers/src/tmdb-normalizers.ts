import type { Movie, PersonSeed, Relation } from '@cinelayer/core'
import { ProviderResponseError } from './errors.js'
import { compact, externalIdentity, imdbTitleId, text, yearOf } from './tmdb-fields.js'
import type { TmdbMovie, TmdbMovieListItem } from './tmdb-schemas.js'

/** The movie record fields the TMDB normalizers fill. */
export type TmdbMovieField =
  | 'title' | 'year' | 'originalTitle' | 'overview' | 'tagline' | 'releaseDate' | 'runtime' | 'originalLanguage' | 'status' | 'productionCountries'
  | 'poster' | 'cast' | 'crew' | 'genres' | 'tmdbRating' | 'externalIds' | 'ids' | 'images' | 'keywords'

/**
 * Fields of a movie record, as the normalizers patch them. (Picked by name: core's `Movie` keeps
 * unknown fields, and `Omit` over such a type would lose the known ones.)
 */
export type MoviePatch = Partial<Pick<Movie, TmdbMovieField>>

/** A TMDB movie turned into cinelayer's shapes. */
export interface NormalizedMovie {
  /** Movie record fields of the facets asked for. */
  patch: MoviePatch
  /** People named by the credits (empty unless `credits` was asked for). */
  people: PersonSeed[]
  /** Person↔movie relations of the credits (empty unless `credits` was asked for). */
  relations: Relation[]
}

/** The facets the TMDB movie normalizers fill. */
export const tmdbMovieFacets = ['details', 'poster', 'credits', 'genres', 'ratings', 'externalIds', 'images', 'keywords'] as const

/** A facet of {@link tmdbMovieFacets}. */
export type TmdbMovieFacet = (typeof tmdbMovieFacets)[number]

/**
 * The `append_to_response` section each facet needs; `undefined` when the base movie response holds it.
 */
export const tmdbMovieFacetSections: Readonly<Record<TmdbMovieFacet, string | undefined>> = {
  details: undefined,
  poster: undefined,
  credits: 'credits',
  genres: undefined,
  ratings: undefined,
  externalIds: 'external_ids',
  images: 'images',
  keywords: 'keywords',
}

function section<K extends 'credits' | 'external_ids' | 'images' | 'keywords'>(movie: TmdbMovie, name: K): NonNullable<TmdbMovie[K]> {
  const value = movie[name]
  if (value === undefined || value === null) throw new ProviderResponseError(`tmdb movie ${movie.id}`, `it has no "${name}" section (ask for it with append_to_response)`)
  return value as NonNullable<TmdbMovie[K]>
}

/**
 * `details` (and the identity fields `title`, `year`, `ids`): blank strings and unknown runtimes stay
 * absent. The details answer carries the movie's IMDb id: it goes on `ids` at once (the engine
 * records it as an alias), so a movie is known by it from `basic` on, not only once `externalIds` is fetched.
 */
export function normalizeMovieDetails(movie: TmdbMovie): MoviePatch {
  const imdb = imdbTitleId(movie.imdb_id)
  const countries = (movie.production_countries ?? []).filter((country) => text(country.iso_3166_1) && text(country.name))
  return compact({
    ids: compact({ tmdb: movie.id, imdb }),
    title: text(movie.title),
    year: yearOf(movie.release_date),
    originalTitle: text(movie.original_title),
    overview: text(movie.overview),
    tagline: text(movie.tagline),
    releaseDate: yearOf(movie.release_date) === undefined ? undefined : (movie.release_date ?? undefined),
    // TMDB reports an unknown runtime as 0.
    runtime: movie.runtime ? movie.runtime : undefined,
    originalLanguage: text(movie.original_language),
    status: text(movie.status),
    productionCountries: movie.production_countries ? countries.map((country) => ({ code: country.iso_3166_1, name: country.name })) : undefined,
  })
}

/** `poster`: the original poster's path, or `null` when TMDB has none. */
export function normalizeMoviePoster(movie: TmdbMovie): MoviePatch {
  const path = text(movie.poster_path)
  return { poster: path === undefined ? null : { path } }
}

/** `credits`: cast and crew on the record, plus the people they name and their relations to the movie. */
export function normalizeMovieCredits(movie: TmdbMovie): NormalizedMovie {
  const credits = section(movie, 'credits')
  const movieId = `tmdb:${movie.id}`
  const movieFacts = compact({ movieTitle: text(movie.title), movieYear: yearOf(movie.release_date) })
  const people = new Map<string, PersonSeed>()
  const relations: Relation[] = []
  const cast = credits.cast.map((credit) => {
    const personId = `tmdb:${credit.id}`
    const fields = compact({ character: text(credit.character), order: credit.order })
    relations.push({ personId, movieId, role: 'cast', ...fields, ...movieFacts })
    if (!people.has(personId)) people.set(personId, seedOf(personId, credit))
    return { personId, name: credit.name, ...fields }
  })
  const crew = credits.crew.map((credit) => {
    const personId = `tmdb:${credit.id}`
    const department = compact({ department: text(credit.department) })
    relations.push({ personId, movieId, role: 'crew', job: credit.job, ...department, ...movieFacts })
    if (!people.has(personId)) people.set(personId, seedOf(personId, credit))
    return { personId, name: credit.name, job: credit.job, ...department }
  })
  return { patch: { cast, crew }, people: [...people.values()], relations }
}

function seedOf(id: string, credit: { id: number; name: string; known_for_department?: string | null; profile_path?: string | null }): PersonSeed {
  return {
    id,
    name: credit.name,
    ids: { tmdb: credit.id },
    ...compact({ knownForDepartment: text(credit.known_for_department), profilePath: text(credit.profile_path) }),
  }
}

/** `genres`: TMDB's genre ids and names. */
export function normalizeMovieGenres(movie: TmdbMovie): MoviePatch {
  return { genres: (movie.genres ?? []).map((genre) => ({ id: genre.id, name: genre.name })) }
}

/** `ratings`: TMDB's vote average and count. */
export function normalizeMovieRatings(movie: TmdbMovie): MoviePatch {
  return { tmdbRating: { average: movie.vote_average, count: movie.vote_count } }
}

/** `externalIds`: every external id TMDB knows, and the valid IMDb and Wikidata ids on `ids`. */
export function normalizeMovieExternalIds(movie: TmdbMovie): MoviePatch {
  const identity = externalIdentity('movie', movie.imdb_id, section(movie, 'external_ids'))
  return { externalIds: identity.map, ids: compact({ tmdb: movie.id, imdb: identity.imdb, wikidata: identity.wikidata }) }
}

type TmdbImage = NonNullable<NonNullable<TmdbMovie['images']>['posters']>[number]

function imageRef(image: TmdbImage) {
  return { path: image.file_path, ...compact({ width: image.width, height: image.height }), language: text(image.iso_639_1) ?? null }
}

/** `images`: backdrops, logos and posters (paths and sizes; the bytes are the image store's business). */
export function normalizeMovieImages(movie: TmdbMovie): MoviePatch {
  const images = section(movie, 'images')
  return {
    images: { backdrops: (images.backdrops ?? []).map(imageRef), logos: (images.logos ?? []).map(imageRef), posters: (images.posters ?? []).map(imageRef) },
  }
}

/** `keywords`: keyword names. */
export function normalizeMovieKeywords(movie: TmdbMovie): MoviePatch {
  return { keywords: section(movie, 'keywords').keywords.map((keyword) => keyword.name) }
}

const patchOf: Record<Exclude<TmdbMovieFacet, 'credits'>, (movie: TmdbMovie) => MoviePatch> = {
  details: normalizeMovieDetails,
  poster: normalizeMoviePoster,
  genres: normalizeMovieGenres,
  ratings: normalizeMovieRatings,
  externalIds: normalizeMovieExternalIds,
  images: normalizeMovieImages,
  keywords: normalizeMovieKeywords,
}

/**
 * Normalizes a TMDB movie for the given facets only: the patch holds no field of a facet not asked
 * for. Facets TMDB does not fill are ignored.
 * @throws ProviderResponseError when a facet's section was not appended to the response.
 */
export function normalizeMovie(movie: TmdbMovie, facets: readonly string[]): NormalizedMovie {
  const result: NormalizedMovie = { patch: {}, people: [], relations: [] }
  for (const facet of facets) {
    if (facet === 'credits') {
      const credits = normalizeMovieCredits(movie)
      result.patch = { ...result.patch, ...credits.patch }
      result.people = credits.people
      result.relations = credits.relations
    } else if (Object.hasOwn(patchOf, facet)) result.patch = { ...result.patch, ...patchOf[facet as keyof typeof patchOf](movie) }
  }
  return result
}

/** A movie as a TMDB list (search, trending, discover) names it. Fits core's `MovieSeed`. */
export interface ListedMovie {
  /** TMDB id. */
  tmdb: number
  title: string
  originalTitle?: string
  year?: number
  releaseDate?: string
  overview?: string
  posterPath?: string
  popularity?: number
  voteAverage?: number
  voteCount?: number
}

/** Normalizes a movie of a TMDB list; blank fields stay absent. */
export function normalizeMovieListItem(item: TmdbMovieListItem): ListedMovie {
  return {
    tmdb: item.id,
    title: item.title,
    ...compact({
      originalTitle: text(item.original_title),
      year: yearOf(item.release_date),
      releaseDate: yearOf(item.release_date) === undefined ? undefined : (item.release_date ?? undefined),
      overview: text(item.overview),
      posterPath: text(item.poster_path),
      popularity: item.popularity,
      voteAverage: item.vote_average,
      voteCount: item.vote_count,
    }),
  }
}
