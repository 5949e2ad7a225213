import { StorageIndexBrokenError } from './errors.js'
import type { JsonRecords, RecordKind } from './json-records.js'
import type { StoreMutex } from './store-mutex.js'
import { compareIds } from './storage-keys.js'

/** A shard as the directory knows it: where it is, its range and its size. */
interface ShardRef {
  key: string
  first: string
  last: string
  count: number
}

/** The directory of an index: its shards in id order. Small: one entry per shard. */
interface IndexDirectory {
  format: 1
  /** Next shard number: shards are never rewritten in place, each version gets a new key. */
  next: number
  shards: ShardRef[]
}

/** Default largest shard: about 20 KB of ids; 100,000 ids make some 50–100 shards. */
export const DEFAULT_MAX_SHARD_SIZE = 2048

const directoryKind: RecordKind<IndexDirectory> = {
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

const shardKind: RecordKind<string[]> = {
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

/** A page of an index. */
export interface IndexPage {
  /** Ids in the whole index. */
  total: number
  ids: string[]
}

/**
 * A sorted set of ids kept in a few bounded records: a directory (`index:<name>:dir`) and shards
 * of at most `maxShardSize` ids (`index:<name>:s:<n>`), never one big record rewritten on every
 * change. A page or a membership test reads the directory and one or two shards.
 *
 * A change writes the new shards under new keys, then the directory (the commit point), then
 * removes the old shards: a crash at any point leaves a directory whose shards are all there, plus
 * at most some unreferenced shards that `reindex()` clears.
 */
export class ShardedIdIndex {
  readonly #records: JsonRecords
  readonly #mutex: StoreMutex
  readonly #maxShardSize: number
  readonly name: string

  constructor(records: JsonRecords, name: string, mutex: StoreMutex, maxShardSize = DEFAULT_MAX_SHARD_SIZE) {
    this.#records = records
    this.name = name
    this.#mutex = mutex
    this.#maxShardSize = Math.max(2, maxShardSize)
  }

  /** Key of the directory record. */
  get directoryKey(): string {
    return `index:${this.name}:dir`
  }

  /** Prefix of the shard records. */
  get shardPrefix(): string {
    return `index:${this.name}:s`
  }

  /** Adds ids (already there: nothing written). */
  async add(ids: readonly string[]): Promise<void> {
    await this.#change(ids, (members, id) => {
      if (members.has(id)) return false
      members.add(id)
      return true
    })
  }

  /** Removes ids (absent: nothing written). */
  async remove(ids: readonly string[]): Promise<void> {
    await this.#change(ids, (members, id) => members.delete(id))
  }

  /** Number of ids, from the directory alone. */
  async count(): Promise<number> {
    const directory = await this.#readDirectory()
    return directory.shards.reduce((sum, shard) => sum + shard.count, 0)
  }

  /** `limit` ids from `offset` (0-based), in id order, with the total. */
  async page(offset: number, limit: number): Promise<IndexPage> {
    return this.#consistent(async (directory) => {
      const total = directory.shards.reduce((sum, shard) => sum + shard.count, 0)
      const ids: string[] = []
      let skipped = 0
      for (const shard of directory.shards) {
        if (ids.length >= limit) break
        if (skipped + shard.count <= offset) {
          skipped += shard.count
          continue
        }
        const members = await this.#readShard(shard.key)
        if (!members) return null
        const from = Math.max(0, offset - skipped)
        ids.push(...members.slice(from, from + limit - ids.length))
        skipped += shard.count
      }
      return { total, ids }
    })
  }

  /** Every id, a shard at a time (bounded memory). A shard replaced meanwhile is read again. */
  async *chunks(): AsyncGenerator<string[]> {
    let after: string | undefined
    for (;;) {
      const next = await this.#consistent(async (directory) => {
        const shard = directory.shards.find((candidate) => after === undefined || compareIds(candidate.last, after) > 0)
        if (!shard) return []
        const members = await this.#readShard(shard.key)
        return members && members.filter((id) => after === undefined || compareIds(id, after) > 0)
      })
      if (next.length === 0) return
      yield next
      after = next[next.length - 1]
    }
  }

  /** Every id, in order. */
  async all(): Promise<string[]> {
    const ids: string[] = []
    for await (const chunk of this.chunks()) ids.push(...chunk)
    return ids
  }

  /**
   * Replaces the whole content (a rebuild), then removes every shard record the new directory
   * does not use, including those a crash left behind.
   */
  async replace(ids: readonly string[]): Promise<void> {
    const sorted = [...new Set(ids)].sort(compareIds)
    await this.#mutex.run(this.#lockName, async () => {
      const before = await this.#readDirectory()
      const directory: IndexDirectory = { format: 1, next: before.next, shards: [] }
      await this.#writeShards(directory, sorted, Math.floor((this.#maxShardSize * 3) / 4))
      await this.#records.write(this.directoryKey, directory, directoryKind)
      const used = new Set(directory.shards.map((shard) => shard.key))
      for (const key of await this.#records.keys(this.shardPrefix)) if (!used.has(key)) await this.#records.remove(key)
    })
  }

  /** Removes the index altogether: its directory and every shard record. */
  async drop(): Promise<void> {
    await this.#mutex.run(this.#lockName, async () => {
      if (await this.#records.has(this.directoryKey)) await this.#records.remove(this.directoryKey)
      for (const key of await this.#records.keys(this.shardPrefix)) await this.#records.remove(key)
    })
  }

  /** Shard keys present in storage that the directory does not reference (left by a crash). */
  async strayShards(): Promise<string[]> {
    const used = new Set((await this.#readDirectory()).shards.map((shard) => shard.key))
    return (await this.#records.keys(this.shardPrefix)).filter((key) => !used.has(key))
  }

  get #lockName(): string {
    return `index:${this.name}`
  }

  /** Applies `apply` to each id in the shard whose range holds it; rewrites only the shards that changed. */
  async #change(ids: readonly string[], apply: (members: Set<string>, id: string) => boolean): Promise<void> {
    if (ids.length === 0) return
    await this.#mutex.run(this.#lockName, async () => {
      const directory = await this.#readDirectory()
      const groups = new Map<number, string[]>()
      for (const id of ids) {
        const index = shardFor(directory.shards, id)
        const group = groups.get(index)
        if (group) group.push(id)
        else groups.set(index, [id])
      }
      const fresh: IndexDirectory = { format: 1, next: directory.next, shards: [] }
      const replaced = new Set<ShardRef>()
      for (const [index, group] of groups) {
        const shard = directory.shards[index]
        const members = new Set(shard ? await this.#requireShard(shard.key) : [])
        let changed = false
        for (const id of group) changed = apply(members, id) || changed
        if (!changed) continue
        if (shard) replaced.add(shard)
        // Each shard is redone on its own, so the new shards keep to the range between its neighbours.
        await this.#writeShards(fresh, [...members].sort(compareIds))
      }
      if (replaced.size === 0 && fresh.shards.length === 0) return
      const shards = [...directory.shards.filter((shard) => !replaced.has(shard)), ...fresh.shards].sort((a, b) => compareIds(a.first, b.first))
      await this.#records.write(this.directoryKey, { format: 1, next: fresh.next, shards }, directoryKind)
      for (const shard of replaced) await this.#records.remove(shard.key)
    })
  }

  async #requireShard(key: string): Promise<string[]> {
    const members = await this.#readShard(key)
    if (!members) throw new StorageIndexBrokenError(this.name, key, 'a shard the directory lists is missing')
    return members
  }

  /**
   * Writes `sorted` as new shards. A shard that still fits stays whole; a bigger one is cut into
   * shards about `fill` long, leaving room for inserts before the next split.
   */
  async #writeShards(directory: IndexDirectory, sorted: readonly string[], fill = Math.floor(this.#maxShardSize / 2)): Promise<void> {
    if (sorted.length === 0) return
    const count = sorted.length <= this.#maxShardSize ? 1 : Math.ceil(sorted.length / Math.max(1, fill))
    const size = Math.ceil(sorted.length / count)
    for (let start = 0; start < sorted.length; start += size) {
      const members = sorted.slice(start, start + size)
      const key = `${this.shardPrefix}:${(directory.next++).toString(36)}`
      await this.#records.write(key, members, shardKind)
      directory.shards.push({ key, first: members[0]!, last: members[members.length - 1]!, count: members.length })
    }
  }

  async #readDirectory(): Promise<IndexDirectory> {
    return (await this.#records.read(this.directoryKey, directoryKind)) ?? { format: 1, next: 0, shards: [] }
  }

  async #readShard(key: string): Promise<string[] | null> {
    return this.#records.read(key, shardKind)
  }

  /**
   * Runs a read against the directory; when it finds a shard gone (replaced by a writer between
   * the directory read and the shard read, `null`), it starts again on a fresh directory.
   */
  async #consistent<T>(read: (directory: IndexDirectory) => Promise<T | null>): Promise<T> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const result = await read(await this.#readDirectory())
      if (result !== null) return result
    }
    throw new StorageIndexBrokenError(this.name, this.directoryKey, 'shards listed by the directory keep missing')
  }
}

/** The shard whose range holds `id`, or would: the last one starting at or before it, else the first. */
function shardFor(shards: readonly ShardRef[], id: string): number {
  let low = 0
  let high = shards.length - 1
  let found = 0
  while (low <= high) {
    const middle = (low + high) >> 1
    if (compareIds(shards[middle]!.first, id) <= 0) {
      found = middle
      low = middle + 1
    } else high = middle - 1
  }
  return found
}
