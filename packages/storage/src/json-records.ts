import { CinelayerError, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { StorageCorruptError, StorageReadError, StorageWriteError } from './errors.js'
import { type SchemaMigrations, migrateRecord } from './schema-migrations.js'

/** The part of a zod schema the stores use, so that this package needs no zod of its own. */
export interface RecordSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: Error }
}

/** What a kind of record is and how it is checked, on the way in and on the way out. */
export interface RecordKind<T> {
  /** Name used in errors: `movie`, `person`, `relations`… */
  kind: string
  schema: RecordSchema<T>
  /** Whether the record carries a `schemaVersion` that must not be newer than core's. */
  versioned: boolean
  /** Extra integrity check against the key (an id that matches it, say); returns why it fails. */
  check?: (record: T, key: string) => string | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/**
 * Reads and writes one JSON record per key. Values are serialized and parsed here rather than
 * by unstorage, because its `getItem` hands back broken JSON as a plain string and corruption
 * would go unnoticed.
 */
export class JsonRecords {
  constructor(
    readonly storage: Storage,
    readonly migrations: SchemaMigrations = {},
  ) {}

  driverOf(key: string): string {
    try {
      return this.storage.getMount(key).driver.name ?? 'unnamed'
    } catch {
      return 'unnamed'
    }
  }

  /** The validated record under `key`, or `null`. Never writes, whatever it finds. */
  async read<T>(key: string, kind: RecordKind<T>): Promise<T | null> {
    return (await this.readVersioned(key, kind))?.record ?? null
  }

  /** Like {@link read}, with the schema version the record was stored at (before migration). */
  async readVersioned<T>(key: string, kind: RecordKind<T>): Promise<{ record: T; storedVersion: number | undefined } | null> {
    const raw = await this.#readRaw(key)
    if (raw === null || raw === undefined) return null
    const parsed = parseStored(key, raw)
    const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion
    return { record: this.validate(parsed, key, kind), storedVersion: typeof version === 'number' ? version : undefined }
  }

  /** The stored value parsed as JSON, unchecked, or `null`. */
  async readJson(key: string): Promise<unknown> {
    const raw = await this.#readRaw(key)
    return raw === null || raw === undefined ? null : parseStored(key, raw)
  }

  /** Validates `record` and returns the exact text that would be stored. Throws before any write. */
  serialize<T>(key: string, record: unknown, kind: RecordKind<T>): string {
    return JSON.stringify(this.validate(record, key, kind))
  }

  async writeSerialized(key: string, text: string): Promise<void> {
    try {
      await this.storage.setItem(key, text)
    } catch (error) {
      // Our own drivers raise coded errors (a read-only folder): they are clear as they are.
      if (error instanceof CinelayerError) throw error
      throw new StorageWriteError(key, this.driverOf(key), error)
    }
  }

  async write<T>(key: string, record: unknown, kind: RecordKind<T>): Promise<void> {
    await this.writeSerialized(key, this.serialize(key, record, kind))
  }

  async remove(key: string): Promise<void> {
    try {
      await this.storage.removeItem(key)
    } catch (error) {
      if (error instanceof CinelayerError) throw error
      throw new StorageWriteError(key, this.driverOf(key), error)
    }
    // unstorage's fs driver swallows a failed unlink (EACCES, EPERM…): check that the key is gone.
    if (await this.has(key)) throw new StorageWriteError(key, this.driverOf(key), new Error(`"${key}" is still there after its removal`))
  }

  async has(key: string): Promise<boolean> {
    try {
      return await this.storage.hasItem(key)
    } catch (error) {
      throw new StorageReadError(key, this.driverOf(key), error)
    }
  }

  /** Every key under `prefix` (`movies` lists `movies:…`). */
  async keys(prefix: string): Promise<string[]> {
    try {
      return await this.storage.getKeys(`${prefix}:`)
    } catch (error) {
      throw new StorageReadError(`${prefix}:`, this.driverOf(`${prefix}:`), error)
    }
  }

  /** Bytes stored under `key`, 0 when absent. Asks the driver's metadata first to avoid reading big values. */
  async size(key: string): Promise<number> {
    try {
      const meta = await this.storage.getMeta(key, { nativeOnly: true })
      if (typeof meta.size === 'number') return meta.size
    } catch {
      // metadata is an optimisation only: the value itself is read below
    }
    return byteLength(await this.#readRaw(key))
  }

  async #readRaw(key: string): Promise<unknown> {
    let raw: unknown
    try {
      raw = await this.storage.getItemRaw(key)
    } catch (error) {
      throw new StorageReadError(key, this.driverOf(key), error)
    }
    // unstorage's fs driver resolves a failed read (EACCES, ENOTDIR…) with the error as the value.
    if (raw instanceof Error) throw new StorageReadError(key, this.driverOf(key), raw)
    return raw
  }

  /** The record as its schema reads it, or a typed error: newer schema version, schema mismatch, wrong key. */
  validate<T>(input: unknown, key: string, kind: RecordKind<T>): T {
    let value = input
    if (kind.versioned) {
      const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion
      if (typeof version === 'number' && version > SCHEMA_VERSION) throw new SchemaVersionError(kind.kind, key, version, SCHEMA_VERSION)
      // Older records are upgraded step by step in memory; the store keeps them as they are until the next write.
      if (typeof version === 'number' && version < SCHEMA_VERSION) value = migrateRecord(value as Record<string, unknown>, key, kind.kind, this.migrations)
    }
    const result = kind.schema.safeParse(value)
    if (!result.success) throw new RecordInvalidError(kind.kind, key, result.error)
    const problem = kind.check?.(result.data, key)
    if (problem) throw new RecordInvalidError(kind.kind, key, new Error(problem))
    return result.data
  }
}

function isBytes(raw: unknown): raw is Uint8Array | ArrayBuffer {
  return ArrayBuffer.isView(raw) || raw instanceof ArrayBuffer
}

// Drivers differ: fs gives a Buffer, memory the string we stored, some KV drivers an already
// decoded value. Only text can be corrupt JSON; a decoded value goes straight to validation.
function parseStored(key: string, raw: unknown): unknown {
  if (typeof raw !== 'string' && !isBytes(raw)) return raw
  try {
    const text = typeof raw === 'string' ? raw : utf8.decode(raw)
    return JSON.parse(text)
  } catch (error) {
    throw new StorageCorruptError(key, error)
  }
}

function byteLength(raw: unknown): number {
  if (raw === null || raw === undefined) return 0
  if (typeof raw === 'string') return encoder.encode(raw).length
  if (isBytes(raw)) return raw.byteLength
  return encoder.encode(JSON.stringify(raw)).length
}
