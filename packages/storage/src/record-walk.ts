import type { JsonRecords } from './json-records.js'
import { idsUnder } from './storage-keys.js'

/** One stored value met by {@link walkStored}: its id and key, and its JSON or why it cannot be parsed. */
export interface StoredEntry {
  id: string
  key: string
  json: unknown
  error?: unknown
}

/**
 * Every value under `prefix` whose key is a valid id, parsed as JSON (unchecked), `batchSize` in
 * parallel. Lists keys: this is the full pass of maintenance (`reindex`, `validate`, `migrate`),
 * never of a request.
 */
export async function* walkStored(
  records: JsonRecords,
  prefix: string,
  parse: (id: string) => { id: string },
  batchSize = 64,
): AsyncGenerator<StoredEntry> {
  const ids = idsUnder(await records.keys(prefix), prefix, parse)
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize)
    const entries = await Promise.all(
      batch.map(async (id): Promise<StoredEntry> => {
        const key = `${prefix}:${id}`
        try {
          return { id, key, json: await records.readJson(key) }
        } catch (error) {
          return { id, key, json: undefined, error }
        }
      }),
    )
    // A value removed between the listing and the read is not there any more.
    for (const entry of entries) if (entry.json !== null) yield entry
  }
}
