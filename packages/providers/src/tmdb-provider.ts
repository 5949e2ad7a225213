import { InvalidIdError } from '@cinelayer/core'
import type { z } from 'zod'
import { type DataProvider, type DataRequest, type QueryValue, requestKey } from './data-provider.js'
import { ProviderInputError, ProviderResponseError } from './errors.js'
import {
  type TmdbConfiguration,
  TmdbConfigurationSchema,
  type TmdbMovie,
  type TmdbMoviePage,
  TmdbMoviePageSchema,
  TmdbMovieSchema,
  type TmdbPerson,
  TmdbPersonSchema,
} from './tmdb-schemas.js'
import { describeIssues } from './zod-issues.js'

/** Options of {@link TmdbProvider}. */
export interface TmdbProviderOptions {
  /** Carries the requests: replay, live HTTP or hybrid. */
  data: DataProvider
  /** Language of the metadata asked from TMDB. Default `'en-US'`. */
  language?: string
}

/** Options every TMDB call takes. */
export interface TmdbCallOptions {
  /** Overrides the provider's language for this call. Default: the provider's `language`. */
  language?: string
  /** Aborts the call (`CINELAYER_ERR_PROVIDER_ABORTED`). */
  signal?: AbortSignal
}

/** Options of {@link TmdbProvider.movie} and {@link TmdbProvider.person}. */
export interface TmdbAppendOptions extends TmdbCallOptions {
  /**
   * Sections fetched in the same call (`append_to_response`), e.g. `['credits', 'images']`.
   * Default: none for `movie()`, {@link defaultPersonAppend} for `person()`.
   */
  append?: readonly string[]
}

/** Options of {@link TmdbProvider.searchMovies}. */
export interface TmdbSearchOptions extends TmdbCallOptions {
  /** Keeps only movies released that year (filtered on the results of the page). */
  year?: number
  /** Page of results, from 1. Default `1`. */
  page?: number
}

/** Window of {@link TmdbProvider.trending}. */
export type TmdbTrendingWindow = 'day' | 'week'

/** Sections a person call appends unless told otherwise. */
export const defaultPersonAppend: readonly string[] = ['movie_credits', 'external_ids']

function assertTmdbId(kind: 'movie' | 'person', id: number): void {
  if (!Number.isInteger(id) || id <= 0) throw new InvalidIdError(kind, id, 'a TMDB id is a positive integer')
}

function assertPage(page: number): void {
  if (!Number.isInteger(page) || page < 1 || page > 500) throw new ProviderInputError('TMDB page', page, 'TMDB pages run from 1 to 500')
}

function appendParam(append: readonly string[] | undefined): string | undefined {
  return append && append.length > 0 ? append.join(',') : undefined
}

/**
 * The TMDB API (v3) as cinelayer reads it: movie with `append_to_response`, person with movie
 * credits, search, trending, discover and configuration. Every answer is validated at the
 * boundary; a body without what we read is a {@link ProviderResponseError}.
 */
export class TmdbProvider {
  /** The data provider carrying the requests. */
  readonly data: DataProvider
  /** Default language of the calls. */
  readonly language: string

  constructor(options: TmdbProviderOptions) {
    this.data = options.data
    this.language = options.language ?? 'en-US'
  }

  /** A movie with the `append` sections (none by default). */
  async movie(id: number, options: TmdbAppendOptions = {}): Promise<TmdbMovie> {
    assertTmdbId('movie', id)
    const query = { language: options.language ?? this.language, append_to_response: appendParam(options.append) }
    return this.#get(TmdbMovieSchema, { source: 'tmdb', path: `/3/movie/${id}`, query }, options.signal, options.append)
  }

  /** A person with the `append` sections. Default append {@link defaultPersonAppend}. */
  async person(id: number, options: TmdbAppendOptions = {}): Promise<TmdbPerson> {
    assertTmdbId('person', id)
    const append = options.append ?? defaultPersonAppend
    const query = { language: options.language ?? this.language, append_to_response: appendParam(append) }
    return this.#get(TmdbPersonSchema, { source: 'tmdb', path: `/3/person/${id}`, query }, options.signal, append)
  }

  /**
   * Movies whose title matches `text`. With `year`, only the page's movies released that year are
   * kept (`total_results` and `total_pages` stay TMDB's counts for the whole query).
   */
  async searchMovies(text: string, options: TmdbSearchOptions = {}): Promise<TmdbMoviePage> {
    const wanted = text.trim()
    if (wanted.length === 0) throw new ProviderInputError('TMDB search query', text, 'it is blank')
    const page = options.page ?? 1
    assertPage(page)
    const query = { language: options.language ?? this.language, page, query: wanted }
    const found = await this.#get(TmdbMoviePageSchema, { source: 'tmdb', path: '/3/search/movie', query }, options.signal)
    if (options.year === undefined) return found
    const year = String(options.year)
    return { ...found, results: found.results.filter((movie) => movie.release_date?.slice(0, 4) === year) }
  }

  /** Movies trending over the last day or week. Default window `'week'`. */
  async trending(window: TmdbTrendingWindow = 'week', options: TmdbCallOptions & { page?: number } = {}): Promise<TmdbMoviePage> {
    if (window !== 'day' && window !== 'week') throw new ProviderInputError('TMDB trending window', window, 'expected "day" or "week"')
    const page = options.page ?? 1
    assertPage(page)
    const query = { language: options.language ?? this.language, page }
    return this.#get(TmdbMoviePageSchema, { source: 'tmdb', path: `/3/trending/movie/${window}`, query }, options.signal)
  }

  /** Movies matching TMDB discover filters (`sort_by`, `with_genres`, `primary_release_year`...). Default page `1`. */
  async discover(params: Record<string, QueryValue> = {}, options: TmdbCallOptions = {}): Promise<TmdbMoviePage> {
    const page = params.page ?? 1
    assertPage(Number(page))
    const query = { language: options.language ?? this.language, ...params, page }
    return this.#get(TmdbMoviePageSchema, { source: 'tmdb', path: '/3/discover/movie', query }, options.signal)
  }

  /** Image base URLs and sizes. */
  async configuration(options: Pick<TmdbCallOptions, 'signal'> = {}): Promise<TmdbConfiguration> {
    return this.#get(TmdbConfigurationSchema, { source: 'tmdb', path: '/3/configuration' }, options.signal)
  }

  /** Requests, validates, and checks every appended section came back (TMDB drops unknown ones silently). */
  async #get<S extends z.ZodType>(schema: S, request: DataRequest, signal: AbortSignal | undefined, append: readonly string[] = []): Promise<z.infer<S>> {
    const body = await this.data.request(request, signal ? { signal } : {})
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw new ProviderResponseError(requestKey(request), describeIssues(parsed.error), parsed.error)
    const missing = append.filter((section) => (parsed.data as Record<string, unknown>)[section] === undefined)
    if (missing.length > 0) throw new ProviderResponseError(requestKey(request), `the appended section(s) ${missing.join(', ')} are missing`)
    return parsed.data
  }
}
