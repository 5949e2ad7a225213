import { createHash } from 'node:crypto'
import type { BulkItemResult, ImportItem, MovieEngine } from 'cinelayer'

/** What `import <file>` keeps of its last run of a dataset, in the store's state, for `--retry-failed`. */
export interface ImportHistory {
  /** The dataset file (absolute path). */
  source: string
  /** ISO time of the run. */
  at: string
  total: number
  ok: number
  skipped: number
  failed: number
  /** The items that failed, as the engine imports them, with their line: what `--retry-failed` takes again. */
  retry: Array<{ item: ImportItem; line?: number }>
}

/** The state name of a dataset's history: one per dataset file, so that two datasets never mix. */
export function historyName(source: string): string {
  return `cli-import-${createHash('sha256').update(source).digest('hex').slice(0, 24)}`
}

/** The last run of `source`, or `null`. */
export async function lastImport(engine: MovieEngine, source: string): Promise<ImportHistory | null> {
  const kept = await engine.stores.state.get<ImportHistory>(historyName(source))
  return kept && kept.source === source && Array.isArray(kept.retry) ? kept : null
}

/** Keeps this run as the last one of `source`. */
export async function keepImport(engine: MovieEngine, history: ImportHistory): Promise<void> {
  await engine.stores.state.set(historyName(history.source), history)
}

/** The items of a report that failed, found back among the items given (by their label), with their line. */
export function failedItems(items: ReadonlyMap<string, ImportItem>, results: ReadonlyArray<BulkItemResult & { line?: number }>): ImportHistory['retry'] {
  return results.flatMap((result) => {
    const item = result.status === 'failed' ? items.get(result.id) : undefined
    return item === undefined ? [] : [{ item, ...(result.line === undefined ? {} : { line: result.line }) }]
  })
}
