/** Where an event comes from. Observers can subscribe to one category. */
export type EventCategory = 'ui' | 'fs' | 'schedule' | 'cli' | 'webhook' | 'engine' | 'housekeeping'

/** Every category, in a stable order. */
export const eventCategories: readonly EventCategory[] = ['ui', 'fs', 'schedule', 'cli', 'webhook', 'engine', 'housekeeping']

/** A movie as a list or credit names it, before cinelayer knows more. */
export interface MovieSeed {
  tmdb: number
  title?: string
  year?: number
}

/** A movie asked for by title (searched on TMDB and matched as the file watcher matches a name). */
export interface TitleRequest {
  title: string
  year?: number
}

/** A video file to add, with what its name says (the CLI parses it with the watcher's parser). */
export interface VideoFileRequest {
  path: string
  title: string
  year?: number
  tmdbId?: number
  imdbId?: string
}

/** A search result a file was compared with. */
export interface MatchedCandidate {
  tmdb: number
  title: string
  year?: number
}

/** Payload of each event type cinelayer itself publishes. */
export interface CoreEventPayloads {
  // ui
  MovieRequested: { movieId: string; level: string }
  /** A film of a person's filmography was opened; `movies` are more films of it to create in the same pass. */
  RelatedMovieRequested: { personId: string; movie: MovieSeed; movies?: MovieSeed[] }
  /** A person's page was opened: the person is enriched (biography, dates, profile image, filmography). */
  PersonRequested: { personId: string }
  SearchRequested: { query: string; year?: number }
  MovieViewed: { movieId: string }
  PlaybackStarted: { movieId: string; source?: string }
  SearchHit: { movieId: string; query: string }
  RecommendationShown: { movieId: string }
  // fs
  VideoFileDetected: { path: string; title?: string; year?: number; size?: number }
  VideoRemoved: { path: string; movieId?: string }
  /** `from`: where the file was before the watcher moved it; `sidecars`: where its sidecars went. */
  VideoAdded: { path: string; movieId: string; from?: string; sidecars?: string[] }
  /** A file was matched to a movie: the score and the candidates show the match was not a guess. */
  VideoMatched: { path: string; movieId: string; score: number; candidates: MatchedCandidate[]; via: 'id' | 'search' | 'manual' }
  /** A file could not be matched or organized; it stays where it was. `reason` is a short word, `code` the error code. */
  VideoOrganizeFailed: { path: string; reason: string; message: string; code?: string; movieId?: string }
  // schedule
  DiscoverMoviesFetched: { movies: MovieSeed[] }
  TrendingMoviesFetched: { window: 'day' | 'week'; movies: MovieSeed[] }
  ProviderRefreshRequested: { since: string }
  ScheduledJobCompleted: { job: string; scheduledFor: string; startedAt: string; durationMs: number; summary: Record<string, number | string> }
  ScheduledJobFailed: { job: string; scheduledFor: string; startedAt: string; durationMs: number; code: string; message: string }
  ScheduledJobSkipped: { job: string; scheduledFor: string; reason: string }
  // cli
  /**
   * Movies to add: by id (`ids`), by title and year (`titles`, searched and matched), by video file
   * (`files`, matched as the watcher matches a file); each enriched to `level` when given, `concurrency`
   * at a time. Acted on by the engine (`engine.request` resolves with its report).
   */
  BulkImportRequested: { ids: string[]; titles?: TitleRequest[]; files?: VideoFileRequest[]; level?: string; concurrency?: number }
  BulkEnrichRequested: { ids: string[] | 'all'; level: string; concurrency?: number }
  HousekeepingRequested: { dryRun: boolean }
  // webhook
  /**
   * Movies a recommender (a media server, another service) says will be shown: the engine creates
   * those not stored and enriches them to its default level (`basic`) in the background, so that
   * they are ready when someone looks. `source` says who asked.
   */
  RecommendationTriggered: { movieIds: string[]; source?: string }
  // engine
  MovieCreated: { movieId: string; level: string; via: string; title?: string; year?: number }
  MovieAliased: { from: string; to: string }
  EnrichmentRequested: { movieId: string; from: string; to: string; facets: string[]; providers: string[] }
  EnrichmentCompleted: { movieId: string; from: string; to: string; facets: string[]; calls: Record<string, number>; durationMs: number }
  EnrichmentFailed: { movieId: string; level: string; target: string; provider: string; facets: string[]; code: string; message: string }
  PersonCreated: { personId: string; name: string; via: string }
  /** One item of a bulk operation (`enrichMany`, `importMany`) is done; counts so far. */
  BulkProgress: {
    operation: 'enrich' | 'import'
    total: number
    done: number
    ok: number
    skipped: number
    failed: number
    item: { id: string; status: 'ok' | 'skipped' | 'failed'; reason?: string }
  }
  HandlerFailed: { eventType: string; eventId: string; stage: 'middleware' | 'handler'; message: string }
  StatsFlushFailed: { movieId: string; code: string; message: string }
  /** A stored record cannot be read (corrupt, invalid, newer schema): skipped by listings and bulk work until `validate --fix` quarantines it. */
  RecordUnreadable: { key: string; code: string; message: string }
  // housekeeping
  /** `imageSizesDropped`: sizes of stored image files removed (present only when some were). */
  MovieDowngraded: { movieId: string; from: string; to: string; facetsDropped: string[]; bytesFreed: number; reasons: string[]; imageSizesDropped?: string[] }
  HousekeepingCompleted: { dryRun: boolean; examined: number; downgraded: number; skipped: number; bytesFreed: number }
}

