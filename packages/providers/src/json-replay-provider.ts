import { Buffer } from 'node:buffer'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { appendSections, type DataProvider, type DataRequest, type DataRequestOptions, requestKey } from './data-provider.js'
import { ProviderHttpError, ReplayDatasetError, ReplayMissError, RequestAbortedError } from './errors.js'
import { type RecordedMovie, recordedMoviesOf } from './replay-catalog.js'
import { type ReplayEntry, ReplayEntrySchema } from './replay-entry.js'
import { describeIssues } from './zod-issues.js'

/** Options of {@link JsonReplayProvider}: a folder of entry files, or entries in memory. */
export type JsonReplayProviderOptions = (
  | {
      /** Folder of replay entry files (`*.json`, any depth, any names). Read once, on the first request. */
      dir: string
    }
  | {
      /** Replay entries in memory (tests, generated data). */
      entries: readonly ReplayEntry[]
    }
) & {
  /** Name in errors and logs. Default `'json-replay'`. */
  name?: string
}

interface LoadedEntry {
  entry: ReplayEntry
  /** File path, or `entries[i]`: what errors name. */
  origin: string
  sections: readonly string[]
}

interface ReplayIndex {
  exact: Map<string, LoadedEntry>
  /** What a miss lists. */
  movies: readonly RecordedMovie[]
  /** Entries by the key of their request without `append_to_response`. */
  byBase: Map<string, LoadedEntry[]>
}

function withoutAppend(request: DataRequest): DataRequest {
  return { ...request, query: { ...request.query, append_to_response: undefined } }
}

function isSubset(wanted: readonly string[], offered: readonly string[]): boolean {
  return wanted.every((section) => offered.includes(section))
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await listJsonFiles(path)))
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path)
  }
  return found
}

async function readEntryFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new ReplayDatasetError(file, 'the file cannot be read', cause)
  })
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new ReplayDatasetError(file, 'not valid JSON', cause)
  }
}

function validate(raw: unknown, origin: string): LoadedEntry {
  const parsed = ReplayEntrySchema.safeParse(raw)
  if (!parsed.success) throw new ReplayDatasetError(origin, describeIssues(parsed.error), parsed.error)
  return { entry: parsed.data, origin, sections: appendSections(parsed.data.request.query?.append_to_response) }
}

function buildIndex(loaded: readonly LoadedEntry[]): ReplayIndex {
  const index: ReplayIndex = { exact: new Map(), byBase: new Map(), movies: recordedMoviesOf(loaded) }
  for (const item of loaded) {
    const key = requestKey(item.entry.request)
    const twin = index.exact.get(key)
    if (twin) throw new ReplayDatasetError(item.origin, `it answers "${key}", already answered by ${twin.origin}`)
    index.exact.set(key, item)
    const base = requestKey(withoutAppend(item.entry.request))
    index.byBase.set(base, [...(index.byBase.get(base) ?? []), item])
  }
  return index
}

/**
 * The narrowest entry whose `append_to_response` covers the requested sections, for the same
 * source, path and other parameters. TMDB answers an append with every section under its own
 * top-level key, so a wider recorded answer holds every narrower one.
 */
function findAppendMatch(index: ReplayIndex, request: DataRequest): LoadedEntry | undefined {
  const wanted = appendSections(request.query?.append_to_response)
  const candidates = index.byBase.get(requestKey(withoutAppend(request))) ?? []
  return candidates.filter((item) => isSubset(wanted, item.sections)).sort((a, b) => a.sections.length - b.sections.length)[0]
}

function trimSections(body: unknown, unwanted: readonly string[]): unknown {
  if (unwanted.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) return body
  const trimmed: Record<string, unknown> = { ...(body as Record<string, unknown>) }
  for (const section of unwanted) delete trimmed[section]
  return trimmed
}

/** The recorded bytes of a binary answer, as a fresh `ArrayBuffer`. */
function bytesOf(found: LoadedEntry): ArrayBuffer {
  const base64 = found.entry.response.bodyBase64
  if (base64 === undefined) throw new ReplayDatasetError(found.origin, 'a binary request is answered by an entry without bodyBase64')
  const bytes = Buffer.from(base64, 'base64')
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

function statusMessageOf(body: unknown): string | undefined {
  const message = (body as { status_message?: unknown } | null)?.status_message
  return typeof message === 'string' ? message : undefined
}

/**
 * Answers requests from recorded responses: no key, no network. A request is answered by the entry
 * with the same key, or else by an entry that asked for more `append_to_response` sections (the
 * extra sections are removed from the answer). Anything else is a {@link ReplayMissError}.
 *
 * The entries are read lazily, once, on the first request, so an engine can be created synchronously.
 */
export class JsonReplayProvider implements DataProvider {
  /** Name in errors (default `'json-replay'`). */
  readonly name: string
  readonly #options: JsonReplayProviderOptions
  readonly #counters: Record<string, number> = {}
  #index: Promise<ReplayIndex> | undefined

  constructor(options: JsonReplayProviderOptions) {
    this.#options = options
    this.name = options.name ?? 'json-replay'
  }

  /** The TMDB movies the replay data answers for, with their recorded sections (reads the data on first use). */
  async recordedMovies(): Promise<readonly RecordedMovie[]> {
    return (await this.#load()).movies
  }

  /** Requests answered per source (recorded error statuses included; misses are not answers). */
  get counters(): Readonly<Record<string, number>> {
    return { ...this.#counters }
  }

  /**
   * Answers from the recorded entries (a fresh copy each time).
   * @throws ReplayMissError when nothing recorded answers; ProviderHttpError for a recorded non-2xx
   *   status; ReplayDatasetError when the entries cannot be read; RequestAbortedError when aborted.
   */
  async request<T = unknown>(request: DataRequest, options: DataRequestOptions = {}): Promise<T> {
    const key = requestKey(request)
    if (options.signal?.aborted) throw new RequestAbortedError(key, options.signal.reason)
    const index = await this.#load()
    if (options.signal?.aborted) throw new RequestAbortedError(key, options.signal.reason)
    const exact = index.exact.get(key)
    const found = exact ?? findAppendMatch(index, request)
    if (!found) throw new ReplayMissError(key, this.name, index.movies)
    this.#counters[request.source] = (this.#counters[request.source] ?? 0) + 1
    const { status, body } = found.entry.response
    if (status < 200 || status > 299) throw new ProviderHttpError(key, status, { statusMessage: statusMessageOf(body) })
    if (request.responseType === 'arrayBuffer') return bytesOf(found) as T
    const wanted = appendSections(request.query?.append_to_response)
    const unwanted = exact ? [] : found.sections.filter((section) => !wanted.includes(section))
    // A copy: callers may mutate what they get without corrupting later answers.
    return structuredClone(trimSections(body, unwanted)) as T
  }

  #load(): Promise<ReplayIndex> {
    this.#index ??= this.#read().catch((error: unknown) => {
      // Not cached: a dataset fixed on disk is read again on the next request.
      this.#index = undefined
      throw error
    })
    return this.#index
  }

  async #read(): Promise<ReplayIndex> {
    if ('entries' in this.#options) return buildIndex(this.#options.entries.map((entry, i) => validate(entry, `entries[${i}]`)))
    const { dir } = this.#options
    const files = await listJsonFiles(dir).catch((cause: unknown) => {
      throw new ReplayDatasetError(dir, 'the folder cannot be read', cause)
    })
    const loaded: LoadedEntry[] = []
    for (const file of files) loaded.push(validate(await readEntryFile(file), file))
    return buildIndex(loaded)
  }
}
