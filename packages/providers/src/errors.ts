import { CinelayerError } from '@cinelayer/core'

/** Codes raised by `@cinelayer/providers`, with what each means. Kept in step with the package README by a test. */
export const providersErrorCodes = {
  CINELAYER_ERR_REPLAY_MISS: 'No recorded response answers the request (neither exactly nor through a wider append_to_response).',
  CINELAYER_ERR_REPLAY_DATASET_INVALID: 'A replay folder cannot be read, or one of its entries is not valid JSON in the replay entry format.',
  CINELAYER_ERR_PROVIDER_HTTP: 'The source answered with a non-2xx status.',
  CINELAYER_ERR_PROVIDER_RESPONSE_INVALID: 'A response body does not have the shape the provider reads (a field it needs is missing or of the wrong type).',
  CINELAYER_ERR_PROVIDER_INPUT_INVALID: 'An argument of a provider call is out of range or blank (a page number, a search text, a window).',
  CINELAYER_ERR_PROVIDER_ABORTED: 'The request was aborted through its signal before it was answered.',
  CINELAYER_ERR_TMDB_ID_MISSING: 'A movie has no TMDB id, so the TMDB enricher cannot ask for it.',
} as const

/** A code of {@link providersErrorCodes}. */
export type ProvidersErrorCode = keyof typeof providersErrorCodes

/** No recorded response answers the request. The message names the request key (secrets are never part of it). */
export class ReplayMissError extends CinelayerError {
  /** The normalized request key that was looked up. */
  readonly key: string

  constructor(key: string, provider: string) {
    super('CINELAYER_ERR_REPLAY_MISS', `${provider}: no recorded response for "${key}"`, { details: { key, provider } })
    this.key = key
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

  constructor(key: string, status: number, options: { cause?: unknown; statusMessage?: string } = {}) {
    const why = options.statusMessage ? ` (${options.statusMessage})` : ''
    super('CINELAYER_ERR_PROVIDER_HTTP', `"${key}" was answered with HTTP ${status}${why}`, { cause: options.cause, details: { key, status } })
    this.status = status
    this.key = key
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
