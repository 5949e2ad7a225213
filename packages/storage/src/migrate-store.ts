import { CinelayerError, SCHEMA_VERSION, parseMovieId, parsePersonId } from '@cinelayer/core'
import type { JsonRecords, RecordKind } from './json-records.js'
import type { MovieRepository } from './movie-repository.js'
import type { PersonRepository } from './person-repository.js'
import { movieKind, personKind, statsKind } from './record-kinds.js'
import type { StatsRepository } from './stats-repository.js'
import { keyPrefixes } from './storage-keys.js'

/** What {@link CinelayerStores.migrate} did. */
export interface MigrationReport {
  /** The schema version every migrated record now has. */
  schemaVersion: number
  /** Records rewritten at the current version, per kind. */
  migrated: { movies: number; people: number; stats: number }
  /** Records already at the current version. */
  upToDate: number
  /** Records left as they were: unreadable, of a newer version, or with a missing or failing migration. */
  failed: Array<{ key: string; code: string; message: string }>
}

/** What a migration pass needs. */
export interface MigrateContext {
  records: JsonRecords
  movies: MovieRepository
  people: PersonRepository
  stats: StatsRepository
}

/**
 * Rewrites every record of an older schema version at the current one, through the registered
 * migrations, each through its store's write path (a movie with its summary and level entry, in
 * one commit): a crash leaves each record at its old or its new version, and running it again
 * finishes the job.
 */
export async function migrateStore(context: MigrateContext): Promise<MigrationReport> {
  const report: MigrationReport = { schemaVersion: SCHEMA_VERSION, migrated: { movies: 0, people: 0, stats: 0 }, upToDate: 0, failed: [] }
  const { records, movies, people, stats } = context
  await migrateKind(records, report, 'movies', keyPrefixes.movies, movieKind, (key) =>
    movies.update(parseMovieId(key).id, (current) => (current ? { movie: current } : null)),
  )
  await migrateKind(records, report, 'people', keyPrefixes.people, personKind, (key) =>
    people.update(parsePersonId(key).id, (current) => (current ? { person: current } : null)),
  )
  await migrateKind(records, report, 'stats', keyPrefixes.stats, statsKind, (key) => stats.updateMany([key], (current) => current))
  return report
}

async function migrateKind<T>(
  records: JsonRecords,
  report: MigrationReport,
  name: keyof MigrationReport['migrated'],
  prefix: string,
  kind: RecordKind<T>,
  rewrite: (id: string) => Promise<unknown>,
): Promise<void> {
  const base = `${prefix}:`
  for (const { key, value } of await records.kv.entries(base)) {
    try {
      const stored = records.parse(key, value, kind)
      if (stored.storedVersion === SCHEMA_VERSION) {
        report.upToDate++
        continue
      }
      await rewrite(key.slice(base.length))
      report.migrated[name]++
    } catch (error) {
      // A driver failure stops the pass; a record that cannot be migrated is reported and left.
      if (!(error instanceof CinelayerError) || error.code === 'CINELAYER_ERR_STORAGE_READ' || error.code === 'CINELAYER_ERR_STORAGE_WRITE') throw error
      report.failed.push({ key, code: error.code, message: error.message })
    }
  }
}
