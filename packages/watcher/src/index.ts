/**
 * `@cinelayer/watcher`: turns a folder into an intake for a cinelayer engine.
 * {@link createLibraryWatcher} watches an incoming folder, matches each new video through the
 * engine and moves it, renamed, into a library; {@link parseVideoFilename} reads what a release
 * or file name says.
 * @packageDocumentation
 */
export {
  InvalidVideoNameError,
  type InvalidVideoNameReason,
  OrganizeFailedError,
  type OrganizeFailureReason,
  ResolveInvalidError,
  UnparseableVideoNameError,
  type WatcherErrorCode,
  WatcherOptionsInvalidError,
  watcherErrorCodes,
} from './errors.js'
/** Re-exported from `@cinelayer/core`, where the engine's matcher uses the same key. */
export { normalizeTitle } from '@cinelayer/core'
export { type ParsedVideoName, type VideoResolution, type VideoSource, parseVideoFilename } from './parse-video-filename.js'
export { type LibraryWatcher, createLibraryWatcher } from './library-watcher.js'
export type { LibraryWatcherOptions } from './watcher-options.js'
export type { ScanResult } from './library-reconciler.js'
export type { OrganizeOutcome } from './organize-outcome.js'
export type { CollisionPolicy } from './file-mover.js'
export { type FileFacts, type WatcherFileSystem, nodeFileSystem } from './file-system.js'
export { type NamingTemplate, type NamingValues, compileTemplate, defaultNamingTemplate, namingTokens } from './naming-template.js'
export { defaultVideoExtensions, sidecarExtensions } from './file-kinds.js'
