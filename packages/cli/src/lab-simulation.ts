import { performance } from 'node:perf_hooks'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { type Clock, DAY, type MovieEngine, type Timer, createMovieEngine, systemTimer } from 'cinelayer'
import { type WorkloadRequest, generateWorkload } from 'cinelayer/simulation'

/** Options of {@link startLabSimulation}. */
export interface LabSimulationOptions {
  /** Movies in the simulated catalog (TMDB ids 1…movies of the fake TMDB). Default 400. */
  movies?: number
  /** Simulated days. Default 120. */
  days?: number
  /** Requests a simulated day. Default 60. */
  requestsPerDay?: number
  /** Real milliseconds a simulated day lasts. Default 2000. */
  dayMs?: number
  /** Seed of the workload. Default 20261206. */
  seed?: number
  /** Housekeeping (default rules, applied) every this many simulated days. Default 7. */
  housekeepingEveryDays?: number
  /**
   * Upstream trouble now and then, so that failures show: every three simulated weeks (from day 10)
   * TMDB answers a burst of `429`s and Wikipedia a burst of `503`s. Default `true`.
   */
  outages?: boolean
  /** Requests worked on at once. Default 4. */
  concurrency?: number
  /** The first simulated instant. Default 2026-01-01T00:00:00Z. */
  start?: number
  /** Told once a simulated week, and when the workload is done. */
  onProgress?: (progress: LabSimulationProgress) => void
}

/** Where a simulation is. */
export interface LabSimulationProgress {
  day: number
  requests: number
  failed: number
  done: boolean
}

/** A simulation ready to run: its engine (give it to the server first) and how to start and stop it. */
export interface LabSimulation {
  readonly engine: MovieEngine
  /**
   * Lets the simulated users in (once the server listens, so that it sees every event); resolves
   * when the workload is done or stopped. Calling it again returns the same run.
   */
  run(): Promise<void>
  /** Stops the simulated users, closes the engine and the fake upstream servers. */
  stop(): Promise<void>
}

/**
 * A clock that runs at real speed while there is work and jumps over the idle time between
 * simulated requests: durations measured on it (enrichment latency) are real ones, while a
 * simulated day passes in a couple of seconds.
 */
export interface CompressedClock extends Clock {
  /** Moves the clock to `time` if it is behind it (it never goes back). */
  jumpTo(time: number): void
}

/** Creates a {@link CompressedClock} at `start`. */
export function createCompressedClock(start: number): CompressedClock {
  let offset = start - performance.now()
  const now = () => Math.floor(performance.now() + offset)
  return {
    now,
    jumpTo(time) {
      const current = now()
      if (time > current) offset += time - current
    },
  }
}

const settle = (options: LabSimulationOptions) => ({
  movies: options.movies ?? 400,
  days: options.days ?? 120,
  requestsPerDay: options.requestsPerDay ?? 60,
  dayMs: options.dayMs ?? 2_000,
  seed: options.seed ?? 20261206,
  housekeepingEveryDays: options.housekeepingEveryDays ?? 7,
  outages: options.outages ?? true,
  concurrency: options.concurrency ?? 4,
  start: options.start ?? Date.UTC(2026, 0, 1),
})

/**
 * Runs an engine against the fake TMDB, Wikipedia/Wikidata and OMDb servers of
 * `@cinelayer/providers/testing` (on loopback: nothing leaves the machine), on a compressed clock,
 * with the simulated users of `cinelayer/simulation`: Zipf popularity that drifts, 70% `basic`,
 * 20% `medium`, 10% `deep`, views and playbacks; and housekeeping every week with the default rules.
 * Movies climb levels, are brought down when forgotten, and are enriched again when asked for.
 */
