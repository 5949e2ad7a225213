/**
 * `cinelayer`: a living movie-knowledge engine. {@link createMovieEngine} composes the core,
 * storage, providers and housekeeping packages with working defaults; their public API is
 * re-exported here so that one import is enough.
 * @packageDocumentation
 */
export { type MovieEngine, createMovieEngine } from './create-movie-engine.js'
export type { DataMode, MovieEngineOptions } from './engine-options.js'
export { type GetMovieOptions, MovieCatalog, type VideoFileInfo } from './movie-catalog.js'
export { type FilmographyEntry, PersonDirectory } from './person-directory.js'
export type { EngineSummary } from './summary.js'
export { type MatchCandidate, type MatchDecision, chooseMatch, normalizeTitle } from './title-match.js'
export { engineErrorCodes } from './errors.js'
export * from '@cinelayer/core'
export * from '@cinelayer/housekeeping'
export * from '@cinelayer/providers'
export * from '@cinelayer/storage'
