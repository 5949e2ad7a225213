import { CinelayerError, type Movie, SCHEMA_VERSION, parseMovieId, parsePersonId } from '@cinelayer/core'
import type { JsonRecords, RecordKind } from './json-records.js'
import { movieKind } from './movie-repository.js'
import { personKind } from './person-repository.js'
import { walkStored } from './record-walk.js'
import { statsKind } from './stats-repository.js'
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
  /** Writes a movie the way the repository does (indexes kept: a migration may change a level). */
  putMovie(movie: Movie): Promise<void>
}

/**
 * Rewrites every record of an older schema version at the current one, through the registered
 * migrations. Each record is read, migrated in memory and written whole (atomically on the atomic
 * fs driver): a crash leaves each record at its old or its new version, and running it again
 * finishes the job.
 */
export async function migrateStore(context: MigrateContext): Promise<MigrationReport> {
  const { records } = context
  const report: MigrationReport = { schemaVersion: SCHEMA_VERSION, migrated: { movies: 0, people: 0, stats: 0 }, upToDate: 0, failed: [] }
  await migrateKind(records, report, 'movies', keyPrefixes.movies, parseMovieId, movieKind, (record) => context.putMovie(record))
  await migrateKind(records, report, 'people', keyPrefixes.people, parsePersonId, personKind, (record, key) => records.write(key, record, personKind))
  await migrateKind(records, report, 'stats', keyPrefixes.stats, parseMovieId, statsKind, (record, key) => records.write(key, record, statsKind))
  return report
}

async function migrateKind<T>(
  records: JsonRecords,
  report: MigrationReport,
  name: keyof MigrationReport['migrated'],
  prefix: string,
  parse: (id: string) => { id: string },
  kind: RecordKind<T>,
  write: (record: T, key: string) => Promise<void>,
): Promise<void> {
  for await (const entry of walkStored(records, prefix, parse)) {
    try {
      if (entry.error !== undefined) throw entry.error
      const version = (entry.json as { schemaVersion?: unknown }).schemaVersion
      const record = records.validate(entry.json, entry.key, kind)
      if (version === SCHEMA_VERSION) {
        report.upToDate++
        continue
      }
      await write(record, entry.key)
      report.migrated[name]++
    } catch (error) {
      // A driver failure stops the pass; a record that cannot be migrated is reported and left.
      if (!(error instanceof CinelayerError) || error.code === 'CINELAYER_ERR_STORAGE_READ' || error.code === 'CINELAYER_ERR_STORAGE_WRITE') throw error
      report.failed.push({ key: entry.key, code: error.code, message: error.message })
    }
  }
}
