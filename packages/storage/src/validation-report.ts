import { CinelayerError, RecordInvalidError, SchemaVersionError } from '@cinelayer/core'
import { StorageCorruptError, StorageMigrationFailedError, StorageMigrationMissingError } from './errors.js'
import type { ReindexReport } from './reindex.js'

/** What is wrong with one key. */
export type ValidationIssueKind =
  /** The value is not JSON. Not fixable: the file is left for inspection. */
  | 'record-corrupt'
  /** The value does not match its schema, or sits under another id's key. Not fixable. */
  | 'record-invalid'
  /** Written by a newer schema version than this code reads. Not fixable here: upgrade cinelayer. */
  | 'schema-newer'
  /** Written by an older schema version. Fixed by rewriting it migrated. */
  | 'schema-outdated'
  /** An older record whose migration is missing or fails. Not fixable until a migration is registered. */
  | 'migration-failed'
  /** A record an index does not list. Fixed by `reindex()`. */
  | 'index-missing'
  /** An index entry without its record. Fixed by `reindex()`. */
  | 'index-extra'
  /** A movie listed under a level it is not at. Fixed by `reindex()`. */
  | 'index-level'
  /** An index that cannot be read, or shard records a crash left behind. Fixed by `reindex()`. */
  | 'index-broken'
  /** An alias pointing at a movie that is not stored. Fixed by removing the alias. */
  | 'alias-dangling'
  /** The credits list of a movie that is not stored. Fixed by removing the list. */
  | 'relation-orphan'
  /** A credit of a movie missing from the person's side. Fixed by adding it there. */
  | 'relation-one-sided'
  /** A credit naming a person who is not stored. Not fixable: enriching the movie again brings the person. */
  | 'relation-person-missing'
  /** A temporary file of an interrupted write. Fixed by removing it. */
  | 'temporary-file'

/** One finding of {@link CinelayerStores.validate}. */
export interface ValidationIssue {
  kind: ValidationIssueKind
  /** The storage key (or, for a temporary file, its path). */
  key: string
  message: string
  /** Whether `validate({ fix: true })` repaired it. */
  fixed: boolean
}

/** What {@link CinelayerStores.validate} found, and fixed when asked. */
export interface ValidationReport {
  /** No issue is left unfixed. */
  ok: boolean
  /** Whether fixing was asked for. */
  fix: boolean
  /** Values looked at, per kind. */
  checked: { movies: number; people: number; stats: number; aliases: number; relationLists: number }
  issues: ValidationIssue[]
  /** Issues fixed. */
  fixed: number
  /** Issues left: they need a person (a corrupt record) or a newer cinelayer. */
  unfixed: number
  /** The rebuild run to fix index issues, if one was. */
  reindexed?: ReindexReport
}

/** Options of {@link CinelayerStores.validate}. */
export interface ValidateOptions {
  /** Repair what can be repaired (see each {@link ValidationIssueKind}). Default `false`: only report. */
  fix?: boolean
}

/** The issue a read error stands for. */
export function issueOfReadError(key: string, error: unknown): ValidationIssue {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof StorageCorruptError) return { kind: 'record-corrupt', key, message, fixed: false }
  if (error instanceof SchemaVersionError) return { kind: 'schema-newer', key, message, fixed: false }
  if (error instanceof StorageMigrationMissingError || error instanceof StorageMigrationFailedError) return { kind: 'migration-failed', key, message, fixed: false }
  if (error instanceof RecordInvalidError) return { kind: 'record-invalid', key, message, fixed: false }
  // A driver failure is not a finding about the data: the whole validation stops with it.
  if (error instanceof CinelayerError) throw error
  return { kind: 'record-invalid', key, message, fixed: false }
}
