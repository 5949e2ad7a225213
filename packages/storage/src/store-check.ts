import type { JsonRecords } from './json-records.js'
import { keyPrefixes, layoutKey } from './storage-keys.js'
import { upgradeLayout } from './upgrade-layout.js'
import type { ValidationReport } from './validation-report.js'

/** What the check made when a store is first listed found. */
export interface StoreCheck {
  /** Movie records counted. */
  movies: number
  /** Whether the derived entries disagreed with the records (or the layout mark was missing). */
  repaired: boolean
  /** The repair made, when one was. */
  report?: ValidationReport
}

/**
 * The cheap check of a store before its first listing: the layout mark, and the number of movie
 * records against the number of summaries and of level entries (key counts only, nothing is
 * parsed). A store of the previous layout is upgraded; one that disagrees is repaired by a full
 * pass, so that a lost or deleted index never makes a listing say the catalog is empty.
 */
export async function checkStore(records: JsonRecords, repair: () => Promise<ValidationReport>): Promise<StoreCheck> {
  const { kv } = records
  const movies = await kv.count(`${keyPrefixes.movies}:`)
  const marked = (await kv.read(layoutKey)) !== null
  // A new, empty store: its first commit marks it.
  if (!marked && !(await hasStoreKeys(records))) return { movies, repaired: false }
  const upgraded = marked ? false : await upgradeLayout(records)
  const summaries = await kv.count(`${keyPrefixes.summaries}:`)
  const levels = await kv.count(`${keyPrefixes.levels}:`)
  if (marked && !upgraded && summaries === movies && levels === movies) return { movies, repaired: false }
  try {
    return { movies, repaired: true, report: await repair() }
  } catch (error) {
    // A store opened read-only beside its writer is listed as it is: the writer repairs it.
    ignoreReadOnly(error)
    return { movies, repaired: false }
  }
}

function ignoreReadOnly(error: unknown): void {
  if ((error as { code?: unknown } | null)?.code !== 'CINELAYER_ERR_STORAGE_READ_ONLY') throw error
}

async function hasStoreKeys(records: JsonRecords): Promise<boolean> {
  for (const prefix of [keyPrefixes.movies, keyPrefixes.people, keyPrefixes.stats, 'relations', 'index']) {
    if ((await records.kv.count(`${prefix}:`)) > 0) return true
  }
  return false
}
