import type { LevelSet } from '@cinelayer/core'
import { createStores, memoryDriver } from '@cinelayer/storage'
import { createStorage } from 'unstorage'

/**
 * The real stores on cinelayer's memory driver (the one that passes the store contract), so that an
 * enricher runs here inside the real enrichment engine, on the one write path.
 */
export function memoryStores(levels?: LevelSet) {
  return createStores(createStorage({ driver: memoryDriver() }), levels ? { levels } : {})
}
