import type { AnyCinelayerEvent } from 'cinelayer'
import type { StoreSample } from './lab-history.js'

/** Points of a plot series at most: a long history is summed into this many buckets. */
const MAX_BUCKETS = 120
/** The smallest bucket: one minute of the engine's clock. */
const MINUTE_MS = 60_000

/** Provider traffic of one source per bucket, as rates per minute of the engine's clock. */
export interface SourceSeries {
  calls: number[]
  throttled: number[]
  failed: number[]
}

/** Latency of one level jump (`initial→basic`), over the whole window and per bucket. */
export interface JumpLatency {
  jump: string
  count: number
  p50: number
  p95: number
  /** Per bucket, `null` where no enrichment made that jump. */
  p50Series: (number | null)[]
  p95Series: (number | null)[]
}

/** Every series the lab page plots, on the engine's clock (milliseconds since the epoch). */
export interface LabMetrics {
  from: number
  to: number
  bucketMs: number
  /** Start of each bucket. */
  buckets: number[]
  /** Movies per level after each bucket, rebuilt backwards from the counts now. */
  levels: Record<string, number[]>
  /** Upstream calls, 429s and failures per minute, per source. */
  providers: Record<string, SourceSeries>
  latency: JumpLatency[]
  /** Requests for a movie per bucket, and the share served from the store without waiting on a provider (`null`: no request). */
  requests: { perBucket: number[]; servedShare: (number | null)[]; served: number; total: number }
  /** The bytes-stored samples (records, images) as they were measured. */
  bytes: { at: number[]; records: number[]; images: number[] }
}

/** Picks a bucket: at least a minute, and no more than {@link MAX_BUCKETS} over the span. */
function bucketSize(span: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440, 2880, 10_080].map((minutes) => minutes * MINUTE_MS)
  return steps.find((step) => span / step <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS / MINUTE_MS) * MINUTE_MS
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!
}

/** +1 / -1 per level an event brings: creations, enrichments, downgrades. */
function levelChanges(events: readonly AnyCinelayerEvent[]): Array<Array<[string, number]>> {
  // A movie created by an enrichment run is counted once, by its MovieCreated (at the level reached).
  const createdBy = new Set<string>()
  return events.map((event): Array<[string, number]> => {
    if (event.type === 'MovieCreated') {
      if (event.correlationId) createdBy.add(event.correlationId)
      return [[event.payload.level, 1]]
    }
    if (event.type === 'EnrichmentCompleted' || event.type === 'MovieDowngraded') {
      const { from, to } = event.payload
      if (from === to || (event.correlationId !== undefined && createdBy.has(event.correlationId))) return []
      return [[from, -1], [to, 1]]
    }
    return []
  })
}

function levelSeries(events: readonly AnyCinelayerEvent[], bucketOf: (event: AnyCinelayerEvent) => number, count: number, now: Record<string, number>) {
  const changes = levelChanges(events)
  const current = { ...now }
  const series: Record<string, number[]> = Object.fromEntries(Object.keys(now).map((level) => [level, new Array<number>(count).fill(0)]))
  let index = events.length - 1
  // Walked backwards: the counts after bucket b are the counts now minus what came after it.
  for (let bucket = count - 1; bucket >= 0; bucket -= 1) {
    for (const [level, counts] of Object.entries(series)) counts[bucket] = Math.max(0, current[level] ?? 0)
    while (index >= 0 && bucketOf(events[index]!) >= bucket) {
      for (const [level, delta] of changes[index]!) current[level] = (current[level] ?? 0) - delta
      index -= 1
    }
  }
  return series
}

function isThrottle(code: string, message: string): boolean {
  return /429|RATE_?LIMIT|THROTTL/i.test(`${code} ${message}`)
}

/** Where each event falls: the buckets of a window on the engine's clock. */
interface Bucketing {
  count: number
  bucketOf(event: AnyCinelayerEvent): number
  /** The bucket of an instant (ms on the engine's clock). */
  bucketAt(at: number): number
}

/**
 * Calls and failures per source from the events; `429` answers from the HTTP traffic the samples
 * carry (every 429, retried or not), and before the first such sample (a history read from the
 * trace) from the failures a 429 ended.
 */
function providerSeries(events: readonly AnyCinelayerEvent[], samples: readonly StoreSample[], { count, bucketOf, bucketAt }: Bucketing, perMinute: number): Record<string, SourceSeries> {
  const providers: Record<string, SourceSeries> = {}
  const source = (name: string) => (providers[name] ??= { calls: new Array(count).fill(0), throttled: new Array(count).fill(0), failed: new Array(count).fill(0) })
  const counted = samples.filter((sample) => sample.throttled !== undefined)
  const trafficSince = counted.length === 0 ? Number.POSITIVE_INFINITY : Date.parse(counted[0]!.at)
  for (const event of events) {
    if (event.type === 'EnrichmentCompleted') {
      for (const [name, calls] of Object.entries(event.payload.calls)) source(name).calls[bucketOf(event)]! += calls * perMinute
    } else if (event.type === 'EnrichmentFailed') {
      const series = source(event.payload.provider)
      const throttle = isThrottle(event.payload.code, event.payload.message)
      if (throttle && Date.parse(event.at) >= trafficSince) continue
      ;(throttle ? series.throttled : series.failed)[bucketOf(event)]! += perMinute
    }
  }
  let before: Record<string, number> = {}
  for (const sample of counted) {
    const bucket = bucketAt(Date.parse(sample.at))
    for (const [name, throttled] of Object.entries(sample.throttled!)) {
      const added = throttled - (before[name] ?? 0)
      if (added > 0) source(name).throttled[bucket]! += added * perMinute
    }
    before = sample.throttled!
  }
  return providers
}

