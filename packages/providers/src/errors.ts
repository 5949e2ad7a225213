import { CinelayerError } from '@cinelayer/core'
import { type RecordedMovie, describeRecordedMovies } from './replay-catalog.js'

/** Codes raised by `@cinelayer/providers`, with what each means. Kept in step with the package README by a test. */
export const providersErrorCodes = {
  CINELAYER_ERR_REPLAY_MISS: 'No recorded response answers the request (neither exactly nor through a wider append_to_response).',
  CINELAYER_ERR_REPLAY_DATASET_INVALID: 'A replay folder cannot be read, or one of its entries is not valid JSON in the replay entry format.',
  CINELAYER_ERR_PROVIDER_HTTP: 'The source answered with a non-2xx status.',
  CINELAYER_ERR_PROVIDER_RESPONSE_INVALID: 'A response body does not have the shape the provider reads (a field it needs is missing or of the wrong type).',
  CINELAYER_ERR_PROVIDER_INPUT_INVALID: 'An argument of a provider call is out of range or blank (a page number, a search text, a window).',
  CINELAYER_ERR_PROVIDER_ABORTED: 'The request was aborted through its signal before it was answered.',
  CINELAYER_ERR_TMDB_ID_MISSING: 'A movie has no TMDB id, so the TMDB enricher cannot ask for it.',
  CINELAYER_ERR_OMDB_REFUSED: 'OMDb answered Response "False" with an error other than not-found (an invalid key, a request limit reached).',
  CINELAYER_ERR_IMDB_DATASET_INVALID: 'The IMDb ratings dataset file cannot be read, or it is not a title.ratings.tsv(.gz) (header or a line malformed).',
  CINELAYER_ERR_PROVIDER_TIMEOUT: 'The source did not answer within the per-request timeout, on every attempt allowed.',
  CINELAYER_ERR_PROVIDER_NETWORK: 'The source could not be reached (connection refused, reset, DNS), on every attempt allowed.',
  CINELAYER_ERR_PROVIDER_OPTIONS_INVALID: 'Options of a data provider are unusable: a source without a base URL, a rate or timeout out of range.',
  CINELAYER_ERR_RECORDING_FAILED: 'A fetched answer could not be written to the recording folder; nothing was half-written.',
  CINELAYER_ERR_RECORDING_TOO_LARGE: 'A fetched answer is larger than the recording limit (maxBodyBytes): it was neither recorded nor used.',
} as const

/** A code of {@link providersErrorCodes}. */
export type ProvidersErrorCode = keyof typeof providersErrorCodes

/**
 * No recorded response answers the request. The message names the request key (secrets are never
 * part of it) and the movies the replay data does hold, with their recorded sections, so that the
 * next try can pick one.
 */
export class ReplayMissError extends CinelayerError {
  /** The normalized request key that was looked up. */
  readonly key: string
  /** The movies the replay data holds (empty when it holds none, or the caller did not say). */
  readonly recordedMovies: readonly RecordedMovie[]

  constructor(key: string, provider: string, recordedMovies: readonly RecordedMovie[] = []) {
    super('CINELAYER_ERR_REPLAY_MISS', `${provider}: no recorded response for "${key}"${describeRecordedMovies(recordedMovies, key)}`, {
      details: { key, provider, recordedMovies: recordedMovies.map((movie) => movie.id) },
    })
    this.key = key
    this.recordedMovies = recordedMovies
  }
}

/** A replay folder or entry that cannot be used. The message names the file (or `entries[i]`). */
export class ReplayDatasetError extends CinelayerError {
  /** The file path, or `entries[<index>]` for in-memory entries. */
  readonly file: string

  constructor(file: string, reason: string, cause?: unknown) {
    super('CINELAYER_ERR_REPLAY_DATASET_INVALID', `Invalid replay data in ${file}: ${reason}`, { cause, details: { file } })
    this.file = file
  }
}

/** The source answered with a non-2xx status. */
export class ProviderHttpError extends CinelayerError {
  /** HTTP status of the answer, e.g. 404. */
  readonly status: number
  /** The normalized request key. */
  readonly key: string
  /** Attempts made before giving up (1 when the status is not retried, or for a replayed answer). */
  readonly attempts: number
  /** The source's own explanation (TMDB's `status_message`), when it gave one. */
  readonly statusMessage: string | undefined

  constructor(key: string, status: number, options: { cause?: unknown; statusMessage?: string; attempts?: number } = {}) {
    const why = options.statusMessage ? ` (${options.statusMessage})` : ''
    const attempts = options.attempts ?? 1
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    super('CINELAYER_ERR_PROVIDER_HTTP', `"${key}" was answered with HTTP ${status}${why}${tries}`, { cause: options.cause, details: { key, status, attempts } })
    this.status = status
    this.key = key
    this.attempts = attempts
    this.statusMessage = options.statusMessage
  }
}

/** A response body the provider cannot read. The zod error is the cause. */
export class ProviderResponseError extends CinelayerError {
  /** The normalized request key whose answer was malformed. */
  readonly key: string