/**
 * Payload of each event type. Extend it with declaration merging to type plugin events:
 * `declare module '@cinelayer/core' { interface EventPayloads { TrailerLocked: {...} } }`, then
 * make the type publishable with `bus.registerEventType('TrailerLocked', ['ui'])`.
 */
export interface EventPayloads extends CoreEventPayloads {}

/** Every event type. */
export type EventType = keyof EventPayloads

/**
 * The categories each built-in event type may be published in; the first is its default. Typed
 * over the built-in types only, so that a plugin's declaration merging does not break it.
 */
export const eventCategoryOf: { readonly [T in keyof CoreEventPayloads]: readonly EventCategory[] } = {
  MovieRequested: ['ui'],
  RelatedMovieRequested: ['ui'],
  PersonRequested: ['ui'],
  SearchRequested: ['ui', 'cli'],
  MovieViewed: ['ui'],
  PlaybackStarted: ['ui', 'webhook'],
  SearchHit: ['ui'],
  RecommendationShown: ['ui'],
  VideoFileDetected: ['fs'],
  VideoRemoved: ['fs'],
  VideoAdded: ['fs'],
  VideoMatched: ['fs'],
  VideoOrganizeFailed: ['fs'],
  DiscoverMoviesFetched: ['schedule'],
  TrendingMoviesFetched: ['schedule'],
  ProviderRefreshRequested: ['schedule'],
  ScheduledJobCompleted: ['schedule'],
  ScheduledJobFailed: ['schedule'],
  ScheduledJobSkipped: ['schedule'],
  BulkImportRequested: ['cli'],
  BulkEnrichRequested: ['cli'],
  HousekeepingRequested: ['cli', 'schedule'],
  RecommendationTriggered: ['webhook'],
  MovieCreated: ['engine'],
  MovieAliased: ['engine'],
  EnrichmentRequested: ['engine'],
  EnrichmentCompleted: ['engine'],
  EnrichmentFailed: ['engine'],
  PersonCreated: ['engine'],
  BulkProgress: ['engine'],
  HandlerFailed: ['engine'],
  StatsFlushFailed: ['engine'],
  RecordUnreadable: ['engine'],
  MovieDowngraded: ['housekeeping'],
  HousekeepingCompleted: ['housekeeping'],
}

/** An event as it travels on the bus. */
export interface CinelayerEvent<T extends EventType = EventType> {
  type: T
  category: EventCategory
  /** Unique per bus. */
  id: string
  /** ISO time from the engine's clock. */
  at: string
  /** Groups events caused by one request (e.g. an enrichment run). */
  correlationId?: string
  payload: EventPayloads[T]
}

/** Any event, as a discriminated union on `type`. */
export type AnyCinelayerEvent = { [T in EventType]: CinelayerEvent<T> }[EventType]

/** What a publisher gives; the bus fills `id`, `at` and a default `category`. */
export interface EventInput<T extends EventType = EventType> {
  type: T
  payload: EventPayloads[T]
  category?: EventCategory
  correlationId?: string
}
