import { CinelayerError, KeyedMutex } from '@cinelayer/core'
import type { Driver, Storage } from './unstorage-types.js'
import { type CommitBatch, type CommitResult, isTransactional, type TransactionalDriver } from './commit.js'
import { StorageClosedError, StorageConflictError, StorageCorruptError, StorageReadError, StorageWriteError } from './errors.js'

// Keys read per round trip when a driver has no range read of its own.
const READ_CHUNK = 256

/** Told the keys of every commit made through any key-value store on the same driver. */
export type CommitListener = (keys: readonly string[]) => void

// Several stores on one driver in one process (two `createStores` on one storage) write beside
// each other as two processes would, but no change token tells them: each hears the others'
// commits here. The fallback's one-by-one writes are serialized per storage, not per store.
const storesByDriver = new WeakMap<object, Set<WeakRef<KeyValueStore>>>()
const fallbackMutexes = new WeakMap<Storage, KeyedMutex>()

/**
 * The stores' one access to an unstorage instance: text and bytes by key, ordered listings, and
 * commits of whole batches. On a storage whose only mount is a {@link TransactionalDriver}, it talks
 * to the driver directly (no JSON guessing by unstorage, one transaction per batch); on any other
 * storage it falls back to unstorage's API, checking preconditions and writing one key at a time,
 * serialized within this process (not atomic against a crash: `atomic` says so).
 */
export class KeyValueStore {
  readonly storage: Storage
  /** The driver when it commits batches itself, else `null`. */
  readonly driver: TransactionalDriver | null
  /** Whether a batch lands whole or not at all, even when the process is killed. */
  readonly atomic: boolean
  /** Name of the driver underneath, for errors. */
  readonly driverName: string
  readonly #fallbackCommits: KeyedMutex
  readonly #listeners = new Set<CommitListener>()
  readonly #neighbours: Set<WeakRef<KeyValueStore>>
  readonly #self = new WeakRef(this)
  #closed = false

  constructor(storage: Storage) {
    this.storage = storage
    const mounts = storage.getMounts('', { parents: true })
    const root = mounts.length === 1 ? mounts[0]!.driver : undefined
    this.driver = root && isTransactional(root) ? root : null
    this.atomic = this.driver !== null
    this.driverName = driverName(storage)
    const target: object = this.driver ?? storage
    const neighbours = storesByDriver.get(target) ?? new Set()
    storesByDriver.set(target, neighbours)
    neighbours.add(this.#self)
    this.#neighbours = neighbours
    const mutex = fallbackMutexes.get(storage) ?? new KeyedMutex()
    fallbackMutexes.set(storage, mutex)
    this.#fallbackCommits = mutex
  }

  /**
   * Calls `listener` with the keys of every commit made through this store or any other store on
   * the same driver in this process (a record cache forgets them). Returns the function that stops it.
   */
  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Whether records may be cached: no other process writes, or the driver tells when one did. */
  get cacheable(): boolean {
    if (!this.driver) return false
    return this.driver.changeToken === undefined || this.driver.changeToken() !== null
  }

  /**
   * A number that changes when another process may have changed the data, `undefined` when no
   * other process writes this store.
   */
  changeToken(): number | null | undefined {
    return this.driver?.changeToken?.()
  }

  /** The text under `key`, or `null`. */
  async read(key: string): Promise<string | null> {
    this.#open('read')
    try {
      const value: unknown = this.driver ? await this.driver.getItem(key, {}) : await this.storage.getItemRaw(key)
      return toText(value, key, this.driverName)
    } catch (error) {
      throw readError(error, key, this.driverName)
    }
  }

  /** Whether `key` holds a value (its value is not read: a cheap existence check). */
  async has(key: string): Promise<boolean> {
    this.#open('read')
    try {
      return Boolean(this.driver ? await this.driver.hasItem(key, {}) : await this.storage.hasItem(key))
    } catch (error) {
      throw readError(error, key, this.driverName)
    }
  }

  /** The bytes under `key`, or `null`. */
  async readBytes(key: string): Promise<Uint8Array | null> {
    this.#open('read')
    try {
      const value: unknown = this.driver?.getItemRaw ? await this.driver.getItemRaw(key, {}) : await this.storage.getItemRaw(key)
      if (value === null || value === undefined) return null
      if (value instanceof Error) throw value
      // unstorage's own encoding of bytes on a driver that keeps text only.
      if (typeof value === 'string') return value.startsWith('base64:') ? Buffer.from(value.slice(7), 'base64') : Buffer.from(value, 'utf8')
      return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer)
    } catch (error) {
      throw readError(error, key, this.driverName)
    }
  }

  /** Text of several keys, in the order given (`null` for a missing one). */
  async readMany(keys: readonly string[]): Promise<Array<string | null>> {
    return Promise.all(keys.map((key) => this.read(key)))
  }

  /** Keys under `base` (`movies:` lists `movies:…`), sorted. */
  async keys(base: string): Promise<string[]> {
    this.#open('list')
    try {
      const keys = this.driver ? await this.driver.getKeys(base, {}) : await this.storage.getKeys(base)
      return keys.filter((key) => key.startsWith(base)).sort()
    } catch (error) {
      throw readError(error, base, this.driverName)
    }
  }

