import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { type CommitBatch, type CommitResult, type TransactionalDriver, rangeEnd } from './commit.js'
import { StorageConflictError, StorageReadOnlyError } from './errors.js'

/** Options of {@link sqliteDriver}. */
export interface SqliteDriverOptions {
  /** Path of the database file, created with its folder when missing. Required. */
  path: string
  /** Open read-only: every write is refused with `CINELAYER_ERR_STORAGE_READ_ONLY`. Default `false`. */
  readOnly?: boolean
  /** How long a write waits for another process's transaction before failing, in ms. Default `5000`. */
  busyTimeoutMs?: number
}

/** Name of the driver, as errors and `storage.getMount()` report it. */
export const SQLITE_DRIVER_NAME = 'cinelayer-sqlite'

type Row = { key: string; value: string | Buffer }

const SCHEMA = `CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY NOT NULL,
  value BLOB NOT NULL,
  mtime INTEGER NOT NULL
)`

/**
 * An unstorage driver on SQLite (better-sqlite3): one table of keys and values, in WAL mode, so
 * several processes on one machine share the file (readers never block the writer; writers wait
 * for each other up to `busyTimeoutMs`).
 *
 * Beyond unstorage's driver API it commits batches in one transaction (`commit`, with
 * compare-and-set preconditions), tells when another process committed (`changeToken`, SQLite's
 * `data_version`), and reads a range of keys with their values in one query (`getEntries`).
 *
 * Durability: `synchronous=NORMAL` by default, which in WAL mode survives a killed process at any
 * instant (a transaction is in the file whole or not at all) but may lose the last transactions
 * on a power cut; a commit marked `durable` runs with `synchronous=FULL` and survives that too.
 * Statements are prepared once; text is stored as TEXT, bytes as BLOB.
 */
export function sqliteDriver(options: SqliteDriverOptions): TransactionalDriver {
  if (!options?.path) throw new Error(`[unstorage] [${SQLITE_DRIVER_NAME}] Missing required option \`path\`.`)
  const readOnly = options.readOnly ?? false
  if (!readOnly && options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true })
  const db = new Database(options.path, { readonly: readOnly, timeout: options.busyTimeoutMs ?? 5000 })
  if (!readOnly) {
    db.pragma('journal_mode = WAL')
    db.exec(SCHEMA)
  }
  db.pragma('synchronous = NORMAL')
  const statements = {
    get: db.prepare<[string], { value: string | Buffer }>('SELECT value FROM kv WHERE key = ?'),
    has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM kv WHERE key = ?'),
    // length() counts characters in TEXT: the bytes are those of the value as a BLOB (UTF-8).
    meta: db.prepare<[string], { size: number; mtime: number }>('SELECT length(CAST(value AS BLOB)) AS size, mtime FROM kv WHERE key = ?'),
    set: db.prepare<[string, string | Buffer, number]>('INSERT INTO kv (key, value, mtime) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, mtime = excluded.mtime'),
    insert: db.prepare<[string, string | Buffer, number]>('INSERT OR IGNORE INTO kv (key, value, mtime) VALUES (?, ?, ?)'),
    remove: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    keys: db.prepare<[string, string], { key: string }>('SELECT key FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
    entries: db.prepare<[string, string], Row>('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key'),
    count: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM kv WHERE key >= ? AND key < ?'),
    bytes: db.prepare<[string, string], { n: number | null }>('SELECT sum(length(CAST(value AS BLOB))) AS n FROM kv WHERE key >= ? AND key < ?'),
    clear: db.prepare<[string, string]>('DELETE FROM kv WHERE key >= ? AND key < ?'),
    // Asked before every cached read: prepared once (`db.pragma()` prepares anew on each call).
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  }
  const writable = (key: string) => {
    if (readOnly) throw new StorageReadOnlyError(key, options.path)
  }
  const apply = db.transaction((batch: CommitBatch): CommitResult => {
    for (const check of batch.checks) {
      const stored = statements.get.get(check.key)?.value
      if (!sameValue(stored, check.value)) throw new StorageConflictError(check.key)
    }
    const skipped: string[] = []
    const now = Date.now()
    for (const write of batch.writes) {
      if (write.value === null) statements.remove.run(write.key)
      else if (write.ifAbsent) {
        if (statements.insert.run(write.key, toStored(write.value), now).changes === 0) skipped.push(write.key)
      } else statements.set.run(write.key, toStored(write.value), now)
    }
    return { skipped }
  })
  let disposed = false

  const driver: TransactionalDriver = {
    name: SQLITE_DRIVER_NAME,
    options,
    getInstance: () => db,
    hasItem: (key) => statements.has.get(key) !== undefined,
    getItem(key) {
      const value = statements.get.get(key)?.value
      return value === undefined ? null : typeof value === 'string' ? value : value.toString('utf8')
    },
    getItemRaw(key) {
      const value = statements.get.get(key)?.value
      return value === undefined ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value
    },
    getMeta(key) {
      const row = statements.meta.get(key)
      return row ? { size: row.size, mtime: new Date(row.mtime) } : {}
    },
    setItem(key, value) {
      writable(key)
      statements.set.run(key, value, Date.now())
    },
    setItemRaw(key, value: Uint8Array) {
      writable(key)
      statements.set.run(key, toStored(value), Date.now())
    },
    setItems(items) {
      writable(items[0]?.key ?? '')
      apply.immediate({ checks: [], writes: items.map(({ key, value }) => ({ key, value })) })
    },
    removeItem(key) {
      writable(key)
      statements.remove.run(key)
    },
    getKeys(base) {
      const from = base ?? ''
      return statements.keys.all(from, rangeEnd(from)).map((row) => row.key)
    },
    clear(base) {
      writable(base ?? '')
      const from = base ?? ''
      statements.clear.run(from, rangeEnd(from))
    },
    dispose() {
      if (disposed) return
      disposed = true
      db.close()
    },
    async commit(batch) {
      writable(batch.writes[0]?.key ?? '')
      if (!batch.durable) return apply.immediate(batch)
      db.pragma('synchronous = FULL')
      try {
        return apply.immediate(batch)
      } finally {
        db.pragma('synchronous = NORMAL')
      }
    },
    changeToken: () => statements.dataVersion.get() as number,
    async getEntries(base) {
      return statements.entries.all(base, rangeEnd(base)).map(({ key, value }) => ({ key, value: typeof value === 'string' ? value : value.toString('utf8') }))
    },
    async countKeys(base) {
      return statements.count.get(base, rangeEnd(base))?.n ?? 0
    },
    async bytesUnder(base) {
      return statements.bytes.get(base, rangeEnd(base))?.n ?? 0
    },
  }
  return driver
}

function toStored(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}

function sameValue(stored: string | Buffer | undefined, expected: string | null): boolean {
  if (stored === undefined) return expected === null
  if (expected === null) return false
  return typeof stored === 'string' ? stored === expected : stored.equals(Buffer.from(expected, 'utf8'))
}
