import type { AnyCinelayerEvent, Clock, HttpSourceTraffic, MovieEngine } from 'cinelayer'
import { readEventTrace } from 'cinelayer/trace'

/** Events kept in memory for the lab page: a simulated season of the default simulation, some 15 MiB at most. */
const MAX_EVENTS = 50_000
/** Samples of what the store holds kept in memory (one a second at most while events arrive). */
const MAX_SAMPLES = 3_600
/** How often the store is measured again, in real milliseconds, while events keep arriving. */
const SAMPLE_EVERY_MS = 1_000

/** What the store held at one instant of the engine's clock. */
export interface StoreSample {
  /** ISO time from the engine's clock. */
  at: string
  /** Bytes of the records (movies, people, credits, stats: everything but images). */
  records: number
  /** Bytes of the stored image files. */
  images: number
  /** `429` answers received so far per HTTP source (counted since the engine started; absent for recorded data). */
  throttled?: Record<string, number>
}

/** A filter over the recent events. */
export interface EventFilter {
  category?: string
  type?: string
  correlationId?: string
  movieId?: string
  /** Only events of these types. */
  types?: ReadonlySet<string>
}

/**
 * What the lab page draws from: the recent events (the engine's trace file read once at start, then
 * every event of the bus) and samples of the bytes stored, all in memory and bounded.
 */
export interface LabHistory {
  /** The newest `limit` events passing the filter, oldest first. */
  events(filter: EventFilter, limit: number): AnyCinelayerEvent[]
  /** Every kept event, oldest first (do not change it). */
  all(): readonly AnyCinelayerEvent[]
  /** The bytes-stored samples, oldest first. */
  samples(): readonly StoreSample[]
  /** Measures the store now if an event came since the last sample (the timer does it every second). */
  measure(): Promise<void>
  /** Stops listening and measuring. */
  stop(): void
}

/** Whether an event is about a movie: its payload names it (`movieId`, an alias's `to` or `from`, a list of `movieIds`). */
export function concernsMovie(event: AnyCinelayerEvent, movieId: string): boolean {
  const payload = event.payload as { movieId?: unknown; movieIds?: unknown; to?: unknown; from?: unknown }
  if (payload.movieId === movieId) return true
  if (event.type === 'MovieAliased') return payload.to === movieId || payload.from === movieId
  return Array.isArray(payload.movieIds) && payload.movieIds.includes(movieId)
}

function matches(event: AnyCinelayerEvent, filter: EventFilter): boolean {
  if (filter.category !== undefined && event.category !== filter.category) return false
  if (filter.type !== undefined && event.type !== filter.type) return false
  if (filter.types !== undefined && !filter.types.has(event.type)) return false
  if (filter.correlationId !== undefined && (event.correlationId ?? event.id) !== filter.correlationId) return false
  return filter.movieId === undefined || concernsMovie(event, filter.movieId)
}

/** Starts keeping the lab's history of an engine: its trace so far (when it writes one), then its bus. */
export async function startLabHistory(engine: MovieEngine, clock: Clock): Promise<LabHistory> {
  const kept: AnyCinelayerEvent[] = []
  const keep = (event: AnyCinelayerEvent) => {
    kept.push(event)
    if (kept.length > MAX_EVENTS * 1.25) kept.splice(0, kept.length - MAX_EVENTS)
  }
  // Subscribed before the trace is read, so that nothing published meanwhile is lost; the ids tell
  // the trace's copy of such an event from the bus's.
  const live: AnyCinelayerEvent[] = []
  let reading = true
  const off = engine.bus.onAny((event) => {
    if (reading) live.push(event)
    else keep(event)
    dirty = true
  })
  if (engine.trace) {
    await engine.trace.flush()
    for (const event of (await readEventTrace(engine.trace.file)).slice(-MAX_EVENTS)) keep(event)
  }
  const seen = new Set(kept.slice(-(live.length + 100)).map((event) => event.id))
  for (const event of live) if (!seen.has(event.id)) keep(event)
  reading = false

  const samples: StoreSample[] = []
  let dirty = true
  let measuring = false
  const measure = async () => {
    if (!dirty || measuring) return
    dirty = false
    measuring = true
    try {
      const summary = await engine.summary()
      const images = await engine.stores.kv.bytes('images:')
      const sample: StoreSample = { at: new Date(clock.now()).toISOString(), records: summary.bytesStored - images, images }
      const sources = Object.entries(summary.providerTraffic)
      // Sources named once they were throttled: a plot gets no series of zeros per source.
      if (sources.length > 0) sample.throttled = Object.fromEntries(sources.filter(([, traffic]: [string, HttpSourceTraffic]) => traffic.throttled > 0).map(([source, traffic]) => [source, traffic.throttled]))
      samples.push(sample)
      if (samples.length > MAX_SAMPLES) samples.shift()
    } catch {
      // A store closing under the sampler: the lab only misses a point.
    } finally {
      measuring = false
    }
  }
  await measure()
  const timer = setInterval(() => void measure(), SAMPLE_EVERY_MS)
  timer.unref()

  return {
    events(filter, limit) {
      const found: AnyCinelayerEvent[] = []
      for (let index = kept.length - 1; index >= 0 && found.length < limit; index -= 1) {
        const event = kept[index]!
        if (matches(event, filter)) found.push(event)
      }
      return found.reverse()
    },
    all: () => kept,
    samples: () => samples,
    measure,
    stop() {
      off()
      clearInterval(timer)
    },
  }
}
