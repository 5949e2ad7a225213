import { createManualClock, recordBytes, systemClock } from '@cinelayer/core'
import type { Storage } from 'unstorage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CinelayerStores, createStores } from '../src/index.js'
import { describeIndexContract } from './contract-indexes.js'
import { describeMaintenanceContract } from './contract-maintenance.js'
import { describeMovieContract } from './contract-movies.js'
import { describePersonContract } from './contract-people.js'
import { describeRelationContract } from './contract-relations.js'
import { describeStatsContract } from './contract-stats.js'
import { T0, cast, fightClub, person, stats } from './records.js'

/** A storage to run the contract on, and how to dispose of it. */
export interface StorageUnderTest {
  storage: Storage
  cleanup?: () => Promise<void>
}

/** What each part of the contract works on; filled afresh before every test. */
export interface ContractContext {
  storage: Storage
  stores: CinelayerStores
  /** Runs `action`, expects it to fail with `type`, and checks that storage is unchanged. */
  refusedUntouched(action: () => Promise<unknown>, type: abstract new (...args: never[]) => Error): Promise<void>
}

/** Every key and its stored text: equal before and after means nothing was written. */
export async function dump(storage: Storage): Promise<Record<string, string>> {
  const entries: Record<string, string> = {}
  for (const key of (await storage.getKeys('')).sort()) {
    const raw: unknown = await storage.getItemRaw(key)
    entries[key] = typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('base64')
  }
  return entries
}

/** The stored value under `key`, parsed from its raw text (unstorage's getItem would parse it its own way). */
export async function storedJson(storage: Storage, key: string): Promise<unknown> {
  const raw: unknown = await storage.getItemRaw(key)
  return JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('utf8'))
}

/** Keys of records, the indexes left out: what a user of the stores wrote. */
export async function recordKeys(storage: Storage, base = ''): Promise<string[]> {
  return (await storage.getKeys(base)).filter((key) => !key.startsWith('index:')).sort()
}

/**
 * The contract every store implementation passes: run it with a factory of fresh storages (a
 * new driver needs about five lines). Stores are created with `createStores`.
 */
export function describeStoreContract(name: string, makeStorage: () => Promise<StorageUnderTest> | StorageUnderTest): void {
  describe(`store contract: ${name}`, () => {
    let under: StorageUnderTest
    const ctx = {
      async refusedUntouched(action, type) {
        const before = await dump(ctx.storage)
        await expect(action()).rejects.toBeInstanceOf(type)
        expect(await dump(ctx.storage)).toEqual(before)
      },
    } as ContractContext

    beforeEach(async () => {
      under = await makeStorage()
      ctx.storage = under.storage
      ctx.stores = createStores(under.storage)
    })
    afterEach(async () => {
      await under.cleanup?.()
    })

    describeMovieContract(ctx)
    describePersonContract(ctx)
    describeRelationContract(ctx)
    describeStatsContract(ctx)
    describeIndexContract(ctx)
    describeMaintenanceContract(ctx)

    describe('createStores', () => {
      it('bytesStored sums every cinelayer value, images included, and nothing else', async () => {
        expect(await ctx.stores.bytesStored()).toBe(0)
        const credits = [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')]
        await ctx.stores.movies.put(fightClub())
        await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
        await ctx.stores.people.put(person(287, 'Brad Pitt'))
        await ctx.stores.relations.setForMovie('tmdb:550', credits)
        await ctx.stores.stats.put(stats('tmdb:550'))
        await ctx.storage.setItem('images:tmdb:550:poster', 'x'.repeat(1000))
        await ctx.storage.setItem('elsewhere:app:state', 'y'.repeat(5000))
        const expected =
          recordBytes(fightClub()) +
          recordBytes({ id: 'tmdb:550' }) +
          recordBytes(person(287, 'Brad Pitt')) +
          2 * recordBytes(credits) +
          recordBytes(stats('tmdb:550')) +
          1000
        expect(await ctx.stores.bytesStored()).toBe(expected)
      })

      it('hands back the storage, and the clock given (the system clock by default)', () => {
        expect(ctx.stores.storage).toBe(ctx.storage)
        expect(ctx.stores.clock).toBe(systemClock)
        const clock = createManualClock(T0)
        expect(createStores(ctx.storage, { clock }).clock).toBe(clock)
      })
    })
  })
}
