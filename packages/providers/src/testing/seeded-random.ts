/** A reproducible source of numbers in `[0, 1)` (mulberry32), for fake data and simulated workloads. */
export interface SeededRandom {
  next(): number
  /** An integer in `[min, max]`. */
  int(min: number, max: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** `count` distinct elements of a list (fewer if the list is shorter), in list order. */
  sample<T>(items: readonly T[], count: number): T[]
}

/** A 32-bit hash of a text (FNV-1a), to seed from strings such as a search query. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** mulberry32: tiny, fast and good enough for fake data; the same seed gives the same sequence. */
export function seededRandom(seed: number | string): SeededRandom {
  let state = (typeof seed === 'string' ? hashText(seed) : seed) >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    sample(items, count) {
      const chosen = new Set<number>()
      while (chosen.size < Math.min(count, items.length)) chosen.add(int(0, items.length - 1))
      return [...chosen].sort((a, b) => a - b).map((index) => items[index]!)
    },
  }
}
