import { CinelayerError } from '@cinelayer/core'

/** Codes raised by `@cinelayer/watcher`, with what each means. */
export const watcherErrorCodes = {
  CINELAYER_ERR_WATCHER_NAME_INVALID:
    'A file name or path given to the parser is not usable: not a string, empty, only "." / ".." segments, a NUL byte, longer than 4096 characters or with a name over 1024.',
  CINELAYER_ERR_WATCHER_NAME_UNPARSEABLE:
    'A file name holds no title at all once release tags, site prefixes, ids and the extension are removed (e.g. "[1080p].mkv").',
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
