import type { CommitWrite } from './commit.js'
import type { CinelayerStores } from './create-stores.js'
import { keyPrefixes } from './storage-keys.js'

/** What {@link copyCatalog} copied. */
export interface CopyReport {
  /** Keys copied, per prefix (`movies`, `people`, `images`…). */
  keys: Record<string, number>
  /** Bytes of the values copied. */
  bytes: number
}

/** Options of {@link copyCatalog}. */
export interface CopyOptions {
  /** Keys written per commit. Default `500`. */
  batchSize?: number
  /** Called after each batch with the keys copied so far. */
  onProgress?: (copied: number, total: number) => void
}

// The store's own bookkeeping stays with each store (its layout mark is written by its own check).
const SKIPPED = new Set<string>([keyPrefixes.quarantine])

/**
 * Copies a whole catalog from one store to another, key by key, a batch per commit: records,
 * derived entries, images, usage and state. How a catalog moves between the SQLite default, the fs
 * JSON folder (the export format: one readable file per record), memory and Redis. Keys already in
 * the target are replaced; nothing is removed from it.
 */
export async function copyCatalog(from: CinelayerStores, to: CinelayerStores, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = Math.max(1, options.batchSize ?? 500)
  const keys = (await from.kv.keys('')).filter((key) => !SKIPPED.has(key.split(':')[0]!))
  const report: CopyReport = { keys: {}, bytes: 0 }
  let copied = 0
  for (let start = 0; start < keys.length; start += batchSize) {
    const writes: CommitWrite[] = []
    for (const key of keys.slice(start, start + batchSize)) {
      const prefix = key.split(':')[0]!
      const value = prefix === keyPrefixes.images ? await from.kv.readBytes(key) : await from.kv.read(key)
      if (value === null) continue
      writes.push({ key, value })
      report.keys[prefix] = (report.keys[prefix] ?? 0) + 1
      report.bytes += typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength
    }
    await to.kv.commit({ checks: [], writes })
    copied += writes.length
    options.onProgress?.(copied, keys.length)
  }
  return report
}
