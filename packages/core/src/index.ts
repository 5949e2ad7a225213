/**
 * `@cinelayer/core`: the domain of cinelayer — schemas, levels and facets, the typed event bus,
 * the enrichment engine, the stats tracker, the plugin API and coded errors. It does no I/O.
 * @packageDocumentation
 */
export { type Clock, type ManualClock, DAY, createManualClock, systemClock } from './clock.js'
export { type ManualTimer, type Timer, createManualTimer, createSystemTimer, systemTimer } from './timer.js'
export {
  CinelayerError,
  type CoreErrorCode,
  EngineClosedError,
  EnricherInvalidError,
  type BackoffState,
  EditInvalidError,
  EditsDocumentInvalidError,
  EnrichmentBackoffError,
  EnrichmentFailedError,
  EventInvalidError,
  InvalidIdError,
  LevelSetInvalidError,
  MovieNotFoundError,
  OptionsInvalidError,
  PersonNotFoundError,
  PlanUnsatisfiableError,
  PluginInvalidError,
  RecordInvalidError,
  SchemaVersionError,
  UnknownLevelError,
  coreErrorCodes,
} from './errors.js'
export { type MovieIdNamespace, type ParsedId, type PersonIdNamespace, parseMovieId, parsePersonId, tmdbId } from './ids.js'
export { type FacetDefinition, type LevelDefinition, LevelSet, defaultFacets, defaultLevels, reservedFields } from './levels.js'
export {
  CastCreditSchema,
  CrewCreditSchema,
  EnrichmentErrorSchema,
  FacetStampSchema,
  FieldEditSchema,
  type Movie,
  MovieIdsSchema,
  MovieSchema,
  type MovieStats,
  MovieStatsSchema,
  type PaginatedResponse,
  PaginatedResponseSchema,
  PopularitySchema,
  type Person,
  PersonSchema,
  type Relation,
  RelationSchema,
  SCHEMA_VERSION,
  jsonSchemas,
  paginate,
} from './schemas.js'
export {
  type AnyCinelayerEvent,
  type CinelayerEvent,
  type CoreEventPayloads,
  type EventCategory,
  type EventInput,
  type EventPayloads,
  type EventType,
  type MatchedCandidate,
  type MovieSeed,
  type TitleRequest,
  type VideoFileRequest,
  eventCategories,
  eventCategoryOf,
} from './events.js'
export {
  type AnyEventHandler,
  EventBus,
  type EventBusOptions,
  type EventHandler,
  type EventMiddleware,
  type Unsubscribe,
  createEventBus,
} from './event-bus.js'
export type {
  ChangeContext,
  MovieChange,
  MovieStore,
  MovieUpdate,
  MovieWrite,
  PersonStore,
  PersonWrite,
  RelationStore,
  StatsStore,
  SummarizedMovieStore,
} from './stores.js'
export { type MovieSummary, MovieSummarySchema, summarizeMovie } from './movie-summary.js'
export { KeyedMutex } from './keyed-mutex.js'
export { type EnrichmentFlight, MovieEntries, type MovieEntry } from './movie-entries.js'
export { type Enricher, type EnrichmentInput, type EnrichmentOutput, type PersonSeed, defineEnricher } from './enricher.js'
export { type EnrichmentEngineOptions, type EnrichmentPlan, EnrichmentEngine, type PlanStep } from './enrichment-engine.js'
export { type FacetMaxAge, defaultFacetMaxAge, staleFacets } from './facet-freshness.js'
export { type RetryBackoffOptions, defaultRetryBackoff } from './retry-backoff.js'
export { type EditOptions, editMovie, editableFields, lockFields, unlockFields } from './movie-edits.js'
export {
  EDITS_DOCUMENT_VERSION,
  type EditOutcome,
  type EditsDocument,
  EditsDocumentSchema,
  applyEditsEntry,
  buildEditsDocument,
  parseEditsDocument,
} from './edits-document.js'
export {
  type DowngradeOptions,
  type DowngradeResult,
  MAX_RECORDED_ERRORS,
  createMovieRecord,
  createPersonRecord,
  downgradeMovie,
  facetsDroppedBy,
  recordBytes,
} from './movie-record.js'
export { type StatsFlushResult, StatsTracker, type StatsTrackerOptions, type UsageRank, emptyStats } from './stats-tracker.js'
export {
  DEFAULT_HALF_LIFE_DAYS,
  type UsageKind,
  decayScore,
  defaultUsageWeights,
  popularityAt,
  usageCount,
  usageKinds,
} from './popularity.js'
export { type HousekeepingRule, type RuleContext, type RuleInput, type RuleVerdict, defineRule } from './rule.js'
export { type CinelayerPlugin, type PluginContext, checkPlugins, definePlugin, mergePluginLevels } from './plugin.js'
// Issue 13: one redaction of every configured secret, wherever text leaves the process or is stored.
export { REDACTED, type Redactor, createRedactor } from './secret-redactor.js'
export { type ProviderBackoff, backoffHolds } from './retry-backoff.js'
export { normalizeTitle } from './normalize-title.js'
export { type MatchCandidate, type MatchDecision, chooseMatch } from './title-match.js'