export async function startLabSimulation(options: LabSimulationOptions = {}): Promise<LabSimulation> {
  const settings = settle(options)
  const [tmdb, wiki, omdb] = await Promise.all([startFakeTmdbServer(), startFakeWikipediaServer(), startFakeOmdbServer()])
  const clock = createCompressedClock(settings.start)
  // Waits last real milliseconds (the upstream servers answer in real time) on the compressed clock.
  const timer: Timer = { clock, sleep: (ms, signal) => systemTimer.sleep(ms, signal) }
  const upstream = { tmdb, wiki }
  const engine = createMovieEngine({
    storage: 'memory',
    data: 'http',
    clock,
    timer,
    trace: false,
    images: { download: true },
    // Placeholders (the fake servers ask for none), redacted like real credentials: names no event uses.
    tmdb: { token: 'lab-simulation-tmdb-token', baseURL: tmdb.url, imageBaseURL: tmdb.url },
    wikipedia: { baseURL: wiki.wikipediaBaseURL, wikidataBaseURL: wiki.wikidataBaseURL },
    imdb: { apiKey: 'lab-simulation-omdb-key', baseURL: omdb.url },
    stats: { flushOnExit: false },
    // Retries short and few: an outage shows as failures within the simulated hour, not a stall.
    http: { retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 100, rateLimitRetries: 1, maxRetryAfterMs: 1_000 } },
  })
  const controller = new AbortController()
  let running: Promise<void> | undefined
  let stopping: Promise<void> | undefined
  return {
    engine,
    run() {
      // The clock starts where the workload does, whatever the time the server took to start.
      clock.jumpTo(settings.start)
      running ??= runWorkload({ engine, clock, settings, signal: controller.signal, onProgress: options.onProgress, upstream })
      return running
    },
    stop() {
      stopping ??= (async () => {
        controller.abort()
        await running?.catch(() => undefined)
        await engine.close()
        await Promise.all([tmdb.close(), wiki.close(), omdb.close()])
      })()
      return stopping
    },
  }
}

type Settings = ReturnType<typeof settle>

/** What a run of the workload drives. */
interface WorkloadRun {
  engine: MovieEngine
  clock: CompressedClock
  settings: Settings
  signal: AbortSignal
  onProgress: LabSimulationOptions['onProgress']
  upstream: { tmdb: FakeServer; wiki: FakeServer }
}

/** Every three weeks from day 10, a burst of trouble upstream; fixed again the next day. */
function weather(run: WorkloadRun, day: number): void {
  if (!run.settings.outages) return
  const stormy = day >= 10 && (day - 10) % 21 === 0
  run.upstream.tmdb.setFaults(stormy ? { failFirst: 12, failStatus: 429, match: /^\/3\/movie\// } : {})
  run.upstream.wiki.setFaults(stormy ? { failFirst: 12, failStatus: 503 } : {})
}

async function runWorkload(run: WorkloadRun): Promise<void> {
  const { engine, clock, settings, signal, onProgress } = run
  const realStart = performance.now()
  const inFlight = new Set<Promise<void>>()
  const progress = { day: 0, requests: 0, failed: 0, done: false }
  const serve = async (request: WorkloadRequest) => {
    const movieId = `tmdb:${request.tmdb}`
    try {
      await engine.movies.get(movieId, { level: request.level })
      if (request.viewed) engine.bus.publish({ type: 'MovieViewed', payload: { movieId } })
      if (request.played) engine.bus.publish({ type: 'PlaybackStarted', payload: { movieId, source: 'simulation' } })
    } catch {
      // Published as EnrichmentFailed: the lab shows it; a simulated user just moves on.
      progress.failed += 1
    }
  }
  try {
    for (const request of generateWorkload({ movies: settings.movies, days: settings.days, requestsPerDay: settings.requestsPerDay, seed: settings.seed })) {
      const due = realStart + (request.at / DAY) * settings.dayMs
      if (!(await sleepUntil(due, signal))) break
      if (request.day !== progress.day) {
        progress.day = request.day
        weather(run, request.day)
        if (request.day % settings.housekeepingEveryDays === 0) {
          await Promise.all(inFlight)
          await housekeep(engine)
        }
        if (request.day % 7 === 0) onProgress?.({ ...progress })
      }
      // The clock jumps only between bursts of work, so that an enrichment's measured latency is
      // its real one; requests due at the same instant run side by side.
      const at = settings.start + request.at
      if (at > clock.now()) {
        await Promise.all(inFlight)
        clock.jumpTo(at)
      }
      while (inFlight.size >= settings.concurrency) await Promise.race(inFlight)
      progress.requests += 1
      const work = serve(request).finally(() => inFlight.delete(work))
      inFlight.add(work)
    }
    await Promise.all(inFlight)
  } finally {
    onProgress?.({ ...progress, done: true })
  }
}

/** Housekeeping as the scheduler asks for it: the uses counted so far written first, then applied. */
async function housekeep(engine: MovieEngine): Promise<void> {
  await engine.stats.flush()
  await engine.request({ type: 'HousekeepingRequested', category: 'schedule', payload: { dryRun: false } })
}

/** Waits until `due` (performance.now() time); false when stopped first. */
function sleepUntil(due: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  const wait = due - performance.now()
  if (wait <= 0) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timeout = setTimeout(() => {
      signal.removeEventListener('abort', stop)
      resolve(true)
    }, wait)
    const stop = () => {
      clearTimeout(timeout)
      resolve(false)
    }
    signal.addEventListener('abort', stop, { once: true })
  })
}
