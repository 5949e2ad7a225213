/**
 * `@cinelayer/watcher`: turns a folder into an intake for a cinelayer engine. This part reads
 * release and file names: {@link parseVideoFilename} gives the title, year and what else a name says.
 * @packageDocumentation
 */
export {
  InvalidVideoNameError,
  type InvalidVideoNameReason,
  UnparseableVideoNameError,
  type WatcherErrorCode,
  watcherErrorCodes,
} from './errors.js'
export { normalizeTitle } from './normalize-title.js'
export { type ParsedVideoName, type VideoResolution, type VideoSource, parseVideoFilename } from './parse-video-filename.js'
