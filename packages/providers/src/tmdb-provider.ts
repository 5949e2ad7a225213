import { InvalidIdError } from '@cinelayer/core'
import type { z } from 'zod'
import { identityProblem } from './answer-checks.js'
import { type DataProvider, type DataRequest, type QueryValue, requestKey } from './data-provider.js'
import { ProviderInputError, ProviderResponseError } from './errors.js'
import {
  type TmdbChangesPage,
  TmdbChangesPageSchema,
  type TmdbConfiguration,
  TmdbConfigurationSchema,
  type TmdbFindResult,
  TmdbFindResultSchema,
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
  /** Keeps only movies first released that year (sent as TMDB's `primary_release_year`). Default: any year. */
  year?: number
  /** Page of results, from 1. Default `1`. */
  page?: number
}

/** Window of {@link TmdbProvider.trending}. */
export type TmdbTrendingWindow = 'day' | 'week'

/** Options of {@link TmdbProvider.changes}. */
export interface TmdbChangesOptions extends Pick<TmdbCallOptions, 'signal'> {
  /** First day of the window (`YYYY-MM-DD` or a Date, read in UTC). Default: TMDB's, the day before `endDate`. */
  startDate?: string | Date
  /** Last day of the window, at most 14 days after `startDate`. Default: TMDB's, today. */
  endDate?: string | Date
  /** Page of results, from 1. Default `1`. */
  page?: number
}

/** Sections a person call appends unless told otherwise. */
export const defaultPersonAppend: readonly string[] = ['movie_credits', 'external_ids']

function assertTmdbId(kind: 'movie' | 'person', id: number): void {
  if (!Number.isInteger(id) || id <= 0) throw new InvalidIdError(kind, id, 'a TMDB id is a positive integer')
}

