import type { AnyCinelayerEvent } from 'cinelayer'
import type { StoreSample } from './lab-history.js'

/** Points of a plot series at most: a long history is summed into this many buckets. */
const MAX_BUCKETS = 120
/** The smallest bucket: one minute of the engine's clock. */
const MINUTE_MS = 60_000
/** How long after a request an enrichment of the same movie counts as that request waiting on it. */
const WAIT_WINDOW_MS = 1_000

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

/**
 * The lab page's plots, computed from the kept events and the store samples: every series is
 * bucketed on the engine's clock, so that a compressed clock (a simulation) plots its own hours.
 */
export function computeLabMetrics(events: readonly AnyCinelayerEvent[], samples: readonly StoreSample[], levelsNow: Record<string, number>, now: number): LabMetrics {
  const times = events.map((event) => Date.parse(event.at))
  const from = Math.min(times[0] ?? now, Date.parse(samples[0]?.at ?? '') || now)
  const to = Math.max(now, times.at(-1) ?? now)
  const bucketMs = bucketSize(Math.max(to - from, MINUTE_MS))
  const start = Math.floor(from / bucketMs) * bucketMs
  const count = Math.floor((to - start) / bucketMs) + 1
  const buckets = Array.from({ length: count }, (_, index) => start + index * bucketMs)
  const bucketAt = (time: number) => Math.min(count - 1, Math.max(0, Math.floor((time - start) / bucketMs)))
  const bucketOf = (event: AnyCinelayerEvent) => bucketAt(Date.parse(event.at))
  const perMinute = MINUTE_MS / bucketMs

  const providers: Record<string, SourceSeries> = {}
  const source = (name: string) => (providers[name] ??= { calls: new Array(count).fill(0), throttled: new Array(count).fill(0), failed: new Array(count).fill(0) })
  const durations = new Map<string, number[][]>()
  const requests = new Array<number>(count).fill(0)
  const waited = new Array<number>(count).fill(0)
  const running = new Map<string, number>()
  const openRequests = new Map<string, Array<{ bucket: number; at: number; counted: boolean }>>()

  for (const [index, event] of events.entries()) {
    const bucket = bucketOf(event)
    const at = times[index]!
    if (event.type === 'EnrichmentCompleted') {
      for (const [name, calls] of Object.entries(event.payload.calls)) source(name).calls[bucket]! += calls * perMinute
      const jump = `${event.payload.from}→${event.payload.to}`
      const perBucket = durations.get(jump) ?? Array.from({ length: count }, () => [])
      perBucket[bucket]!.push(event.payload.durationMs)
      durations.set(jump, perBucket)
    }
    if (event.type === 'EnrichmentFailed') {
      const series = source(event.payload.provider)
      if (isThrottle(event.payload.code, event.payload.message)) series.throttled[bucket]! += perMinute
      else series.failed[bucket]! += perMinute
    }
    if (event.type === 'MovieRequested') {
      requests[bucket]! += 1
      const request = { bucket, at, counted: false }
      // A run already under way for the movie: this request waits on it.
      if ((running.get(event.payload.movieId) ?? 0) > 0) {
        request.counted = true
        waited[bucket]! += 1
      }
      openRequests.set(event.payload.movieId, [...(openRequests.get(event.payload.movieId) ?? []).filter((open) => at - open.at <= WAIT_WINDOW_MS), request])
    }
    if (event.type === 'EnrichmentRequested') {
      const movieId = event.payload.movieId
      running.set(movieId, (running.get(movieId) ?? 0) + 1)
      for (const open of openRequests.get(movieId) ?? []) {
        if (open.counted || at - open.at > WAIT_WINDOW_MS) continue
        open.counted = true
        waited[open.bucket]! += 1
      }
    }
    if (event.type === 'EnrichmentCompleted' || event.type === 'EnrichmentFailed') {
      const movieId = event.payload.movieId
      running.set(movieId, Math.max(0, (running.get(movieId) ?? 0) - 1))
    }
  }

  const latency = [...durations].map(([jump, perBucket]): JumpLatency => {
    const all = perBucket.flat().sort((a, b) => a - b)
    const sortedBuckets = perBucket.map((values) => [...values].sort((a, b) => a - b))
    return {
      jump,
      count: all.length,
      p50: percentile(all, 0.5),
      p95: percentile(all, 0.95),
      p50Series: sortedBuckets.map((values) => (values.length === 0 ? null : percentile(values, 0.5))),
      p95Series: sortedBuckets.map((values) => (values.length === 0 ? null : percentile(values, 0.95))),
    }
  })
  const requestTotal = requests.reduce((sum, value) => sum + value, 0)
  const waitedTotal = waited.reduce((sum, value) => sum + value, 0)
  return {
    from,
    to,
    bucketMs,
    buckets,
    levels: levelSeries(events, bucketOf, count, levelsNow),
    providers,
    latency,
    requests: {
      perBucket: requests,
      servedShare: requests.map((total, bucket) => (total === 0 ? null : (total - waited[bucket]!) / total)),
      served: requestTotal - waitedTotal,
      total: requestTotal,
    },
    bytes: { at: samples.map((sample) => Date.parse(sample.at)), records: samples.map((sample) => sample.records), images: samples.map((sample) => sample.images) },
  }
}
