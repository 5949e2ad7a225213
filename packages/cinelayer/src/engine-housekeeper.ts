import { statfs } from 'node:fs/promises'
import type { CinelayerPlugin, Clock, EventBus, LevelSet } from '@cinelayer/core'
import { type Housekeeper, type ImageInventory, type PendingAccesses, createHousekeeper, defaultRules } from '@cinelayer/housekeeping'
import type { CinelayerStores } from '@cinelayer/storage'
import type { MovieEngineOptions } from './engine-options.js'

/** One gibibyte: what an engine that downloads images keeps free on its data folder's disk by default. */
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3

/**
 * Bytes an unprivileged process may still write on the file system that holds `path` (`statfs`:
 * blocks available to users times the block size; the blocks reserved for root are not counted).
 */
export async function freeBytesAt(path: string): Promise<number> {
  const stats = await statfs(path)
  return Number(stats.bavail) * Number(stats.bsize)
}

/**
 * The free space the default disk budget keeps: the option when given (`false`: none), else
 * {@link DEFAULT_MIN_FREE_BYTES} when images are downloaded into a data folder of the engine's own,
 * since their files are what grows without bound and a full disk fails every write of the store,
 * not only the images'. Without downloads, records alone rarely fill a disk: no default.
 */
export function minFreeBytesOf(option: number | false | undefined, downloads: boolean, folder: string | undefined): number | undefined {
  if (option === false) return undefined
  if (option !== undefined) return option
  return downloads && folder !== undefined ? DEFAULT_MIN_FREE_BYTES : undefined
}

/** What the engine's housekeeper is made of. */
export interface EngineHousekeeperDeps {
  options: MovieEngineOptions
  plugins: readonly CinelayerPlugin[]
  stores: CinelayerStores
  levels: LevelSet
  bus: EventBus
  clock: Clock
  images: ImageInventory
  tracker: PendingAccesses
  /** The engine's own data folder, whose disk the budget measures; none for a store given or in memory. */
  folderPath: string | undefined
}

/**
 * The housekeeper of an engine: the rules of the options (else the default rules, with the free
 * space to keep when images are downloaded), the plugins' rules after them, and the free space of
 * the data folder's disk measured for each plan.
 */
export function createEngineHousekeeper(deps: EngineHousekeeperDeps): Housekeeper {
  const { options, folderPath } = deps
  const minFreeBytes = minFreeBytesOf(options.housekeeping?.minFreeBytes, options.images?.download === true, folderPath)
  const rules = options.housekeeping?.rules ?? defaultRules(minFreeBytes === undefined ? {} : { minFreeBytes })
  return createHousekeeper({
    movies: deps.stores.movies,
    stats: deps.stores.stats,
    levels: deps.levels,
    bus: deps.bus,
    clock: deps.clock,
    rules: [...rules, ...deps.plugins.flatMap((plugin) => plugin.rules ?? [])],
    ...(folderPath === undefined ? {} : { freeBytes: () => freeBytesAt(folderPath) }),
    ...(options.housekeeping?.budgetBytes === undefined ? {} : { budgetBytes: options.housekeeping.budgetBytes }),
    images: deps.images,
    tracker: deps.tracker,
  })
}
