/**
 * A count-min sketch of 4-bit counters with aging, the frequency estimate of TinyLFU: four rows
 * of counters indexed by independent hashes; an item's estimate is the smallest of its four
 * counters (collisions only ever add). Counters saturate at 15 and, every `10 × expectedItems`
 * increments (the sample period, as Caffeine sizes it from the cache's maximum size), all are
 * halved, so that what was popular long ago fades.
 */
const ROWS = 4
const MAX_COUNT = 15
const SEEDS = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f] as const

export class CountMinSketch {
  readonly #width: number
  readonly #counters: Uint8Array
  readonly #samplePeriod: number
  #increments = 0

  /** `expectedItems`: what the cache holds; the width is the next power of two at or above it. */
  constructor(expectedItems: number) {
    this.#width = 2 ** Math.ceil(Math.log2(Math.max(16, expectedItems)))
    this.#counters = new Uint8Array(ROWS * this.#width)
    this.#samplePeriod = 10 * Math.max(16, expectedItems)
  }

  increment(item: string): void {
    for (let row = 0; row < ROWS; row++) {
      const index = this.#index(item, row)
      if (this.#counters[index]! < MAX_COUNT) this.#counters[index]!++
    }
    if (++this.#increments >= this.#samplePeriod) this.#age()
  }

  estimate(item: string): number {
    let smallest = MAX_COUNT
    for (let row = 0; row < ROWS; row++) smallest = Math.min(smallest, this.#counters[this.#index(item, row)]!)
    return smallest
  }

  /** Halves every counter (the reset of TinyLFU). */
  #age(): void {
    for (let index = 0; index < this.#counters.length; index++) this.#counters[index] = this.#counters[index]! >> 1
    this.#increments = Math.floor(this.#increments / 2)
  }

  #index(item: string, row: number): number {
    let hash: number = SEEDS[row]!
    for (let position = 0; position < item.length; position++) hash = Math.imul(hash ^ item.charCodeAt(position), 0x01000193)
    hash ^= hash >>> 16
    hash = Math.imul(hash, 0x7feb352d)
    hash ^= hash >>> 15
    return row * this.#width + ((hash >>> 0) & (this.#width - 1))
  }
}
