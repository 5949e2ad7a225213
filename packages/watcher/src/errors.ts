import { CinelayerError } from '@cinelayer/core'

/** Codes raised by `@cinelayer/watcher`, with what each means. */
export const watcherErrorCodes = {
  CINELAYER_ERR_WATCHER_NAME_INVALID:
    'A file name or path given to the parser is not usable: not a string, empty, only "." / ".." segments, a NUL byte, longer than 4096 characters or with a name over 1024.',
  CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE:
    'A file name holds no title at all once release tags, site prefixes, ids and the extension are removed (e.g. "[1080p].mkv").',
  CINELAYER_ERR_WATCHER_OPTIONS_INVALID:
    'Watcher options that cannot work: incoming and library overlap, a naming template with an unknown token or a path leaving the library, a negative stability window.',
  CINELAYER_ERR_WATCHER_PATH_UNSAFE:
    'A library path built from a movie and the naming template would leave the library or pass 4000 bytes; the file stays in incoming.',
  CINELAYER_ERR_WATCHER_COLLISION: 'The library already holds a file at the destination and the collision policy is "skip" (or 98 suffixed names are taken too); nothing was overwritten.',
  CINELAYER_ERR_WATCHER_DUPLICATE:
    'A library video matches a movie whose file is elsewhere in the library and still there: a movie has one file, so this copy is left unlinked.',
  CINELAYER_ERR_WATCHER_COPY_MISMATCH:
    'A copy across devices does not have the size or sha256 of its source; the copy was removed and the source kept.',
  CINELAYER_ERR_WATCHER_SOURCE_BUSY:
    'A file is still being written (a process holds it open for writing, or its size or modification time changed while it was copied): it is kept in incoming, any copy removed, and tried again later.',
  CINELAYER_ERR_WATCHER_SYMLINK:
    'A symbolic link in incoming or the library (or a path through one): links are neither followed nor moved, so nothing outside incoming is pulled in and no relative link dangles; each is reported once.',
  CINELAYER_ERR_WATCHER_MATCH_FAILED:
    'The engine could not match a file (a provider failed or had no answer); the file stays in incoming and is tried again on the next start.',
  CINELAYER_ERR_WATCHER_MOVE_FAILED: 'The file system refused a step of a move (stat, rename, copy, remove); the file stays where it was.',
  CINELAYER_ERR_WATCHER_RESOLVE_INVALID:
    'resolve() names no stored movie with a file (unknown id or path), or the movie\'s file is no longer where the store says.',
} as const

/** A code of {@link watcherErrorCodes}. */
export type WatcherErrorCode = keyof typeof watcherErrorCodes

/** Why a name was refused by {@link InvalidVideoNameError}. */
export type InvalidVideoNameReason = 'not-a-string' | 'empty' | 'nul-byte' | 'too-long' | 'no-name-segment'

/** Shows at most this much of a refused name in messages, so a 4 KB input does not flood a log line. */
const SHOWN_NAME_LENGTH = 120

function shown(name: string): string {
  return JSON.stringify(name.length > SHOWN_NAME_LENGTH ? `${name.slice(0, SHOWN_NAME_LENGTH)}…` : name)
}

/** The input is not a usable file name or path; nothing was parsed. */
export class InvalidVideoNameError extends CinelayerError {
  /** Why the name was refused. */
  readonly reason: InvalidVideoNameReason

  constructor(input: unknown, reason: InvalidVideoNameReason, explanation: string) {
    const name = typeof input === 'string' ? shown(input) : `a ${input === null ? 'null' : typeof input}`
    super('CINELAYER_ERR_WATCHER_NAME_INVALID', `Cannot parse video name ${name}: ${explanation}`, {
      details: { reason, length: typeof input === 'string' ? input.length : undefined },
    })
    this.reason = reason
  }
}

/** The name was read, but nothing in it can serve as a title. */
export class UnparseableVideoNameError extends CinelayerError {
  /** Ids written in the name, which may still identify the movie ("{tmdb-603}.mkv"). */
  readonly ids: { imdbId?: string; tmdbId?: number }

  constructor(input: string, ids: { imdbId?: string | undefined; tmdbId?: number | undefined } = {}) {
    super(
      'CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE',
      `No title found in video name ${shown(input)}: only release tags, ids, an extension or punctuation remain`,
      { details: { length: input.length, ...ids } },
    )
    this.ids = {
      ...(ids.imdbId === undefined ? {} : { imdbId: ids.imdbId }),
      ...(ids.tmdbId === undefined ? {} : { tmdbId: ids.tmdbId }),
    }
  }
}

/** Options of the library watcher that cannot work. */
export class WatcherOptionsInvalidError extends CinelayerError {
  constructor(option: string, explanation: string) {
    super('CINELAYER_ERR_WATCHER_OPTIONS_INVALID', `Invalid watcher option "${option}": ${explanation}`, { details: { option } })
  }
}

/** Why organizing a file into the library failed, as events and errors report it. */
export type OrganizeFailureReason =
  | 'unparseable'
  | 'match-failed'
  | 'unmatched'
  | 'path-unsafe'
  | 'collision'
  | 'duplicate'
  | 'copy-mismatch'
  | 'move-failed'
  | 'source-busy'
  | 'symlink'

/** A failure to organize one file: the file stays where it was. `reason` is the short word events carry. */
export class OrganizeFailedError extends CinelayerError {
  /** The short word `VideoOrganizeFailed` events carry. */
  readonly reason: OrganizeFailureReason

  constructor(
    code: Exclude<WatcherErrorCode, 'CINELAYER_ERR_WATCHER_NAME_INVALID' | 'CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE' | 'CINELAYER_ERR_WATCHER_OPTIONS_INVALID' | 'CINELAYER_ERR_WATCHER_RESOLVE_INVALID'>,
    reason: OrganizeFailureReason,
    path: string,
    explanation: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, `Cannot organize ${JSON.stringify(path)}: ${explanation}`, { ...options, details: { path, reason, ...options.details } })
    this.reason = reason
  }
}

/** `resolve()` was given an id or path that names no stored movie with a file to organize. */
export class ResolveInvalidError extends CinelayerError {
  constructor(target: string, explanation: string, cause?: unknown) {
    super('CINELAYER_ERR_WATCHER_RESOLVE_INVALID', `Cannot resolve ${JSON.stringify(shownTarget(target))}: ${explanation}`, {
      cause,
      details: { target: shownTarget(target) },
    })
  }
}

function shownTarget(target: string): string {
  return target.length > SHOWN_NAME_LENGTH ? `${target.slice(0, SHOWN_NAME_LENGTH)}…` : target
}
