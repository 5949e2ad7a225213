import { stat } from 'node:fs/promises'
import type { Clock } from '@cinelayer/core'
import { type DataProvider, type DataRequest, type DataRequestOptions, type HttpSourceTraffic, requestKey } from './data-provider.js'
import { RequestAbortedError } from './errors.js'
import { JsonReplayProvider } from './json-replay-provider.js'
import { RecordingProvider, type SkippedRecording } from './recording-provider.js'

/** Options of {@link HybridProvider}. */
export interface HybridProviderOptions {
  /** Recorded answers, asked first (in order when several). */
  replay: DataProvider | readonly DataProvider[]
  /** Asked when no recording answers (a `ReplayMissError`), usually an `HttpDataProvider`. */
  live: DataProvider
  /**
   * Folder where live answers are recorded (replay entries, `meta.origin: 'recorded'`), and read
   * back first on the next session. Default: nothing is recorded.
   */
  recordDir?: string
  /** Credentials of `live`, kept out of recordings even if an answer echoes one. Default none. */
  secrets?: readonly string[]
  /** Dates the recordings. Default the system clock. */
  clock?: Clock
  /** Largest body recorded (see `RecordingProviderOptions.maxBodyBytes`). Default 16 MiB. */
  maxBodyBytes?: number
  /** Name in errors and logs. Default `'hybrid'`. */
  name?: string
}

function isReplayMiss(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'CINELAYER_ERR_REPLAY_MISS'
}

function copyOf<T>(body: unknown): T {
  return (body instanceof ArrayBuffer ? body.slice(0) : structuredClone(body)) as T
}

/**
 * Replay first, live on a miss: a request is answered by the answers recorded in this session,
 * then by `recordDir` (earlier sessions), then by `replay`, and only then by `live`, whose answer
 * is recorded in `recordDir`. A lab session is thus replayable offline, byte for byte, with
 * `JsonReplayProvider({ dir: recordDir })`.
 */
export class HybridProvider implements DataProvider {
  /** Name in errors (default `'hybrid'`). */
  readonly name: string
  readonly #replays: readonly DataProvider[]
  readonly #live: DataProvider
  readonly #recordDir: string | undefined
  readonly #session = new Map<string, unknown>()
  readonly #counters: Record<string, number> = {}
  readonly #liveCounters: Record<string, number> = {}
  #recorded: Promise<DataProvider | undefined> | undefined

  constructor(options: HybridProviderOptions) {
    this.name = options.name ?? 'hybrid'
    this.#replays = Array.isArray(options.replay) ? [...(options.replay as readonly DataProvider[])] : [options.replay as DataProvider]
    this.#recordDir = options.recordDir
    this.#live = options.recordDir
      ? new RecordingProvider({
          live: options.live,
          dir: options.recordDir,
          ...(options.secrets ? { secrets: options.secrets } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
          ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
        })
      : options.live
  }

  /** Requests answered per source, from recordings or live. */
  get counters(): Readonly<Record<string, number>> {
    return { ...this.#counters }
  }

  /** The live provider's HTTP traffic (absent when it has none): requests answered from recordings send nothing. */
  get traffic(): Readonly<Record<string, Readonly<HttpSourceTraffic>>> | undefined {
    return this.#live.traffic
  }

  /** Requests that had to go live, per source. */
  get liveCounters(): Readonly<Record<string, number>> {
    return { ...this.#liveCounters }
  }

  /** Answers of this session that were not recorded, and why (empty without `recordDir`). */
  get skippedRecordings(): readonly SkippedRecording[] {
    return this.#live instanceof RecordingProvider ? this.#live.skipped : []
  }

  /** Files recorded in this session (empty without `recordDir`). */
  get recordedFiles(): readonly string[] {
    return this.#live instanceof RecordingProvider ? this.#live.files : []
  }

  /**
   * Answers from the first recording that has the request, else from `live` (recording it).
   * @throws whatever the answering provider throws (a recorded `ProviderHttpError` included);
   *   RecordingError when a live answer cannot be recorded.
   */
  async request<T = unknown>(request: DataRequest, options: DataRequestOptions = {}): Promise<T> {
    const key = requestKey(request)
    if (options.signal?.aborted) throw new RequestAbortedError(key, options.signal.reason)
    const answered = (body: unknown): T => {
      this.#counters[request.source] = (this.#counters[request.source] ?? 0) + 1
      return body as T
    }
    if (this.#session.has(key)) return answered(copyOf<T>(this.#session.get(key)))
    const recorded = await this.#recordedReplay()
    for (const replay of recorded ? [recorded, ...this.#replays] : this.#replays) {
      try {
        return answered(await replay.request<T>(request, options))
      } catch (error) {
        if (!isReplayMiss(error)) throw error
      }
    }
    const body = await this.#live.request<T>(request, options)
    this.#liveCounters[request.source] = (this.#liveCounters[request.source] ?? 0) + 1
    // Kept for this session (the recordDir replay was indexed before this answer was written), but
    // only when it was recorded: an answer the checks refused is asked for again next time.
    if (this.#live instanceof RecordingProvider && this.#live.hasRecorded(request)) this.#session.set(key, copyOf(body))
    return answered(body)
  }

  /** The recordings of earlier sessions, when `recordDir` exists; read once. */
  #recordedReplay(): Promise<DataProvider | undefined> {
    const dir = this.#recordDir
    if (!dir) return Promise.resolve(undefined)
    this.#recorded ??= stat(dir).then(
      (found) => (found.isDirectory() ? new JsonReplayProvider({ dir, name: `${this.name} recordings` }) : undefined),
      () => undefined,
    )
    return this.#recorded
  }
}
