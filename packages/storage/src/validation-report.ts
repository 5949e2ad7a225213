import { CinelayerError, RecordInvalidError, SchemaVersionError } from '@cinelayer/core'
import { StorageCorruptError, StorageMigrationFailedError, StorageMigrationMissingError } from './errors.js'

/** What is wrong with one key. */
export type ValidationIssueKind =
  /** The value is not JSON. Fixed by quarantine: the bytes are kept under `quarantine:<key>` and the record rebuilt from what can be recovered. */
  | 'record-corrupt'
  /** The value does not match its schema, or sits under another id's key. Fixed like a corrupt record. */
  | 'record-invalid'
  /** Written by a newer schema version than this code reads. Not fixable here: upgrade cinelayer. */
  | 'schema-newer'
  /** Written by an older schema version. Fixed by rewriting it migrated. */
  | 'schema-outdated'
  /** An older record whose migration is missing or fails. Not fixable until a migration is registered. */
  | 'migration-failed'
  /** A derived entry (summary, level entry, reverse alias, filmography entry) missing for its record. Fixed by writing it. */
  | 'index-missing'
  /** A derived entry without its record, or that no longer agrees with it. Fixed by removing or rewriting it. */
  | 'index-extra'
  /** An alias pointing at a movie that is not stored. Fixed by removing the alias. */
  | 'alias-dangling'
  /** The credits of a movie that is not stored. Fixed by removing them with their filmography entries. */
  | 'relation-orphan'
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
  checked: { movies: number; people: number; stats: number; aliases: number; credits: number }
  issues: ValidationIssue[]
  /** Issues fixed. */
  fixed: number
  /** Issues left: they need a newer cinelayer, a migration, or a new enrichment. */
  unfixed: number
  /** Records taken out of the way by this run (`fix`), with where their bytes are kept. */
  quarantined: Array<{ key: string; keptAt: string }>
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
