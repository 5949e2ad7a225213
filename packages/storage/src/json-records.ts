import { RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { StorageCorruptError } from './errors.js'
import type { KeyValueStore } from './key-value-store.js'
import { type SchemaMigrations, migrateRecord } from './schema-migrations.js'

/** The part of a zod schema the stores use, so that this package needs no zod of its own. */
export interface RecordSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: Error }
}

/** What a kind of record is and how it is checked, on the way in and on the way out. */
export interface RecordKind<T> {
  /** Name used in errors: `movie`, `person`, `credits`… */
  kind: string
  schema: RecordSchema<T>
  /** Whether the record carries a `schemaVersion` that must not be newer than core's. */
  versioned: boolean
  /** Extra integrity check against the key (an id that matches it, say); returns why it fails. */
  check?: (record: T, key: string) => string | undefined
}

/** A record as read: the checked value, and the exact text stored (the precondition of a commit). */
export interface StoredValue<T> {
  record: T
  text: string
  /** The schema version the record was stored at, before migration. */
  storedVersion: number | undefined
}

/**
 * Reads and writes JSON records: parsed and checked here rather than by unstorage, whose `getItem`
 * hands back broken JSON as a plain string so that corruption would go unnoticed. Older records
 * are migrated in memory on read; the store keeps them as they are until their next write.
 */
export class JsonRecords {
  constructor(
    readonly kv: KeyValueStore,
    readonly migrations: SchemaMigrations = {},
  ) {}

  /** The checked record under `key`, or `null`. Never writes, whatever it finds. */
  async read<T>(key: string, kind: RecordKind<T>): Promise<T | null> {
    return (await this.readStored(key, kind))?.record ?? null
  }

  /** Like {@link read}, with the stored text and version. */
  async readStored<T>(key: string, kind: RecordKind<T>): Promise<StoredValue<T> | null> {
    const text = await this.kv.read(key)
    return text === null ? null : this.parse(key, text, kind)
  }

  /** A stored text read as a record of `kind`, or a typed error. */
  parse<T>(key: string, text: string, kind: RecordKind<T>): StoredValue<T> {
    const json = parseJson(key, text)
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion
    return { record: this.validate(json, key, kind), text, storedVersion: typeof version === 'number' ? version : undefined }
  }

  /** Validates `record` and returns the exact text that would be stored. Throws before any write. */
  serialize<T>(key: string, record: unknown, kind: RecordKind<T>): string {
    return JSON.stringify(this.validate(record, key, kind))
  }

  /** The record as its schema reads it, or a typed error: newer schema version, schema mismatch, wrong key. */
  validate<T>(input: unknown, key: string, kind: RecordKind<T>): T {
    let value = input
    if (kind.versioned) {
      const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion
      if (typeof version === 'number' && version > SCHEMA_VERSION) throw new SchemaVersionError(kind.kind, key, version, SCHEMA_VERSION)
      if (typeof version === 'number' && version < SCHEMA_VERSION) value = migrateRecord(value as Record<string, unknown>, key, kind.kind, this.migrations)
    }
    const result = kind.schema.safeParse(value)
    if (!result.success) throw new RecordInvalidError(kind.kind, key, result.error)
    const problem = kind.check?.(result.data, key)
    if (problem) throw new RecordInvalidError(kind.kind, key, new Error(problem))
    return result.data
  }
}

/** Stored text parsed as JSON, or `StorageCorruptError`. */
export function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new StorageCorruptError(key, error)
  }
}
