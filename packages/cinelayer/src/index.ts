/**
 * `cinelayer`: a living movie-knowledge engine. {@link createMovieEngine} composes the core,
 * storage, providers and housekeeping packages with working defaults; their public API is
 * re-exported here so that one import is enough.
 * @packageDocumentation
 */
export { type MovieEngine, createMovieEngine } from './create-movie-engine.js'
export type { DataMode, MovieEngineOptions, TmdbEngineOptions } from './engine-options.js'
export type { EngineScheduleOptions } from './engine-schedule.js'
export { type GetMovieOptions, MovieCatalog } from './movie-catalog.js'
export type { VideoFileInfo } from './file-matching.js'
export { type FilmographyEntry, PersonDirectory } from './person-directory.js'
export type { CreditEntry } from './movie-credits.js'
export type { EditsImportReport } from './movie-editor.js'
export type { BulkImportOptions, BulkItemResult, BulkOptions, BulkReport } from './bulk-operations.js'
export { type ImageDownloadOptions, storedImagesOf } from './image-downloads.js'
export type { EngineSummary } from './summary.js'
export { type DowngradeOptions, type DowngradeSelection, REQUESTED_DOWNGRADE_RULE, createDowngrader, type DowngraderDeps } from './manual-downgrade.js'
export {
  DEFAULT_TRACE_MAX_BYTES,
  EVENT_TRACE_FILE_NAME,
  type EventTrace,
  type EventTraceOptions,
  attachEventTrace,
  eventTraceFile,
  rotatedTraceFile,
} from './event-trace.js'
export { type FollowEventTraceOptions, type ReadEventTraceOptions, followEventTrace, readEventTrace } from './event-trace-reader.js'
export { type MatchCandidate, type MatchDecision, chooseMatch } from './title-match.js'
export { normalizeTitle } from './normalize-title.js'
export { EditsExportError, WebhookPayloadError, type WebhookPayloadIssue, engineErrorCodes } from './errors.js'
export { type MediaServerWebhook, parseJellyfinWebhook, parsePlexWebhook } from './webhooks.js'
export * from '@cinelayer/core'
export * from '@cinelayer/housekeeping'
export * from '@cinelayer/providers'
export * from '@cinelayer/storage'