  /** Keys under `base` with their text, in key order. */
  async entries(base: string): Promise<Array<{ key: string; value: string }>> {
    this.#open('list')
    if (this.driver?.getEntries) {
      try {
        return await this.driver.getEntries(base)
      } catch (error) {
        throw readError(error, base, this.driverName)
      }
    }
    const keys = await this.keys(base)
    const entries: Array<{ key: string; value: string }> = []
    for (let start = 0; start < keys.length; start += READ_CHUNK) {
      const chunk = keys.slice(start, start + READ_CHUNK)
      const values = await this.readMany(chunk)
      chunk.forEach((key, index) => {
        const value = values[index]
        if (value !== null && value !== undefined) entries.push({ key, value })
      })
    }
    return entries
  }

  /** Number of keys under `base`. */
  async count(base: string): Promise<number> {
    if (this.driver?.countKeys) {
      this.#open('count')
      return this.driver.countKeys(base)
    }
    return (await this.keys(base)).length
  }

  /** Bytes stored under `base`. */
  async bytes(base: string): Promise<number> {
    if (this.driver?.bytesUnder) {
      this.#open('measure')
      return this.driver.bytesUnder(base)
    }
    let total = 0
    for (const key of await this.keys(base)) total += await this.size(key)
    return total
  }

  /** Bytes stored under one key, 0 when absent. */
  async size(key: string): Promise<number> {
    try {
      const meta = this.driver?.getMeta ? await this.driver.getMeta(key, {}) : await this.storage.getMeta(key, { nativeOnly: true })
      if (typeof meta?.size === 'number') return meta.size
    } catch {
      // metadata is an optimisation only: the value itself is read below
    }
    return (await this.readBytes(key))?.byteLength ?? 0
  }

  /**
   * Commits a batch: every check, then every write, as one unit on a transactional driver.
   * @throws StorageConflictError when a check fails (nothing is written); StorageWriteError
   */
  async commit(batch: CommitBatch): Promise<CommitResult> {
    this.#open('commit')
    if (batch.writes.length === 0 && batch.checks.length === 0) return { skipped: [] }
    let result: CommitResult
    try {
      result = this.driver ? await this.driver.commit(batch) : await this.#fallbackCommits.run('commit', () => this.#commitOneByOne(batch))
    } catch (error) {
      // A commit that failed past its checks may have written some of its keys (the fallback, or
      // a driver that finishes it later, as the fs journal does): they are no longer known.
      if (!(error instanceof StorageConflictError)) this.#notify(batch.writes.map((write) => write.key))
      if (error instanceof CinelayerError) throw error
      throw new StorageWriteError(batch.writes[0]?.key ?? batch.checks[0]?.key ?? '', this.driverName, error)
    }
    this.#notify(batch.writes.map((write) => write.key))
    return result
  }

  /**
   * Refuses every later call with `StorageClosedError`, then disposes of the storage (unless
   * `dispose: false`: a storage the caller owns stays open for it).
   */
  async close(options: { dispose?: boolean } = {}): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#neighbours.delete(this.#self)
    await this.#fallbackCommits.idle()
    if (options.dispose !== false) await this.storage.dispose()
  }

  get closed(): boolean {
    return this.#closed
  }

  async #commitOneByOne(batch: CommitBatch): Promise<CommitResult> {
    for (const check of batch.checks) {
      if (toText(await this.storage.getItemRaw(check.key), check.key, this.driverName) !== check.value) throw new StorageConflictError(check.key)
    }
    const skipped: string[] = []
    for (const write of batch.writes) {
      if (write.value === null) await this.storage.removeItem(write.key)
      else if (write.ifAbsent && (await this.storage.hasItem(write.key))) skipped.push(write.key)
      else if (typeof write.value === 'string') await this.storage.setItem(write.key, write.value)
      else await this.storage.setItemRaw(write.key, write.value)
    }
    return { skipped }
  }

  #notify(keys: readonly string[]): void {
    for (const reference of this.#neighbours) {
      const store = reference.deref()
      if (!store) this.#neighbours.delete(reference)
      else for (const listener of store.#listeners) listener(keys)
    }
  }

  #open(what: string): void {
    if (this.#closed) throw new StorageClosedError(what)
  }
}

function driverName(storage: Storage): string {
  try {
    return (storage.getMount('').driver as Driver).name ?? 'unnamed'
  } catch {
    return 'unnamed'
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

// Drivers differ: fs gives a string or a Buffer, memory the string stored, some KV drivers an
// already decoded value (JSON parsed by the driver): that one is serialized back.
function toText(value: unknown, key: string, driver: string): string | null {
  if (value === null || value === undefined) return null
  // unstorage's fs driver resolves a failed read (EACCES, ENOTDIR…) with the error as the value.
  if (value instanceof Error) throw new StorageReadError(key, driver, value)
  if (typeof value === 'string') return value
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    try {
      return utf8.decode(value as ArrayBuffer)
    } catch (error) {
      throw new StorageCorruptError(key, error)
    }
  }
  return JSON.stringify(value)
}

function readError(error: unknown, key: string, driver: string): Error {
  if (error instanceof CinelayerError) return error
  return new StorageReadError(key, driver, error)
}
