/**
 * `@cinelayer/providers`: data providers (how the bytes travel: replay now, live HTTP later), the
 * TMDB logical provider, its normalizers and the TMDB enricher, plus a replay dataset of recorded
 * TMDB answers so an engine runs with no key and no network.
 * @packageDocumentation
 */
export { type DataProvider, type DataRequest, type DataRequestOptions, type QueryValue, requestKey } from './data-provider.js'
export { defaultReplayDir } from './default-replay-dir.js'
export {
  ProviderHttpError,
  ProviderInputError,
  ProviderResponseError,
  type ProvidersErrorCode,
  ReplayDatasetError,
  ReplayMissError,
  RequestAbortedError,
  TmdbIdMissingError,
  providersErrorCodes,
} from './errors.js'
export { JsonReplayProvider, type JsonReplayProviderOptions } from './json-replay-provider.js'
export { type ReplayEntry, type ReplayOrigin } from './replay-entry.js'
export { createTmdbEnricher } from './tmdb-enricher.js'
export {
  type MoviePatch,
  type MovieSummary,
  type NormalizedMovie,
  type TmdbMovieFacet,
  type TmdbMovieField,
  normalizeMovie,
  normalizeMovieCredits,
  normalizeMovieDetails,
  normalizeMovieExternalIds,
  normalizeMovieGenres,
  normalizeMovieImages,
  normalizeMovieKeywords,
  normalizeMovieListItem,
  normalizeMoviePoster,
  normalizeMovieRatings,
  tmdbMovieFacetSections,
  tmdbMovieFacets,
} from './tmdb-normalizers.js'
export { type NormalizedPerson, normalizePerson } from './tmdb-person-normalizer.js'
export {
  type TmdbAppendOptions,
  type TmdbCallOptions,
  TmdbProvider,
  type TmdbProviderOptions,
  type TmdbSearchOptions,
  type TmdbTrendingWindow,
  defaultPersonAppend,
} from './tmdb-provider.js'
export type { TmdbConfiguration, TmdbMovie, TmdbMovieListItem, TmdbMoviePage, TmdbPerson } from './tmdb-schemas.js'
