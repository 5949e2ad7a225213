import { type CommitBatch, type TransactionalDriver } from './commit.js'
import { StorageConflictError } from './errors.js'

/** Name of the driver, as errors and `storage.getMount()` report it. */
export const MEMORY_DRIVER_NAME = 'cinelayer-memory'

/**
 * An unstorage driver in memory, for tests and simulations: unstorage's memory driver plus
 * cinelayer's `commit` (a batch applied at once, under its preconditions) and ordered range reads,
 * so that it passes the same store contract as the durable drivers. Values are kept as given
 * (text, or a copy of the bytes).
 */
export function memoryDriver(_options?: Record<string, never>): TransactionalDriver {
  // A plain factory (unstorage's `defineDriver` is the identity): callable without options, typed with `commit`.
  const data = new Map<string, string | Uint8Array>()
  // Keys grouped by their first segment (`movies`, `images`...): a listing under `images:tmdb:550:`
  // reads the image keys only, not every key of the store (a large catalog holds hundreds of
  // thousands of credit and filmography keys, and the write path lists a movie's images at each change).
  const bySegment = new Map<string, Set<string>>()
  const segmentOf = (key: string) => {
    const colon = key.indexOf(':')
    return colon < 0 ? undefined : key.slice(0, colon)
  }
  const put = (key: string, value: string | Uint8Array) => {
    data.set(key, value)
    const segment = segmentOf(key) ?? ''
    let keys = bySegment.get(segment)
    if (!keys) bySegment.set(segment, (keys = new Set()))
    keys.add(key)
  }
  const drop = (key: string) => {
    data.delete(key)
    bySegment.get(segmentOf(key) ?? '')?.delete(key)
  }
  const candidates = (base: string): Iterable<string> => {
    const segment = segmentOf(base)
    return segment === undefined ? data.keys() : (bySegment.get(segment) ?? [])
  }
  const keysUnder = (base: string) => [...candidates(base)].filter((key) => key.startsWith(base)).sort()
  const text = (value: string | Uint8Array) => (typeof value === 'string' ? value : Buffer.from(value).toString('utf8'))
  const driver: TransactionalDriver = {
    name: MEMORY_DRIVER_NAME,
    hasItem: (key) => data.has(key),
    getItem(key) {
      const value = data.get(key)
      return value === undefined ? null : text(value)
    },
    getItemRaw(key) {
      const value = data.get(key)
      return value === undefined ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value
    },
    setItem(key, value) {
      put(key, value)
    },
    setItemRaw(key, value: Uint8Array | string) {
      put(key, typeof value === 'string' ? value : Uint8Array.from(value))
    },
    removeItem(key) {
      drop(key)
    },
    getKeys: (base) => keysUnder(base ?? ''),
    clear(base) {
      for (const key of keysUnder(base ?? '')) drop(key)
    },
    dispose() {
      data.clear()
      bySegment.clear()
    },
    async commit(batch: CommitBatch) {
      // Every value is checked before anything is applied: a batch lands whole or not at all.
      for (const write of batch.writes) {
        if (write.value !== null && typeof write.value !== 'string' && !(write.value instanceof Uint8Array)) {
          throw new TypeError(`[unstorage] [${MEMORY_DRIVER_NAME}] The value of "${write.key}" is neither text nor bytes`)
        }
      }
      for (const check of batch.checks) {
        const stored = data.get(check.key)
        if ((stored === undefined ? null : text(stored)) !== check.value) throw new StorageConflictError(check.key)
      }
      const skipped: string[] = []
      for (const write of batch.writes) {
        if (write.value === null) drop(write.key)
        else if (write.ifAbsent && data.has(write.key)) skipped.push(write.key)
        else put(write.key, typeof write.value === 'string' ? write.value : Uint8Array.from(write.value))
      }
      return { skipped }
    },
    async getEntries(base) {
      return keysUnder(base).map((key) => ({ key, value: text(data.get(key)!) }))
    },
    async countKeys(base) {
      let count = 0
      for (const key of candidates(base)) if (key.startsWith(base)) count++
      return count
    },
    // One pass over the map: a simulation measures its catalog after every eviction round.
    async bytesUnder(base) {
      let total = 0
      for (const key of candidates(base)) {
        if (!key.startsWith(base)) continue
        const value = data.get(key)!
        total += typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength
      }
      return total
    },
  }
  return driver
}
