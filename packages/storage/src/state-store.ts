import type { JsonRecords } from './json-records.js'
import { parseJson } from './json-records.js'
import { stateKey } from './storage-keys.js'

/**
 * Small named JSON records the engine keeps with its catalog (`meta:state:<name>`), such as the
 * window of the provider refresh job: they survive restarts and move with the catalog.
 */
export interface StateStore {
  /** The value stored under `name`, or `null`. */
  get<T = unknown>(name: string): Promise<T | null>
  /** Stores `value` (JSON-serializable) under `name`, durably. */
  set(name: string, value: unknown): Promise<void>
}

/** Creates the state store on the store's records. */
export function createStateStore(records: JsonRecords): StateStore {
  return {
    async get<T>(name: string) {
      const key = stateKey(name)
      const text = await records.kv.read(key)
      return text === null ? null : (parseJson(key, text) as T)
    },
    async set(name, value) {
      await records.kv.commit({ checks: [], writes: [{ key: stateKey(name), value: JSON.stringify(value) }], durable: true })
    },
  }
}
