import { createHash, randomUUID } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { type Clock, systemClock } from '@cinelayer/core'
import { type DataProvider, type DataRequest, type DataRequestOptions, type HttpSourceTraffic, normalizedQuery, requestKey } from './data-provider.js'
import { answerProblem } from './answer-checks.js'
import { ProviderHttpError, ProviderOptionsError, RecordingError, RecordingTooLargeError } from './errors.js'
import { REDACTED, createRedactor } from './redactor.js'
import type { ReplayEntry } from './replay-entry.js'

/** Options of {@link RecordingProvider}. */
export interface RecordingProviderOptions {
  /** The provider whose answers are recorded, usually an `HttpDataProvider`. */
  live: DataProvider
  /** Folder the entries are written to, one JSON file per request (created when missing). */
  dir: string
  /**
   * Strings that must never be written (the credentials given to `live`): found in an answer, they
   * are replaced by `[redacted]`. Query credentials (`api_key`, `apikey`...) are always left out.
   * Default none.
   */
  secrets?: readonly string[]
  /** `meta.license` per source. Default: TMDB's terms for `tmdb`, CC BY-SA 4.0 for `wikipedia`, CC0 for `wikidata`, CC BY-NC 4.0 for `omdb`. */
  licenses?: Readonly<Record<string, string>>
  /** Dates the recordings (`meta.note`). Default the system clock. */
  clock?: Clock
  /** Name in errors and logs. Default `'recording'`. */
  name?: string
  /**
   * Largest body recorded, in bytes (JSON text, or the bytes of an image). A larger answer is neither
   * recorded nor returned: `RecordingTooLargeError`. Default {@link DEFAULT_MAX_RECORDED_BODY_BYTES} (16 MiB).
   */
  maxBodyBytes?: number
}

/** Default `maxBodyBytes`: a TMDB movie with every section is a few hundred kilobytes, an original poster a few megabytes. */
export const DEFAULT_MAX_RECORDED_BODY_BYTES = 16 * 1024 * 1024

/** An answer that was not recorded, and why. */
export interface SkippedRecording {
  /** The request key. */
  key: string
  /** Why it was not recorded (malformed, about another movie, a refusal). */
  reason: string
}

/** Skipped answers remembered, for diagnostics: the most recent ones. */
const KEPT_SKIPS = 100

const defaultLicenses: Readonly<Record<string, string>> = {
  tmdb: 'TMDB API Terms of Use',
  'tmdb-image': 'TMDB API Terms of Use',
  wikipedia: 'CC-BY-SA-4.0',
  wikidata: 'CC0-1.0',
  omdb: 'CC-BY-NC-4.0',
}

/** Statuses worth replaying: "this does not exist" is an answer; a refusal or an outage is not. */
const recordedErrorStatuses = new Set([404, 410])

/** The file an entry is stored in: readable from the path, unique by a hash of the key. */
export function entryFileName(request: DataRequest): string {
  const folder = request.site ? `${request.source}@${request.site}` : request.source
  const readable = request.path.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'root'
  const hash = createHash('sha256').update(requestKey(request)).digest('hex').slice(0, 12)
  return join(folder.replace(/[^A-Za-z0-9@._-]+/g, '-'), `${readable}--${hash}.json`)
}

/** The request as recorded: credentials and `undefined` parameters left out. */
function recordedRequest(request: DataRequest): ReplayEntry['request'] {
  const query = Object.fromEntries(normalizedQuery(request.query))
  return {
    source: request.source,
    ...(request.site ? { site: request.site } : {}),
    path: request.path,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(request.responseType === 'arrayBuffer' ? { responseType: 'arrayBuffer' as const } : {}),
  }
}

/**
 * Passes every request to `live` and writes each answer to `dir` as a replay entry (the format of the
 * shipped dataset, `meta.origin: 'recorded'`), so a session can be replayed offline with
 * `JsonReplayProvider({ dir })`. Answers `404`/`410` are recorded too (they replay as the same
 * `ProviderHttpError`); other errors are not. A file is written to a temporary name and renamed:
 * never half-written. Credentials never reach a file.
 */
export class RecordingProvider implements DataProvider {
  /** Name in errors (default `'recording'`). */
  readonly name: string
  readonly #options: RecordingProviderOptions
  readonly #redact: (text: string) => string
  readonly #files: string[] = []
  readonly #recorded = new Set<string>()
  readonly #skipped: SkippedRecording[] = []
  readonly #maxBodyBytes: number

