import { SCHEMA_VERSION } from '@cinelayer/core'
import { StorageMigrationFailedError, StorageMigrationMissingError } from './errors.js'

/** A stored record as JSON gives it back, before any schema check. */
export type StoredRecord = Record<string, unknown>

/**
 * One step of a migration: takes a record written at version `n` (its key in the registry) and
 * returns it as version `n + 1` would have written it. It gets a copy: mutating it is fine.
 */
export type RecordMigration = (record: StoredRecord) => StoredRecord

/** Record kinds that carry a `schemaVersion`. */
export type VersionedKind = 'movie' | 'person' | 'stats'

/**
 * Migrations per record kind, keyed by the version they start from:
 * `{ movie: { 1: (record) => ({ ...record, runtimeMinutes: record.runtime }) } }` upgrades a movie
 * of version 1 to version 2. Steps chain up to core's `SCHEMA_VERSION`.
 */
export type SchemaMigrations = { readonly [K in VersionedKind]?: Readonly<Record<number, RecordMigration>> }

/**
 * Runs the migration steps from the record's version up to `SCHEMA_VERSION`. `schemaVersion` is
 * set by this function after each step, so a step cannot skip or repeat a version.
 * @throws StorageMigrationMissingError when a step is not registered;
 *   StorageMigrationFailedError when a step throws or returns something that is not an object.
 */
export function migrateRecord(record: StoredRecord, key: string, kind: string, migrations: SchemaMigrations): StoredRecord {
  const steps = migrations[kind as VersionedKind] ?? {}
  let current = record
  let version = record.schemaVersion as number
  while (version < SCHEMA_VERSION) {
    const step = Object.hasOwn(steps, version) ? steps[version] : undefined
    if (typeof step !== 'function') throw new StorageMigrationMissingError(kind, key, version, SCHEMA_VERSION)
    let next: unknown
    try {
      next = step(structuredClone(current))
    } catch (error) {
      throw new StorageMigrationFailedError(kind, key, version, error)
    }
    if (!next || typeof next !== 'object' || Array.isArray(next)) {
      throw new StorageMigrationFailedError(kind, key, version, new Error(`the migration from version ${version} returned ${Array.isArray(next) ? 'an array' : typeof next}`))
    }
    version++
    current = { ...(next as StoredRecord), schemaVersion: version }
  }
  return current
}
