import { createManualClock } from '@cinelayer/core'
import type { Storage } from '../unstorage-types.js'
import { expect } from 'vitest'
import { type CinelayerStores, type StoresOptions, createStores } from '../create-stores.js'
import { T0 } from './fixtures.js'

/** A storage to run the contract on, and how to dispose of it. */
export interface StorageUnderTest {
  storage: Storage
  /** Removes what the storage left (a temporary folder, a key base); called after each test, once the storage is disposed of. */
  cleanup?: () => Promise<void> | void
}

/** Makes a fresh, empty storage; called before every test (and again when a test needs a second, empty one). */
export type MakeStorage = () => Promise<StorageUnderTest> | StorageUnderTest

/** Options of `describeStoreContract`. */
export interface StoreContractOptions {
  /**
   * Whether the driver commits a batch as one unit (implements cinelayer's `commit`): then the
   * contract also checks that a batch the driver fails half-way through leaves nothing. Default
   * `true`; `false` for a plain unstorage driver, which the stores drive one write at a time.
   */
  atomic?: boolean
}

/** A class of error, as `expect(...).rejects.toBeInstanceOf` takes it. */
export type ErrorClass = abstract new (...args: never[]) => Error

/**
 * What each part of the contract works on: a fresh storage and stores on it before every test,
 * with ways to act behind the stores' back (a second writer, a corrupted value).
 */
export class ContractContext {
  readonly #make: MakeStorage
  readonly #cleanups: Array<() => Promise<void> | void> = []
  /** Whether the storage under test is expected to commit atomically. */
  readonly atomic: boolean
  #storage: Storage | undefined
  #stores: CinelayerStores | undefined

  constructor(make: MakeStorage, options: StoreContractOptions) {
    this.#make = make
    this.atomic = options.atomic ?? true
  }

  /** The storage of the current test. */
  get storage(): Storage {
    if (!this.#storage) throw new Error('the store contract context is used outside a test')
    return this.#storage
  }

  /** The stores of the current test, on {@link storage}. */
  get stores(): CinelayerStores {
    if (!this.#stores) throw new Error('the store contract context is used outside a test')
    return this.#stores
  }

  /** Before each test: a fresh storage, stores on it, checked once (which marks the layout). */
  async setUp(): Promise<void> {
    this.#storage = await this.#fresh()
    this.#stores = this.open()
    await this.#stores.check()
  }

  /** After each test: every storage made is disposed of. */
  async tearDown(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup()
    this.#storage = undefined
    this.#stores = undefined
  }

  /**
   * Other stores on the same storage: what another process sharing the store would have (its own
   * per-movie mutex, its own record cache). A change committed through them is, for
   * {@link stores}, the commit of another writer.
   */
  open(options: StoresOptions = {}): CinelayerStores {
    return createStores(this.storage, { clock: createManualClock(T0), ...options })
  }

  /** Stores on another fresh, empty storage of the same kind (a copy's target). */
  async another(): Promise<CinelayerStores> {
    return createStores(await this.#fresh(), { clock: createManualClock(T0) })
  }

  /** Writes `value` (text, or `null` to remove) under `key` behind the stores' back: a corruption, a stray value. */
  async writeRaw(key: string, value: string | null): Promise<void> {
    await this.stores.kv.commit({ checks: [], writes: [{ key, value }] })
  }

  /** The text stored under `key`, or `null`. */
  readRaw(key: string): Promise<string | null> {
    return this.stores.kv.read(key)
  }

  /** Keys stored under `base`, sorted. */
  keys(base = ''): Promise<string[]> {
    return this.stores.kv.keys(base)
  }

  /** Every key and its bytes (base64): equal before and after means nothing was written. */
  async dump(stores: CinelayerStores = this.stores): Promise<Record<string, string>> {
    const kv = stores.kv
    const entries: Record<string, string> = {}
    for (const key of await kv.keys('')) entries[key] = Buffer.from((await kv.readBytes(key)) ?? new Uint8Array()).toString('base64')
    return entries
  }

  /** Runs `action`, expects its promise to reject with `type`, and checks that nothing was written. */
  async refusedUntouched(action: () => Promise<unknown>, type: ErrorClass): Promise<void> {
    const before = await this.dump()
    await expect(action()).rejects.toBeInstanceOf(type)
    expect(await this.dump()).toEqual(before)
  }

  async #fresh(): Promise<Storage> {
    const under = await this.#make()
    this.#cleanups.push(async () => {
      await under.storage.dispose()
      await under.cleanup?.()
    })
    return under.storage
  }
}
