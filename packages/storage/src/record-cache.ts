import type { KeyValueStore } from './key-value-store.js'

/**
 * A bounded cache of parsed records by key (least recently used out first), kept true by the one
 * write path (every commit puts its new text here), forgetting the keys of any other commit on the
 * same driver in this process (maintenance, other stores on the same storage), and emptied
 * whenever the store tells that another process committed (SQLite's `data_version`). A store that
 * cannot tell caches nothing.
 * Cached records are frozen: what `get` hands out is shared, so it cannot be mutated by accident.
 */
export class RecordCache<T> {
  readonly #entries = new Map<string, { text: string; record: T }>()
  readonly #kv: KeyValueStore
  readonly #limit: number
  #token: number | null | undefined

  constructor(kv: KeyValueStore, limit: number) {
    this.#kv = kv
    this.#limit = kv.cacheable ? Math.max(0, limit) : 0
    this.#token = this.#limit > 0 ? kv.changeToken() : undefined
    if (this.#limit > 0) {
      kv.onCommit((keys) => {
        for (const key of keys) this.#entries.delete(key)
      })
    }
  }

  /** The cached text and record of `key`, when still valid. */
  get(key: string): { text: string; record: T } | undefined {
    // A closed store answers nothing from memory: the read goes on to refuse the call.
    if (this.#limit === 0 || this.#kv.closed) return undefined
    this.#checkToken()
    const entry = this.#entries.get(key)
    if (entry) {
      // Touched: moved to the back of the eviction order.
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }

  /** Remembers the stored text of `key` (`null`: nothing stored) with its record. Returns the frozen record. */
  set(key: string, text: string | null, record: T | null): T | null {
    if (text === null || record === null) {
      this.#entries.delete(key)
      return record
    }
    const frozen = deepFreeze(record)
    if (this.#limit === 0) return frozen
    this.#entries.delete(key)
    this.#entries.set(key, { text, record: frozen })
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!)
    return frozen
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#entries.delete(key)
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear()
  }

  #checkToken(): void {
    const token = this.#kv.changeToken()
    if (token !== this.#token) {
      this.#token = token
      this.#entries.clear()
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
