import { type Clock, parseMovieId, parsePersonId } from '@cinelayer/core'
import type { JsonRecords } from './json-records.js'
import type { MovieAliases } from './movie-aliases.js'
import { walkStored } from './record-walk.js'
import type { StoreIndexes } from './store-indexes.js'
import { idsUnder, keyPrefixes } from './storage-keys.js'

/** What {@link CinelayerStores.reindex} rebuilt. */
export interface ReindexReport {
  /** Movies indexed (every stored movie record, readable or not). */
  movies: number
  /** Movies per level. */
  levels: Record<string, number>
  people: number
  stats: number
  /** Aliases whose reverse entries were rewritten. */
  aliases: number
  /** Keys of movie records whose level could not be read: indexed as movies, at no level. */
  unreadable: string[]
  durationMs: number
}

/** What a rebuild needs. */
export interface ReindexContext {
  records: JsonRecords
  indexes: StoreIndexes
  aliases: MovieAliases
  clock: Clock
}

/**
 * Rebuilds every index from the records: one pass over the keys of movies, people, stats and
 * aliases. Each index is replaced whole (new shards, then the directory), so a crash during a
 * rebuild leaves the old index or the new one. Writes made while it runs may be missed by it: run
 * it when the store is quiet (the CLI's `reindex`), or run it again.
 */
export async function reindexStore(context: ReindexContext): Promise<ReindexReport> {
  const { records, indexes, aliases, clock } = context
  const started = clock.now()
  const all: string[] = []
  const byLevel = new Map<string, string[]>()
  const unreadable: string[] = []
  for await (const entry of walkStored(records, keyPrefixes.movies, parseMovieId)) {
    all.push(entry.id)
    const level = (entry.json as { level?: unknown } | undefined)?.level
    if (entry.error !== undefined || typeof level !== 'string') {
      unreadable.push(entry.key)
      continue
    }
    const ids = byLevel.get(level)
    if (ids) ids.push(entry.id)
    else byLevel.set(level, [entry.id])
  }
  await indexes.movies.replace(all)
  for (const [level, ids] of byLevel) await indexes.moviesAt(level).replace(ids)
  for (const level of await indexes.storedLevels()) if (!byLevel.has(level)) await indexes.moviesAt(level).drop()
  const people = await idsOf(records, keyPrefixes.people, parsePersonId)
  await indexes.people.replace(people)
  const stats = await idsOf(records, keyPrefixes.stats, parseMovieId)
  await indexes.stats.replace(stats)
  const aliasCount = await aliases.rebuild()
  return {
    movies: all.length,
    levels: Object.fromEntries([...byLevel].map(([level, ids]) => [level, ids.length])),
    people: people.length,
    stats: stats.length,
    aliases: aliasCount,
    unreadable,
    durationMs: clock.now() - started,
  }
}

async function idsOf(records: JsonRecords, prefix: string, parse: (id: string) => { id: string }): Promise<string[]> {
  return idsUnder(await records.keys(prefix), prefix, parse)
}
