import type { RecordKind } from './json-records.js'

/** A shard as the directory knows it: where it is, its range and its size. */
export interface ShardRef {
  key: string
  first: string
  last: string
  count: number
}

/** The directory of an index: its shards in id order. Small: one entry per shard. */
export interface IndexDirectory {
  format: 1
  /** Next shard number: shards are never rewritten in place, each version gets a new key. */
  next: number
  shards: ShardRef[]
}

/** Default largest shard: about 20 KB of ids; 100,000 ids make some 50–100 shards. */
export const DEFAULT_MAX_SHARD_SIZE = 2048

/** The directory record: checked on read, like every record. */
export const directoryKind: RecordKind<IndexDirectory> = {
  kind: 'index directory',
  versioned: false,
  schema: {
    safeParse(input) {
      const value = input as Partial<IndexDirectory> | null
      const valid =
        value?.format === 1 &&
        Number.isSafeInteger(value.next) &&
        Array.isArray(value.shards) &&
        value.shards.every((shard) => typeof shard?.key === 'string' && typeof shard.first === 'string' && typeof shard.last === 'string' && Number.isSafeInteger(shard.count))
      return valid ? { success: true, data: value as IndexDirectory } : { success: false, error: new Error('expected { format: 1, next, shards: [{ key, first, last, count }] }') }
    },
  },
}

/** A shard record: a sorted array of ids. */
export const shardKind: RecordKind<string[]> = {
  kind: 'index shard',
  versioned: false,
  schema: {
    safeParse(input) {
      return Array.isArray(input) && input.every((id) => typeof id === 'string')
        ? { success: true, data: input }
        : { success: false, error: new Error('expected an array of ids') }
    },
  },
}
