import { type HousekeepingRule, type RuleInput, type RuleVerdict, defineRule } from '@cinelayer/core'
import { HousekeepingOptionsError } from './errors.js'

/** Options of {@link protectLocalFiles}. */
export interface ProtectLocalFilesOptions {
  /** The lowest level a movie with a local video file keeps. Default `'basic'`. */
  level?: string
}

/**
 * A rule that keeps a movie with a local video file at `level` or above, whatever the other
 * rules say: what is on the user's disk keeps its title page. A file the watcher saw disappear
 * (`fileMissingSince`) no longer protects its movie.
 *
 * @throws HousekeepingOptionsError for an empty level.
 */
export function protectLocalFiles(options: ProtectLocalFilesOptions = {}): HousekeepingRule {
  const { level = 'basic' } = options
  if (typeof level !== 'string' || level === '') throw new HousekeepingOptionsError('protectLocalFiles.level', 'expected a level name')
  return defineRule({
    name: 'protect-local-files',
    evaluate({ movie }: RuleInput): RuleVerdict | null {
      const missing = (movie as { fileMissingSince?: unknown }).fileMissingSince
      if (typeof movie.filePath !== 'string' || movie.filePath === '' || (missing !== undefined && missing !== null)) return null
      return { minLevel: level, reason: `has a local video file: kept at "${level}" or above` }
    },
  })
}