function assertPage(page: number): void {
  if (!Number.isInteger(page) || page < 1 || page > 500) throw new ProviderInputError('TMDB page', page, 'TMDB pages run from 1 to 500')
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 24 * 60 * 60 * 1000
// TMDB refuses a changes window longer than 14 days.
const MAX_CHANGES_DAYS = 14

function dayOf(what: string, value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined
  const day = typeof value === 'string' ? value : Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (!isoDay.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new ProviderInputError(what, value, 'expected a YYYY-MM-DD day or a valid Date')
  return day
}

function assertWindow(start: string | undefined, end: string | undefined): void {
  if (start === undefined || end === undefined) return
  const days = (Date.parse(end) - Date.parse(start)) / DAY_MS
  if (days < 0) throw new ProviderInputError('TMDB changes window', { start, end }, 'it ends before it starts')
  if (days > MAX_CHANGES_DAYS) throw new ProviderInputError('TMDB changes window', { start, end }, `TMDB serves at most ${MAX_CHANGES_DAYS} days`)
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1800 || year > 9999) throw new ProviderInputError('release year', year, 'expected a four-digit year')
}

// TMDB file paths are one segment (`/jSziioSwPVrOy9Yow3XhWIBDjq1.jpg`); anything else could leave the image folder.
const imageFile = /^\/[\w-]+\.(jpg|jpeg|png|svg|webp)$/i

/** `/<size>/<file>` after checking both against the configuration. */
function imagePath(images: TmdbConfiguration['images'], path: string, size: string): string {
  if (typeof path !== 'string' || !imageFile.test(path)) throw new ProviderInputError('TMDB image path', path, 'expected "/<file>.<jpg|png|svg|webp>"')
  const sizes = new Set([...images.backdrop_sizes, ...images.logo_sizes, ...images.poster_sizes, ...images.profile_sizes, ...(images.still_sizes ?? [])])
  if (!sizes.has(size)) throw new ProviderInputError('TMDB image size', size, `TMDB serves ${[...sizes].join(', ')}`)
  return `/${size}${path}`
}

function appendParam(append: readonly string[] | undefined): string | undefined {
  return append && append.length > 0 ? append.join(',') : undefined
}

/**
 * The TMDB API (v3) as cinelayer reads it: movie with `append_to_response`, person with movie
 * credits, search, find by IMDb id, trending, discover, changes, configuration and images. Every
 * answer is validated at the boundary; a body without what we read is a {@link ProviderResponseError}.
 */
export class TmdbProvider {
  /** The data provider carrying the requests. */
  readonly data: DataProvider
  /** Default language of the calls. */
  readonly language: string
  #configuration: Promise<TmdbConfiguration> | undefined

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

  /** Movies whose title matches `text`, first released in `year` when given (`primary_release_year`). */
  async searchMovies(text: string, options: TmdbSearchOptions = {}): Promise<TmdbMoviePage> {
    const wanted = text.trim()
    if (wanted.length === 0) throw new ProviderInputError('TMDB search query', text, 'it is blank')
    const page = options.page ?? 1
    assertPage(page)
    if (options.year !== undefined) assertYear(options.year)
    const query = { language: options.language ?? this.language, page, query: wanted, primary_release_year: options.year }
    return this.#get(TmdbMoviePageSchema, { source: 'tmdb', path: '/3/search/movie', query }, options.signal)
  }

  /** What TMDB knows under an IMDb id (`tt…` for a movie, `nm…` for a person): `/3/find/{id}?external_source=imdb_id`. */
  async find(imdbId: string, options: TmdbCallOptions = {}): Promise<TmdbFindResult> {
    if (typeof imdbId !== 'string' || !/^(tt|nm)\d{7,10}$/.test(imdbId)) throw new InvalidIdError('IMDb', imdbId, 'expected tt or nm followed by 7 to 10 digits')
    const query = { external_source: 'imdb_id', language: options.language ?? this.language }
    return this.#get(TmdbFindResultSchema, { source: 'tmdb', path: `/3/find/${imdbId}`, query }, options.signal)
  }

  /** Ids of the movies changed in a window of at most 14 days (`/3/movie/changes`), one page. */
  async changes(options: TmdbChangesOptions = {}): Promise<TmdbChangesPage> {
    const start = dayOf('TMDB changes start date', options.startDate)
    const end = dayOf('TMDB changes end date', options.endDate)
    assertWindow(start, end)
    const page = options.page ?? 1
    assertPage(page)
    const query = { start_date: start, end_date: end, page }
    return this.#get(TmdbChangesPageSchema, { source: 'tmdb', path: '/3/movie/changes', query }, options.signal)
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

  /** Image base URLs and sizes. Asked once per provider, then answered from memory (a failure is not kept). */
  async configuration(options: Pick<TmdbCallOptions, 'signal'> = {}): Promise<TmdbConfiguration> {
    this.#configuration ??= this.#get(TmdbConfigurationSchema, { source: 'tmdb', path: '/3/configuration' }, options.signal).catch((error: unknown) => {
      this.#configuration = undefined
      throw error
    })
    return this.#configuration
  }

  /**
   * The URL of an image (`/abc.jpg` from a movie's `poster_path` or `images`) in one of the sizes the
   * configuration lists (`w500`, `original`...), on its secure base URL. Default size `'original'`.
   * @throws ProviderInputError for a malformed path or a size TMDB does not serve.
   */
  async imageUrl(path: string, size = 'original', options: Pick<TmdbCallOptions, 'signal'> = {}): Promise<string> {
    const { images } = await this.configuration(options)
    return `${images.secure_base_url.replace(/\/+$/, '')}${imagePath(images, path, size)}`
  }

  /**
   * Downloads an image in one of the configured sizes through the data provider (source
   * `tmdb-image`, read as bytes), so it is replayed and recorded like any other answer.
   * Default size `'original'`.
   * @throws ProviderInputError for a malformed path or an unknown size; ProviderResponseError when
   *   the answer is not bytes.
   */
  async downloadImage(path: string, size = 'original', options: Pick<TmdbCallOptions, 'signal'> = {}): Promise<Uint8Array> {
    const { images } = await this.configuration(options)
    const base = new URL(images.secure_base_url)
    const request: DataRequest = { source: 'tmdb-image', path: `${base.pathname.replace(/\/+$/, '')}${imagePath(images, path, size)}`, responseType: 'arrayBuffer' }
    const body = await this.data.request<unknown>(request, options.signal ? { signal: options.signal } : {})
    if (body instanceof ArrayBuffer) return new Uint8Array(body)
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
    throw new ProviderResponseError(requestKey(request), 'expected the bytes of an image')
  }

  /** Requests, validates, and checks every appended section came back (TMDB drops unknown ones silently). */
  async #get<S extends z.ZodType>(schema: S, request: DataRequest, signal: AbortSignal | undefined, append: readonly string[] = []): Promise<z.infer<S>> {
    const body = await this.data.request(request, signal ? { signal } : {})
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw new ProviderResponseError(requestKey(request), describeIssues(parsed.error), parsed.error)
    const mismatch = identityProblem(request, parsed.data)
    if (mismatch) throw new ProviderResponseError(requestKey(request), mismatch)
    const missing = append.filter((section) => (parsed.data as Record<string, unknown>)[section] === undefined)
    if (missing.length > 0) throw new ProviderResponseError(requestKey(request), `the appended section(s) ${missing.join(', ')} are missing`)
    return parsed.data
  }
}