  constructor(options: RecordingProviderOptions) {
    this.#options = options
    this.name = options.name ?? 'recording'
    this.#redact = createRedactor(options.secrets ?? [])
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_RECORDED_BODY_BYTES
    if (!(this.#maxBodyBytes > 0)) throw new ProviderOptionsError('maxBodyBytes', `expected a positive number of bytes, got ${String(options.maxBodyBytes)}`)
  }

  /** Whether this session recorded the answer to `request` (an answer refused by the checks is not). */
  hasRecorded(request: DataRequest): boolean {
    return this.#recorded.has(requestKey(request))
  }

  /** Answers of this session that were not recorded, and why (the last 100). */
  get skipped(): readonly SkippedRecording[] {
    return [...this.#skipped]
  }

  /** The live provider's counters: every request here goes live. */
  get counters(): Readonly<Record<string, number>> {
    return this.#options.live.counters
  }

  /** The live provider's HTTP traffic (absent when it has none). */
  get traffic(): Readonly<Record<string, Readonly<HttpSourceTraffic>>> | undefined {
    return this.#options.live.traffic
  }

  /** Files written so far, in order (absolute when `dir` is). */
  get files(): readonly string[] {
    return [...this.#files]
  }

  /**
   * Answers from `live` and records the answer before returning it, if it passes the checks of its
   * kind of request (schema, about the movie asked for, not a refusal): a bad answer is returned
   * for its reader to refuse, never written to be replayed.
   * @throws whatever `live` throws; RecordingError when the entry cannot be written;
   *   RecordingTooLargeError for a body over `maxBodyBytes`.
   */
  async request<T = unknown>(request: DataRequest, options: DataRequestOptions = {}): Promise<T> {
    let body: unknown
    try {
      body = await this.#options.live.request<unknown>(request, options)
    } catch (error) {
      if (error instanceof ProviderHttpError && recordedErrorStatuses.has(error.status)) {
        await this.#write(request, { status: error.status, body: { status_message: error.statusMessage ?? 'Not found' } })
      }
      throw error
    }
    const key = requestKey(request)
    const bytes = body instanceof ArrayBuffer ? body.byteLength : Buffer.byteLength(JSON.stringify(body) ?? '')
    if (bytes > this.#maxBodyBytes) throw new RecordingTooLargeError(key, bytes, this.#maxBodyBytes)
    const problem = answerProblem(request, body)
    if (problem) {
      this.#skipped.push({ key, reason: problem })
      this.#skipped.splice(0, Math.max(0, this.#skipped.length - KEPT_SKIPS))
      return body as T
    }
    const response = body instanceof ArrayBuffer ? { status: 200, body: null, bodyBase64: Buffer.from(body).toString('base64') } : { status: 200, body }
    await this.#write(request, response)
    return body as T
  }

  async #write(request: DataRequest, response: ReplayEntry['response']): Promise<void> {
    const key = requestKey(request)
    const file = join(this.#options.dir, entryFileName(request))
    const licenses = { ...defaultLicenses, ...this.#options.licenses }
    const recordedAt = new Date((this.#options.clock ?? systemClock).now()).toISOString()
    const entry: ReplayEntry = {
      request: recordedRequest(request),
      response,
      meta: {
        origin: 'recorded',
        sources: [`live ${key}`],
        license: Object.hasOwn(licenses, request.source) ? licenses[request.source]! : `the terms of ${request.source}`,
        note: `Recorded live on ${recordedAt} through ${this.#options.live.name}; credentials left out.`,
      },
    }
    const raw = `${JSON.stringify(entry, null, 1)}\n`
    const text = this.#redact(raw)
    const final = text === raw ? text : text.replace('credentials left out.', `credentials left out; a credential found in the answer was replaced by ${REDACTED}.`)
    const temporary = `${file}.${randomUUID()}.tmp`
    try {
      await mkdir(dirname(file), { recursive: true })
      await writeFile(temporary, final, { flag: 'wx' })
      await rename(temporary, file)
    } catch (cause) {
      await rm(temporary, { force: true }).catch(() => {})
      throw new RecordingError(file, key, cause)
    }
    this.#files.push(file)
    this.#recorded.add(key)
  }
}

/**
 * Records a session: runs `session` with a data provider that answers from `live` and writes every
 * answer to `dir`, then says which files it wrote. Replay them later with `JsonReplayProvider({ dir })`.
 *
 * ```ts
 * const live = new HttpDataProvider({ tmdb: { token: process.env.TMDB_TOKEN } })
 * const { files } = await recordSession({ live, dir: 'lab/session-1' }, async (data) => {
 *   await new TmdbProvider({ data }).movie(603, { append: ['credits'] })
 * })
 * ```
 */
export async function recordSession<T>(options: RecordingProviderOptions, session: (data: DataProvider) => Promise<T>): Promise<{ result: T; files: string[] }> {
  const recorder = new RecordingProvider(options)
  const result = await session(recorder)
  return { result, files: [...recorder.files] }
}
