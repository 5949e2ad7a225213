/**
 * The classic cache policies of the year simulation, as eviction orders: each one sees every
 * access (a user's request or a library scan's) and, when the catalog is over its byte budget,
 * says which stored movies to take down first (see budget-eviction.ts for how).
 *
 * - LRU: least recently used first.
 * - LFU: fewest accesses first (exact counts, never aged), least recent first among equals.
 * - W-TinyLFU (Einziger, Friedman & Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 *   2017; Caffeine's and TinyUFO's policy): a small window LRU (1% of the movies held) always
 *   kept, and the main region ordered by a frequency estimate from a count-min sketch whose
 *   counters are halved every sample period (aging). Caffeine evicts at each insertion: the
 *   window's victim is admitted to the main region only if the sketch says it is used more often
 *   than the main region's victim. Here eviction runs in weekly passes, so admission becomes an
 *   order: outside the window, lowest estimated frequency goes first, newcomers and old residents
 *   alike; the main region's probation segment (touched once since it came in) before its
 *   protected one, least recent first among equals.
 */
import { CountMinSketch } from './count-min-sketch.js'

/** An eviction policy: fed every access, asked for an order over the movies stored above `initial`. */
export interface EvictionPolicy {
  readonly name: string
  /** A movie was accessed (requested by a user, or touched by a scan). */
  access(movieId: string): void
  /** `stored`, the first to take down first. */
  coldestFirst(stored: readonly string[]): string[]
}

/** A clock of accesses: the n-th access of the run is tick n. */
class AccessLog {
  #tick = 0
  readonly last = new Map<string, number>()
  touch(movieId: string): number {
    this.last.set(movieId, ++this.#tick)
    return this.#tick
  }
  lastOf(movieId: string): number {
    return this.last.get(movieId) ?? 0
  }
}

/** Least recently used first. */
export function lru(): EvictionPolicy {
  const log = new AccessLog()
  return {
    name: 'LRU',
    access: (movieId) => void log.touch(movieId),
    coldestFirst: (stored) => [...stored].sort((a, b) => log.lastOf(a) - log.lastOf(b)),
  }
}

/** Fewest accesses first (counts never aged), least recent first among equals. */
export function lfu(): EvictionPolicy {
  const log = new AccessLog()
  const counts = new Map<string, number>()
  const countOf = (movieId: string) => counts.get(movieId) ?? 0
  return {
    name: 'LFU',
    access(movieId) {
      log.touch(movieId)
      counts.set(movieId, countOf(movieId) + 1)
    },
    coldestFirst: (stored) => [...stored].sort((a, b) => countOf(a) - countOf(b) || log.lastOf(a) - log.lastOf(b)),
  }
}

/** Options of {@link windowTinyLfu}. */
export interface WindowTinyLfuOptions {
  /** Movies the cache is expected to hold (the sketch's width and sample period follow, as Caffeine sizes them). */
  expectedItems: number
  /** Share of the stored movies the window keeps whatever their frequency. Default `0.01`, as Caffeine starts. */
  windowShare?: number
}

/** W-TinyLFU as an eviction order (see the file's comment). */
export function windowTinyLfu(options: WindowTinyLfuOptions): EvictionPolicy {
  const { expectedItems, windowShare = 0.01 } = options
  const log = new AccessLog()
  const sketch = new CountMinSketch(expectedItems)
  // Accesses since the movie entered the main region: 1 is probation, 2 and more protected.
  const hitsInMain = new Map<string, number>()
  return {
    name: 'W-TinyLFU',
    access(movieId) {
      log.touch(movieId)
      sketch.increment(movieId)
      if (hitsInMain.has(movieId)) hitsInMain.set(movieId, hitsInMain.get(movieId)! + 1)
    },
    coldestFirst(stored) {
      // A movie no longer stored left the cache: a later access starts it in the window again.
      const held = new Set(stored)
      for (const movieId of hitsInMain.keys()) if (!held.has(movieId)) hitsInMain.delete(movieId)
      const byRecency = [...stored].sort((a, b) => log.lastOf(b) - log.lastOf(a))
      const windowSize = Math.max(1, Math.round(stored.length * windowShare))
      const window = byRecency.slice(0, windowSize)
      const main = byRecency.slice(windowSize)
      for (const movieId of main) if (!hitsInMain.has(movieId)) hitsInMain.set(movieId, 1)
      const segment = (movieId: string) => (hitsInMain.get(movieId)! >= 2 ? 1 : 0)
      const estimate = new Map(main.map((movieId) => [movieId, sketch.estimate(movieId)]))
      main.sort((a, b) => estimate.get(a)! - estimate.get(b)! || segment(a) - segment(b) || log.lastOf(a) - log.lastOf(b))
      // The window goes last, its least recent first.
      return [...main, ...window.reverse()]
    },
  }
}
