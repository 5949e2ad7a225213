/**
 * `@cinelayer/core`: the domain of cinelayer — schemas, levels and facets, the typed event bus,
 * the enrichment engine, the stats tracker, the plugin API and coded errors. It does no I/O.
 * @packageDocumentation
 */
export { type Clock, type ManualClock, DAY, createManualClock, systemClock } from './clock.js'
export {
  CinelayerError,
  type CoreErrorCode,
  EnricherInvalidError,
  EnrichmentFailedError,
  EventInvalidError,
  InvalidIdError,
  LevelSetInvalidError,
  MovieNotFoundError,
  PersonNotFoundError,
  PlanUnsatisfiableError,
  PluginInvalidError,
  RecordInvalidError,
  SchemaVersionError,
  UnknownLevelError,
  coreErrorCodes,
} from './errors.js'
export { type MovieIdNamespace, type ParsedId, type PersonIdNamespace, parseMovieId, parsePersonId, tmdbId } from './ids.js'
export { type FacetDefinition, type LevelDefinition, LevelSet, defaultFacets, defaultLevels } from './levels.js'
export {
  CastCreditSchema,
  CrewCreditSchema,
  EnrichmentErrorSchema,
  FacetStampSchema,
  type Movie,
  MovieIdsSchema,
  MovieSchema,
  type MovieStats,
  MovieStatsSchema,
  type PaginatedResponse,
  PaginatedResponseSchema,
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
  type MovieSeed,
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
export type { MovieStore, PersonStore, RelationStore, StatsStore } from './stores.js'
export { type Enricher, type EnrichmentInput, type EnrichmentOutput, type PersonSeed, defineEnricher } from './enricher.js'
export { type EnrichmentEngineOptions, type EnrichmentPlan, EnrichmentEngine, type PlanStep } from './enrichment-engine.js'
export {
  type DowngradeResult,
  MAX_RECORDED_ERRORS,
  applyPatch,
  createMovieRecord,
  createPersonRecord,
  downgradeMovie,
  recordBytes,
} from './movie-record.js'
export { StatsTracker, type StatsTrackerOptions, emptyStats } from './stats-tracker.js'
export { type HousekeepingRule, type RuleContext, type RuleInput, type RuleVerdict, defineRule } from './rule.js'
export { type CinelayerPlugin, type PluginContext, checkPlugins, definePlugin, mergePluginLevels } from './plugin.js'