function latencySeries(events: readonly AnyCinelayerEvent[], { count, bucketOf }: Bucketing): JumpLatency[] {
  const durations = new Map<string, number[][]>()
  for (const event of events) {
    if (event.type !== 'EnrichmentCompleted') continue
    const jump = `${event.payload.from}→${event.payload.to}`
    const perBucket = durations.get(jump) ?? Array.from({ length: count }, () => [])
    perBucket[bucketOf(event)]!.push(event.payload.durationMs)
    durations.set(jump, perBucket)
  }
  return [...durations].map(([jump, perBucket]) => {
    const all = perBucket.flat().sort((a, b) => a - b)
    const sorted = perBucket.map((values) => [...values].sort((a, b) => a - b))
    return {
      jump,
      count: all.length,
      p50: percentile(all, 0.5),
      p95: percentile(all, 0.95),
      p50Series: sorted.map((values) => (values.length === 0 ? null : percentile(values, 0.5))),
      p95Series: sorted.map((values) => (values.length === 0 ? null : percentile(values, 0.95))),
    }
  })
}

/**
 * Requests per bucket and how many waited on a provider: a request waits when a run for its movie
 * is under way as it arrives (it joins that run), or when it starts one (the run's events carry the
 * request's correlation id: `movies.get` lends it to the run it starts).
 */
function requestSeries(events: readonly AnyCinelayerEvent[], { count, bucketOf }: Bucketing): LabMetrics['requests'] {
  const requests = new Array<number>(count).fill(0)
  const waited = new Array<number>(count).fill(0)
  const running = new Map<string, number>()
  // Requests not counted as waiting yet, by correlation id: the run they start may follow.
  const open = new Map<string, number>()
  for (const event of events) {
    if (event.type === 'MovieRequested') {
      const bucket = bucketOf(event)
      requests[bucket]! += 1
      if ((running.get(event.payload.movieId) ?? 0) > 0) waited[bucket]! += 1
      else if (event.correlationId !== undefined) open.set(event.correlationId, bucket)
    } else if (event.type === 'EnrichmentRequested') {
      const movieId = event.payload.movieId
      running.set(movieId, (running.get(movieId) ?? 0) + 1)
      const bucket = event.correlationId === undefined ? undefined : open.get(event.correlationId)
      if (bucket !== undefined) {
        waited[bucket]! += 1
        open.delete(event.correlationId!)
      }
    } else if (event.type === 'EnrichmentCompleted' || event.type === 'EnrichmentFailed') {
      running.set(event.payload.movieId, Math.max(0, (running.get(event.payload.movieId) ?? 0) - 1))
    }
  }
  const total = requests.reduce((sum, value) => sum + value, 0)
  const waitedTotal = waited.reduce((sum, value) => sum + value, 0)
  return {
    perBucket: requests,
    servedShare: requests.map((inBucket, bucket) => (inBucket === 0 ? null : (inBucket - waited[bucket]!) / inBucket)),
    served: total - waitedTotal,
    total,
  }
}

/**
 * The lab page's plots, computed from the kept events and the store samples: every series is
 * bucketed on the engine's clock, so that a compressed clock (a simulation) plots its own hours.
 */
export function computeLabMetrics(events: readonly AnyCinelayerEvent[], samples: readonly StoreSample[], levelsNow: Record<string, number>, now: number): LabMetrics {
  const from = Math.min(Date.parse(events[0]?.at ?? '') || now, Date.parse(samples[0]?.at ?? '') || now)
  const to = Math.max(now, Date.parse(events.at(-1)?.at ?? '') || now)
  const bucketMs = bucketSize(Math.max(to - from, MINUTE_MS))
  const start = Math.floor(from / bucketMs) * bucketMs
  const count = Math.floor((to - start) / bucketMs) + 1
  const bucketAt = (at: number) => Math.min(count - 1, Math.max(0, Math.floor((at - start) / bucketMs)))
  const bucketing: Bucketing = { count, bucketAt, bucketOf: (event) => bucketAt(Date.parse(event.at)) }
  return {
    from,
    to,
    bucketMs,
    buckets: Array.from({ length: count }, (_, index) => start + index * bucketMs),
    levels: levelSeries(events, bucketing.bucketOf, count, levelsNow),
    providers: providerSeries(events, samples, bucketing, MINUTE_MS / bucketMs),
    latency: latencySeries(events, bucketing),
    requests: requestSeries(events, bucketing),
    bytes: { at: samples.map((sample) => Date.parse(sample.at)), records: samples.map((sample) => sample.records), images: samples.map((sample) => sample.images) },
  }
}
