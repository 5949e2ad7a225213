import { InvalidIdError } from '@cinelayer/core'
import { type DataProvider, type DataRequest, requestKey } from './data-provider.js'
import { OmdbRefusedError, ProviderInputError, ProviderResponseError } from './errors.js'
import { type ImdbRating, ImdbRatingsIndex } from './imdb-ratings-index.js'
import { OmdbAnswerSchema, omdbNotFound } from './omdb-schemas.js'
import { validatedRequest } from './validated-request.js'

/**
 * Options of {@link ImdbProvider}: OMDb through a data provider, or IMDb's own ratings dataset.
 * With both, the dataset answers and no request is made.
 */
export interface ImdbProviderOptions {
  /** Carries OMDb requests (source `omdb`; the data provider adds the `apikey`). */
  data?: DataProvider
  /**
   * Path of IMDb's non-commercial `title.ratings.tsv` or `title.ratings.tsv.gz`
   * (https://datasets.imdbws.com/). Read once, streamed, on the first request.
   */
  datasetPath?: string
}

/** Options every IMDb call takes. */
export interface ImdbCallOptions {
  /** Aborts an OMDb call (`CINELAYER_ERR_PROVIDER_ABORTED`). */
  signal?: AbortSignal
}

/** `"8.8"` → 8.8, `"2,345,678"` → 2345678, `"N/A"` → `undefined`; anything else is malformed. */
function parseOmdbNumber(value: string, kind: 'rating' | 'votes', key: string): number | undefined {
  const trimmed = value.trim()
  if (trimmed === 'N/A' || trimmed === '') return undefined
  const pattern = kind === 'rating' ? /^\d{1,2}(\.\d+)?$/ : /^\d{1,3}(,\d{3})*$|^\d+$/
  const number = Number(trimmed.replace(/,/g, ''))
  if (!pattern.test(trimmed) || (kind === 'rating' && number > 10)) throw new ProviderResponseError(key, `imdb${kind === 'rating' ? 'Rating' : 'Votes'}: ${JSON.stringify(value)} is not a ${kind}`)
  return number
}

/**
 * IMDb ratings and votes by IMDb title id: from the OMDb API (`/?i=tt…`) through a data provider,
 * or from IMDb's `title.ratings.tsv(.gz)` indexed once in memory and then answered without I/O.
 */
export class ImdbProvider {
  /** Where the ratings come from. */
  readonly source: 'omdb' | 'dataset'
  readonly #data: DataProvider | undefined
  readonly #datasetPath: string | undefined
  #index: Promise<ImdbRatingsIndex> | undefined

  /** @throws ProviderInputError without `data` nor `datasetPath`. */
  constructor(options: ImdbProviderOptions) {
    if (!options.data && !options.datasetPath) throw new ProviderInputError('IMDb provider options', {}, 'give a data provider (OMDb) or a datasetPath')
    this.#data = options.data
    this.#datasetPath = options.datasetPath
    this.source = options.datasetPath ? 'dataset' : 'omdb'
  }

  /**
   * The rating and votes of a title, or `null` when IMDb has none for it (unknown id, `N/A`).
   * Votes OMDb reports as `N/A` beside a rating count as 0.
   * @throws InvalidIdError for a malformed id; OmdbRefusedError when OMDb refuses (key, limit);
   *   ProviderResponseError for a malformed answer; ImdbDatasetError when the dataset cannot be read.
   */
  async rating(imdbId: string, options: ImdbCallOptions = {}): Promise<ImdbRating | null> {
    if (typeof imdbId !== 'string' || !/^tt\d{7,10}$/.test(imdbId)) throw new InvalidIdError('IMDb title', imdbId, 'expected tt followed by 7 to 10 digits')
    if (this.#datasetPath !== undefined) return (await this.#loadIndex(this.#datasetPath)).get(imdbId)
    const request: DataRequest = { source: 'omdb', path: '/', query: { i: imdbId } }
    const answer = await validatedRequest(this.#data!, OmdbAnswerSchema, request, options.signal)
    const key = requestKey(request)
    if (answer.Response === 'False') {
      if (omdbNotFound.test(answer.Error)) return null
      throw new OmdbRefusedError(key, answer.Error)
    }
    const rating = parseOmdbNumber(answer.imdbRating, 'rating', key)
    return rating === undefined ? null : { rating, votes: parseOmdbNumber(answer.imdbVotes, 'votes', key) ?? 0 }
  }

  #loadIndex(path: string): Promise<ImdbRatingsIndex> {
    this.#index ??= ImdbRatingsIndex.load(path).catch((error: unknown) => {
      // Not kept: a dataset fixed or downloaded later is read on the next call.
      this.#index = undefined
      throw error
    })
    return this.#index
  }
}
