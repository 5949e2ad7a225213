/**
 * `@cinelayer/storage/contract`: the store contract suite. Every store cinelayer ships (SQLite,
 * the fs JSON folder, memory, Redis) runs it, and so can any other unstorage driver:
 *
 * ```ts
 * import { createStorage } from 'unstorage'
 * import { describeStoreContract } from '@cinelayer/storage/contract'
 * import { myDriver } from '../src/my-driver.js'
 *
 * describeStoreContract('my driver', () => ({ storage: createStorage({ driver: myDriver() }) }), { atomic: false })
 * ```
 *
 * It runs on vitest (an optional peer dependency of `@cinelayer/storage`), with a fresh storage per
 * test, through the public API only: the one write path, compare-and-set against other writers,
 * whole-or-nothing commits, derived entries that follow their record, corrupt records skipped and
 * quarantined, catalog copies, hostile ids.
 * @packageDocumentation
 */
import { afterEach, beforeEach, describe } from 'vitest'
import { describeCommitContract } from './commits.js'
import { describeConflictContract } from './conflicts.js'
import { ContractContext, type MakeStorage, type StoreContractOptions } from './context.js'
import { describeCopyContract } from './copy.js'
import { describeHostileIdContract } from './hostile-ids.js'
import { describeImageContract } from './images.js'
import { describeMaintenanceContract } from './maintenance.js'
import { describeMovieContract } from './movies.js'
import { describePersonContract } from './people.js'
import { describeRelationContract } from './relations.js'
import { describeStatsContract } from './stats.js'

export { ContractContext, type ErrorClass, type MakeStorage, type StorageUnderTest, type StoreContractOptions } from './context.js'
export { T0, cast, crew, fightClub, hostileMovieIds, hostilePersonIds, largeCredits, movie, person, stats } from './fixtures.js'
export { addMark } from './conflicts.js'

/**
 * Describes the store contract for one storage: a vitest `describe` block named
 * `store contract: <name>` with every part (movies, people, relations, stats, images, commits,
 * conflicts, maintenance, copy, hostile ids).
 * @param name what the storage is, in test names
 * @param makeStorage a fresh, empty storage (and its cleanup) per test; called again when a test needs a second one
 * @param options `atomic` (default `true`): whether the driver commits a batch as one unit
 */
export function describeStoreContract(name: string, makeStorage: MakeStorage, options: StoreContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    const ctx = new ContractContext(makeStorage, options)
    beforeEach(() => ctx.setUp())
    afterEach(() => ctx.tearDown())

    describeMovieContract(ctx)
    describePersonContract(ctx)
    describeRelationContract(ctx)
    describeStatsContract(ctx)
    describeImageContract(ctx)
    describeCommitContract(ctx)
    describeConflictContract(ctx)
    describeMaintenanceContract(ctx)
    describeCopyContract(ctx)
    describeHostileIdContract(ctx)
  })
}
