import { basename, extname, sep } from 'node:path'

/**
 * What kind of file a path is to the watcher: a video to organize, a sidecar that follows a
 * video, or something it leaves alone (hidden, partial, sample, unknown).
 */

/** Video extensions the watcher picks up by default (lower case, without the dot). */
export const defaultVideoExtensions: readonly string[] = [
  'mkv',
  'mp4',
  'm4v',
  'avi',
  'mov',
  'wmv',
  'mpg',
  'mpeg',
  'ts',
  'm2ts',
  'webm',
  'ogm',
  'divx',
  'flv',
]

/** Sidecar extensions that travel with the video of the same base name (`name.srt`, `name.en.srt`). */
export const sidecarExtensions: readonly string[] = ['srt', 'ass', 'ssa', 'sub', 'idx', 'vtt', 'sup', 'nfo']

/** Language and flag tags between a video's base name and a sidecar's extension. */
const sidecarTags = /^\p{L}{2,12}(?:[-_][\p{L}\p{N}]{2,4})?(?:\.\p{L}{2,12})*$/u

/** Extensions of files still being downloaded: never touched, whatever their size does. */
const partialExtensions = new Set(['part', 'partial', '!qb', '!ut', 'crdownload', 'download', 'tmp', 'opdownload'])

/** Kinds of file the watcher tells apart. */
export type FileKind = 'video' | 'sidecar' | 'ignored'

/** Lower-case extension without the dot (`''` when none). */
export function extensionOf(path: string): string {
  const name = basename(path)
  const dot = name.lastIndexOf('.')
  // Unlike extname, ".nfo" has the extension "nfo": a sidecar suffix starts with its dot.
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/**
 * Whether a path is out of the watcher's sight: a hidden segment (`.name`, which also covers the
 * organizer's own temporary copies), a partial download, or a sample clip of a release.
 * @param relative the path relative to the watched folder.
 */
export function isIgnoredPath(relative: string): boolean {
  const segments = relative.split(/[\\/]+/).filter(Boolean)
  if (segments.some((segment) => segment.startsWith('.'))) return true
  if (segments.slice(0, -1).some((segment) => /^samples?$/i.test(segment))) return true
  const name = segments[segments.length - 1] ?? ''
  if (partialExtensions.has(extensionOf(name))) return true
  // Release folders carry "name-sample.mkv": a clip, not the movie.
  return /(?:^|[\s._-])sample$/i.test(name.slice(0, name.length - extname(name).length))
}

/** Classifies a path (relative to the watched folder) with the configured video extensions. */
export function kindOf(relative: string, videoExtensions: ReadonlySet<string>): FileKind {
  if (isIgnoredPath(relative)) return 'ignored'
  const extension = extensionOf(relative)
  if (videoExtensions.has(extension)) return 'video'
  if (sidecarExtensions.includes(extension)) return 'sidecar'
  return 'ignored'
}

/** The video's name without its extension: what its sidecars start with. */
export function baseNameOf(path: string): string {
  const name = basename(path)
  return name.slice(0, name.length - extname(name).length)
}

/**
 * The part of a sidecar's name after its video's base name (`.en.srt` for `Movie.en.srt` of
 * `Movie.mkv`), or `undefined` when the sidecar does not belong to that video.
 */
export function sidecarSuffix(sidecarName: string, videoBase: string): string | undefined {
  if (!sidecarName.startsWith(`${videoBase}.`)) return undefined
  const suffix = sidecarName.slice(videoBase.length)
  if (!sidecarExtensions.includes(extensionOf(suffix))) return undefined
  // Between base and extension only words such as "en", "pt-BR", "English.forced": "Movie.Part.2.srt"
  // belongs to "Movie.Part.2.mkv", not to "Movie.mkv".
  const middle = suffix.slice(1, Math.max(1, suffix.lastIndexOf('.')))
  return middle === '' || sidecarTags.test(middle) ? suffix : undefined
}

/** Normalizes configured extensions: lower case, no leading dot. */
export function extensionSet(extensions: readonly string[]): Set<string> {
  return new Set(extensions.map((extension) => extension.replace(/^\./, '').toLowerCase()))
}

/** Whether `child` is `parent` or inside it (both absolute and resolved). */
export function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : `${parent}${sep}`)
}
