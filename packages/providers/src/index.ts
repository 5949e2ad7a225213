/**
 * `@cinelayer/providers`: data providers (how the bytes travel: replay now, live HTTP later), the
 * TMDB logical provider, its normalizers and the TMDB enricher, plus a replay dataset of recorded
 * TMDB answers so an engine runs with no key and no network.
 * @packageDocumentation
 */
export type { DataProvider, DataRequest, DataRequestOptions, HttpSourceTraffic, QueryValue } from './data-provider.js'
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
export type { RecordedMovie } from './replay-catalog.js'
export { type ReplayEntry, type ReplayOrigin } from './replay-entry.js'
export { createTmdbEnricher } from './tmdb-enricher.js'
// The per-facet movie normalizers are internal to the TMDB enricher; lists and people are read by the engine too.
export { type ListedMovie, normalizeMovieListItem } from './tmdb-normalizers.js'
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
// Issue 3, part B: sites and binary answers, Wikipedia, IMDb, TMDB find/changes/images and language fallback.
export type { DataResponseType } from './data-provider.js'
export { defaultSourceBaseURLs, requestURL } from './source-urls.js'
export { ImdbDatasetError, OmdbRefusedError } from './errors.js'
export type { TmdbChangesOptions } from './tmdb-provider.js'
export type { TmdbChangesPage, TmdbFindResult, TmdbTranslation } from './tmdb-schemas.js'
export { withTranslationFallback } from './tmdb-translations.js'
export { type WikipediaArticle, type WikipediaCallOptions, WikipediaProvider, type WikipediaProviderOptions } from './wikipedia-provider.js'
export { type WikipediaEnricherOptions, createWikipediaEnricher } from './wikipedia-enricher.js'
export type { WikidataEntities, WikipediaSearch, WikipediaSummary } from './wikipedia-schemas.js'
export { type ImdbCallOptions, ImdbProvider, type ImdbProviderOptions } from './imdb-provider.js'
export { type ImdbRating, ImdbRatingsIndex } from './imdb-ratings-index.js'
export { createImdbEnricher } from './imdb-enricher.js'
// Issue 3, part A: live HTTP data, hybrid replay-then-live with recording, injectable timers.
export { ProviderNetworkError, ProviderOptionsError, ProviderTimeoutError, RecordingError, RecordingTooLargeError } from './errors.js'
export { type Timers, realTimers } from './timers.js'
export { type RetryOptions } from './retry-policy.js'
export { type HttpAuth, type HttpSourceOptions, type OmdbHttpOptions, type TmdbHttpOptions } from './http-sources.js'
export { HttpDataProvider, type HttpDataProviderOptions } from './http-data-provider.js'
export { DEFAULT_MAX_RECORDED_BODY_BYTES, RecordingProvider, type RecordingProviderOptions, type SkippedRecording, recordSession } from './recording-provider.js'
export { HybridProvider, type HybridProviderOptions } from './hybrid-provider.js'
// Issue 13: recordings worth replaying, and a way to drop the others.
export {
  type PruneRecordingsOptions,
  type RecordingRemoval,
  type RecordingsReport,
  pruneRecordings,
  removeRecordings,
} from './recording-maintenance.js'
