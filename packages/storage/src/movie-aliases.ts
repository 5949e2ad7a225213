import { InvalidIdError, parseMovieId } from '@cinelayer/core'
import type { JsonRecords, RecordKind } from './json-records.js'
import { walkStored } from './record-walk.js'
import type { StoreMutex } from './store-mutex.js'
import { aliasKey, aliasesOfKey, compareIds } from './storage-keys.js'

/** An alias record: where an alias id (`imdb:tt0137523`) points. */
export interface AliasRecord {
  id: string
}

/** The forward alias record (`aliases:imdb:tt0137523` → `{ "id": "tmdb:550" }`). */
export const aliasKind: RecordKind<AliasRecord> = {
  kind: 'alias',
  schema: {
    safeParse(input) {
      const id = (input as { id?: unknown } | null)?.id
      try {
        return { success: true, data: { id: parseMovieId(id).id } }
      } catch (error) {
        return { success: false, error: error as Error }
      }
    },
  },
  versioned: false,
}

/** The reverse alias record (`index:aliases-of:tmdb:550` → `["imdb:tt0137523"]`). */
export const aliasesOfKind: RecordKind<string[]> = {
  kind: 'alias index',
  versioned: false,
  schema: {
    safeParse(input) {
      try {
        if (!Array.isArray(input)) throw new Error('expected an array of alias ids')
        return { success: true, data: input.map((id) => parseMovieId(id).id) }
      } catch (error) {
        return { success: false, error: error as Error }
      }
    },
  },
}

/**
 * Aliases both ways: the forward records `resolve()` reads (one key read), and per movie the
 * list of aliases pointing at it, so that removing a movie never scans the aliases. The reverse
 * entry is written before the forward record and removed after it: it may name an alias that
 * points elsewhere (checked on use), never miss one.
 */
export class MovieAliases {
  readonly #records: JsonRecords
  readonly #mutex: StoreMutex

  constructor(records: JsonRecords, mutex: StoreMutex) {
    this.#records = records
    this.#mutex = mutex
  }

  /** Where `alias` points, or `null` (no check that the target is stored). */
  async target(alias: string): Promise<string | null> {
    return (await this.#records.read(aliasKey(alias), aliasKind))?.id ?? null
  }

  /**
   * Points `alias` at `canonical`.
   * @throws InvalidIdError for a malformed id or an alias of itself, before anything is written.
   */
  async add(alias: string, canonical: string): Promise<void> {
    const from = parseMovieId(alias).id
    const to = parseMovieId(canonical).id
    if (from === to) throw new InvalidIdError('alias', alias, 'an id cannot be an alias of itself')
    // An unreadable forward record is about to be replaced: its old target cannot be cleaned up.
    const previous = await this.target(from).catch(() => null)
    await this.#mutex.run(`movie:${to}`, () => this.#updateReverse(to, (aliases) => aliases.add(from)))
    await this.#records.write(aliasKey(from), { id: to }, aliasKind)
    if (previous && previous !== to) await this.#mutex.run(`movie:${previous}`, () => this.#updateReverse(previous, (aliases) => aliases.delete(from)))
  }

  /** Aliases that point at `canonical` now. */
  async of(canonical: string): Promise<string[]> {
    const aliases: string[] = []
    for (const alias of (await this.#records.read(aliasesOfKey(canonical), aliasesOfKind)) ?? []) {
      if ((await this.target(alias)) === canonical) aliases.push(alias)
    }
    return aliases
  }

  /** Removes every alias of `canonical`, then its reverse record. The caller holds `movie:<canonical>`. */
  async removeAllOf(canonical: string): Promise<void> {
    for (const alias of await this.of(canonical)) await this.#records.remove(aliasKey(alias))
    if (await this.#records.has(aliasesOfKey(canonical))) await this.#records.remove(aliasesOfKey(canonical))
  }

  /** Rewrites the reverse records from the forward ones (`reindex()`); returns how many aliases there are. */
  async rebuild(): Promise<number> {
    const byTarget = new Map<string, string[]>()
    let count = 0
    for await (const entry of walkStored(this.#records, 'aliases', parseMovieId)) {
      const parsed = entry.error === undefined ? aliasKind.schema.safeParse(entry.json) : undefined
      if (!parsed?.success) continue
      const target = parsed.data.id
      const list = byTarget.get(target)
      if (list) list.push(entry.id)
      else byTarget.set(target, [entry.id])
      count++
    }
    for (const [target, aliases] of byTarget) {
      await this.#mutex.run(`movie:${target}`, async () => {
        const sorted = aliases.sort(compareIds)
        const stored = await this.#records.read(aliasesOfKey(target), aliasesOfKind).catch(() => null)
        if (JSON.stringify(stored) !== JSON.stringify(sorted)) await this.#records.write(aliasesOfKey(target), sorted, aliasesOfKind)
      })
    }
    for (const key of await this.#records.keys('index:aliases-of')) {
      const target = key.slice('index:aliases-of:'.length)
      if (!byTarget.has(target)) await this.#records.remove(key)
    }
    return count
  }

  async #updateReverse(canonical: string, change: (aliases: Set<string>) => unknown): Promise<void> {
    const key = aliasesOfKey(canonical)
    const before = (await this.#records.read(key, aliasesOfKind).catch(() => null)) ?? []
    const aliases = new Set(before)
    change(aliases)
    if (aliases.size === before.length && before.every((alias) => aliases.has(alias))) return
    if (aliases.size === 0) await this.#records.remove(key)
    else await this.#records.write(key, [...aliases].sort(compareIds), aliasesOfKind)
  }
}
