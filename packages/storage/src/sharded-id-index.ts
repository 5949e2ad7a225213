import { StorageIndexBrokenError } from './errors.js'
import { DEFAULT_MAX_SHARD_SIZE, type IndexDirectory, type ShardRef, directoryKind, shardKind } from './index-records.js'
import type { JsonRecords } from './json-records.js'
import type { StoreMutex } from './store-mutex.js'
import { compareIds } from './storage-keys.js'

/** Ids waiting for one change of the index. */
interface Batch {
  kind: 'add' | 'remove'
  ids: string[]
  started: boolean
  done: Promise<void>
}

const addTo = (members: Set<string>, id: string): boolean => {
  if (members.has(id)) return false
  members.add(id)
  return true
}

const removeFrom = (members: Set<string>, id: string): boolean => members.delete(id)

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
  #tail: Batch | undefined
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

  /**
   * Adds ids (already there: nothing written). Resolves once they are in. Adds made while another
   * change runs are written together by the next one (one shard and directory write for many puts).
   */
  add(ids: readonly string[]): Promise<void> {
    return this.#enqueue('add', ids)
  }

  /** Removes ids (absent: nothing written). Coalesced like {@link add}. */
  remove(ids: readonly string[]): Promise<void> {
    return this.#enqueue('remove', ids)
  }

  /**
   * Queues ids for the next change of their kind. A batch takes more ids only while it is the
   * last one queued and has not started, so that an add and a remove of one id keep their order.
   */
  #enqueue(kind: 'add' | 'remove', ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve()
    const tail = this.#tail
    if (tail && tail.kind === kind && !tail.started) {
      tail.ids.push(...ids)
      return tail.done
    }
    const batch: Batch = { kind, ids: [...ids], started: false, done: Promise.resolve() }
    this.#tail = batch
    const apply = kind === 'add' ? addTo : removeFrom
    batch.done = this.#change(() => {
      batch.started = true
      if (this.#tail === batch) this.#tail = undefined
      return batch.ids
    }, apply)
    return batch.done
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
    // Changes asked for after this one must not join a batch that runs before it.
    this.#tail = undefined
    await this.#mutex.run(this.#lockName, async () => {
      const directory: IndexDirectory = { format: 1, next: await this.#nextShardNumber(), shards: [] }
      await this.#writeShards(directory, sorted, Math.floor((this.#maxShardSize * 3) / 4))
      await this.#records.write(this.directoryKey, directory, directoryKind)
      const used = new Set(directory.shards.map((shard) => shard.key))
      for (const key of await this.#records.keys(this.shardPrefix)) if (!used.has(key)) await this.#records.remove(key)
    })
  }

  /** Removes the index altogether: its directory and every shard record. */
  async drop(): Promise<void> {
    this.#tail = undefined
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

  /**
   * Applies `apply` to each id in the shard whose range holds it; rewrites only the shards that
   * changed. The ids are taken once the mutex is held, so that those queued meanwhile join in.
   */
  async #change(take: () => readonly string[], apply: (members: Set<string>, id: string) => boolean): Promise<void> {
    await this.#mutex.run(this.#lockName, async () => {
      const ids = take()
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

  /** The directory's next shard number; past every shard key there is when the directory cannot be read (a rebuild). */
  async #nextShardNumber(): Promise<number> {
    try {
      return (await this.#readDirectory()).next
    } catch {
      const numbers = (await this.#records.keys(this.shardPrefix)).map((key) => Number.parseInt(key.slice(this.shardPrefix.length + 1), 36))
      return Math.max(-1, ...numbers.filter(Number.isSafeInteger)) + 1
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