  constructor(key: string, reason: string, cause?: unknown) {
    super('CINELAYER_ERR_PROVIDER_RESPONSE_INVALID', `The response to "${key}" is malformed: ${reason}`, { cause, details: { key } })
    this.key = key
  }
}

/** An argument of a provider call that cannot be sent (blank search text, page out of range...). */
export class ProviderInputError extends CinelayerError {
  constructor(what: string, value: unknown, reason: string) {
    super('CINELAYER_ERR_PROVIDER_INPUT_INVALID', `Invalid ${what} ${JSON.stringify(value)}: ${reason}`, { details: { what, value } })
  }
}

/** The request was aborted through its `AbortSignal`; the signal's reason is the cause. */
export class RequestAbortedError extends CinelayerError {
  /** The normalized request key. */
  readonly key: string

  constructor(key: string, cause: unknown) {
    super('CINELAYER_ERR_PROVIDER_ABORTED', `"${key}" was aborted`, { cause, details: { key } })
    this.key = key
  }
}

/** The TMDB enricher was given a movie without `ids.tmdb`. */
export class TmdbIdMissingError extends CinelayerError {
  constructor(movieId: string) {
    super('CINELAYER_ERR_TMDB_ID_MISSING', `Movie ${movieId} has no TMDB id (ids.tmdb); it cannot be enriched from TMDB`, { details: { movieId } })
  }
}

/** No answer within the per-request timeout, on every attempt allowed. */
export class ProviderTimeoutError extends CinelayerError {
  /** The normalized request key (credentials removed). */
  readonly key: string
  /** Attempts made, each cut off after `timeoutMs`. */
  readonly attempts: number
  /** The per-request timeout in force, in milliseconds. */
  readonly timeoutMs: number

  constructor(key: string, timeoutMs: number, attempts: number) {
    super('CINELAYER_ERR_PROVIDER_TIMEOUT', `"${key}" got no answer within ${timeoutMs} ms (${attempts} attempt${attempts > 1 ? 's' : ''})`, {
      details: { key, timeoutMs, attempts },
    })
    this.key = key
    this.attempts = attempts
    this.timeoutMs = timeoutMs
  }
}

/**
 * The source could not be reached. The cause is a copy of the transport error with credentials
 * removed from its message (the original holds the full URL and headers, so it is never kept).
 */
export class ProviderNetworkError extends CinelayerError {
  /** The normalized request key (credentials removed). */
  readonly key: string
  /** Attempts made. */
  readonly attempts: number

  constructor(key: string, attempts: number, cause: Error) {
    super('CINELAYER_ERR_PROVIDER_NETWORK', `"${key}" could not reach the source (${cause.message}; ${attempts} attempt${attempts > 1 ? 's' : ''})`, {
      cause,
      details: { key, attempts },
    })
    this.key = key
    this.attempts = attempts
  }
}

/** Options a data provider cannot work with. The message names the option. */
export class ProviderOptionsError extends CinelayerError {
  constructor(option: string, reason: string) {
    super('CINELAYER_ERR_PROVIDER_OPTIONS_INVALID', `Invalid data provider option ${option}: ${reason}`, { details: { option } })
  }
}

/** A fetched answer could not be recorded. The message names the file; no partial file is left. */
export class RecordingError extends CinelayerError {
  /** The entry file that could not be written. */
  readonly file: string

  constructor(file: string, key: string, cause: unknown) {
    super('CINELAYER_ERR_RECORDING_FAILED', `The answer to "${key}" could not be recorded in ${file}`, { cause, details: { file, key } })
    this.file = file
  }
}

/** A fetched answer past the size a recording may have: it is neither written nor returned. */
export class RecordingTooLargeError extends CinelayerError {
  /** Size of the answer's body, in bytes. */
  readonly bytes: number
  /** The limit in force (`maxBodyBytes`). */
  readonly limit: number

  constructor(key: string, bytes: number, limit: number) {
    super(
      'CINELAYER_ERR_RECORDING_TOO_LARGE',
      `The answer to "${key}" is ${bytes} bytes, over the recording limit of ${limit} bytes (maxBodyBytes): a movie's answer is a few hundred kilobytes, so this one is not recorded, nor used`,
      { details: { key, bytes, limit } },
    )
    this.bytes = bytes
    this.limit = limit
  }
}

/** OMDb refused a request (`Response: "False"` with an error such as an invalid key or a reached limit). */
export class OmdbRefusedError extends CinelayerError {
  /** The normalized request key (the key itself is never part of it). */
  readonly key: string

  constructor(key: string, reason: string) {
    super('CINELAYER_ERR_OMDB_REFUSED', `OMDb refused "${key}": ${reason}`, { details: { key, reason } })
    this.key = key
  }
}

/** The IMDb ratings dataset cannot be used. The message names the file and, when known, the line. */
export class ImdbDatasetError extends CinelayerError {
  /** Path of the dataset file. */
  readonly file: string

  constructor(file: string, reason: string, cause?: unknown) {
    super('CINELAYER_ERR_IMDB_DATASET_INVALID', `Invalid IMDb ratings dataset ${file}: ${reason}`, { cause, details: { file } })
    this.file = file
  }
}
