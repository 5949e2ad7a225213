import { WatcherOptionsInvalidError } from './errors.js'
import { MAX_SEGMENT_BYTES, byteLength, safeSegment, safeValue, truncateBytes } from './safe-path-segment.js'

/** The default naming template: one folder per movie, as Plex, Jellyfin and Radarr expect. */
export const defaultNamingTemplate = '{title} ({year})/{title} ({year}){ext}'

/** What a template can name. `ext` is the video's extension with its dot (`.mkv`). */
export interface NamingValues {
  title: string
  year?: number
  tmdbId?: number
  imdbId?: string
  resolution?: string
  edition?: string
  ext: string
}

/** Tokens a template may use. */
export const namingTokens: readonly (keyof NamingValues)[] = ['title', 'year', 'tmdbId', 'imdbId', 'resolution', 'edition', 'ext']

/** A compiled template: renders the path segments of a file inside the library. */
export interface NamingTemplate {
  readonly source: string
  /** The segments of the file's path in the library (folders, then the file name); each one valid and bounded. */
  render(values: NamingValues): string[]
}

/**
 * Room kept in a file name for what may be added to its base: a collision suffix (` (12)`) and a
 * sidecar's tags and extension (`.pt-BR.forced.srt`).
 */
const FILE_SUFFIX_ROOM = 48

/** Brackets left empty by a missing value ("Title ()", "[ ]") and the separators they leave. */
const emptyBrackets = /\s*(?:\(\s*\)|\[\s*\]|\{\s*\})/g

function tidy(text: string): string {
  return text
    .replace(emptyBrackets, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s\-_]+|[\s\-_]+$/g, '')
}

/**
 * Checks and compiles a naming template. Tokens are `{title}`, `{year}`, `{tmdbId}`, `{imdbId}`,
 * `{resolution}`, `{edition}` and `{ext}`; `/` separates folders; a token whose value is unknown
 * renders empty and the brackets around it go ("{title} ({year})" without year → "Title").
 * @throws WatcherOptionsInvalidError for an unknown token, a template not ending in `{ext}`, an
 *   absolute path, or a `.` / `..` segment.
 */
export function compileTemplate(source: string): NamingTemplate {
  if (typeof source !== 'string' || source.trim() === '') throw new WatcherOptionsInvalidError('template', 'it is empty')
  for (const match of source.matchAll(/\{([^{}]*)\}/g)) {
    if (!(namingTokens as readonly string[]).includes(match[1] ?? '')) {
      throw new WatcherOptionsInvalidError('template', `unknown token {${match[1]}} (known: ${namingTokens.map((token) => `{${token}}`).join(', ')})`)
    }
  }
  if (!source.endsWith('{ext}')) throw new WatcherOptionsInvalidError('template', 'it must end with {ext}, or files would lose their extension')
  if (/^(?:[\\/]|[A-Za-z]:)/.test(source)) throw new WatcherOptionsInvalidError('template', 'it must be relative to the library, not an absolute path')
  const parts = source.split(/[\\/]/)
  if (parts.some((part) => part.trim() === '.' || part.trim() === '..')) {
    throw new WatcherOptionsInvalidError('template', 'a "." or ".." segment would leave the movie folder')
  }
  if (parts.some((part) => part.trim() === '')) throw new WatcherOptionsInvalidError('template', 'it has an empty folder name')
  return {
    source,
    render(values) {
      return parts.map((part, index) => renderPart(part, values, index === parts.length - 1))
    },
  }
}

function fill(part: string, values: NamingValues, withoutExt: boolean): string {
  return part.replace(/\{([^{}]*)\}/g, (_, token: keyof NamingValues) => {
    if (token === 'ext') return withoutExt ? '' : values.ext
    const value = values[token]
    return value === undefined ? '' : safeValue(String(value))
  })
}

function renderPart(part: string, values: NamingValues, isFile: boolean): string {
  if (!isFile) return safeSegment(tidy(fill(part, values, true)))
  const base = safeSegment(tidy(fill(part, values, true)), MAX_SEGMENT_BYTES - FILE_SUFFIX_ROOM - byteLength(values.ext))
  // A file named only by its extension (".mkv") would be hidden: the base always has a name.
  return `${base}${truncateBytes(values.ext, FILE_SUFFIX_ROOM)}`
}
