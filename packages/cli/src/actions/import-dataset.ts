import type { BulkItemResult, ImportItem, MovieEngine, TitleRequest, VideoFileRequest } from 'cinelayer'
import { importItemLabel } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { printBulkReport, withBulkProgress } from '../bulk-view.js'
import { type Dataset, readDataset } from '../dataset-file.js'
import { DatasetInvalidError, ItemsFailedError } from '../errors.js'
import { failedItems, keepImport, lastImport } from '../import-history.js'

/** Options of `import <file>`. */
export interface DatasetImportOptions {
  level?: string
  concurrency?: number
  retryFailed?: boolean
  verbose?: boolean
}

/** One item of the report: the engine's result, with the dataset line it came from. */
export interface DatasetItemResult extends BulkItemResult {
  line?: number
}

/** What `import <file>` did, as `--json` prints it. */
export interface DatasetImportReport {
  operation: 'import'
  source: string
  retry: boolean
  total: number
  ok: number
  skipped: number
  failed: number
  items: DatasetItemResult[]
}

/**
 * `import <file>`: the dataset's items asked of the engine as one `BulkImportRequested` of the `cli`
 * category; entries that cannot be read fail alone; the run is kept, so that `--retry-failed` takes
 * only the items that failed.
 */
export async function importDataset(context: CliContext, path: string, options: DatasetImportOptions): Promise<void> {
  const dataset = options.retryFailed ? undefined : await readDataset(path)
  const report = await context.withEngine(async (engine) => {
    const { items, lines, problems } = options.retryFailed ? await retryItems(engine, path) : fromDataset(dataset!)
    const answered = items.size === 0 ? undefined : await withBulkProgress(context, engine, 'import', 'import', items.size, () => request(engine, [...items.values()], options))
    const results: DatasetItemResult[] = [
      ...(answered?.items ?? []).map((item) => ({ ...item, ...(lines.has(item.id) ? { line: lines.get(item.id)! } : {}) })),
      ...problems,
    ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    const counted = count(path, options.retryFailed === true, results)
    await keepImport(engine, { source: path, at: new Date().toISOString(), total: counted.total, ok: counted.ok, skipped: counted.skipped, failed: counted.failed, retry: failedItems(items, results) })
    return counted
  })
  context.out.result(report, (value) =>
    printBulkReport(context, { ...value, operation: 'import' }, options.verbose === true, (counts) => {
      const line = `${counts.total} items${report.retry ? ' retried' : ''}: ${counts.ok} added, ${counts.skipped} already there, ${counts.failed} failed`
      return counts.failed > 0 ? `${line}\nRetry the failures with: cinelayer import ${path} --retry-failed` : line
    }),
  )
  if (report.failed > 0) throw new ItemsFailedError('import', report.failed, report.total)
}

interface Planned {
  items: Map<string, ImportItem>
  lines: Map<string, number>
  problems: DatasetItemResult[]
}

function fromDataset(dataset: Dataset): Planned {
  const items = new Map<string, ImportItem>()
  const lines = new Map<string, number>()
  for (const { item, line } of dataset.entries) {
    const label = importItemLabel(item)
    if (items.has(label)) continue
    items.set(label, item)
    lines.set(label, line)
  }
  const problems = dataset.problems.map((problem): DatasetItemResult => ({ id: problem.text, line: problem.line, status: 'failed', code: problem.code, reason: `line ${problem.line}: ${problem.reason}` }))
  return { items, lines, problems }
}

async function retryItems(engine: MovieEngine, path: string): Promise<Planned> {
  const last = await lastImport(engine, path)
  if (!last) throw new DatasetInvalidError(path, 'no import of it is kept in this data folder to retry (run it without --retry-failed first)')
  if (last.retry.length === 0) throw new DatasetInvalidError(path, `no item failed in its last import (${last.at}): nothing to retry`)
  const labelled = last.retry.map(({ item, line }) => ({ label: importItemLabel(item), item, line }))
  return {
    items: new Map(labelled.map(({ label, item }) => [label, item])),
    lines: new Map(labelled.flatMap(({ label, line }) => (line === undefined ? [] : [[label, line] as const]))),
    problems: [],
  }
}

function request(engine: MovieEngine, items: readonly ImportItem[], options: DatasetImportOptions) {
  const ids = items.filter((item): item is string => typeof item === 'string')
  const files = items.filter((item): item is VideoFileRequest => typeof item === 'object' && 'path' in item)
  const titles = items.filter((item): item is TitleRequest => typeof item === 'object' && !('path' in item) && !('tmdb' in item))
  return engine.request({
    type: 'BulkImportRequested',
    category: 'cli',
    payload: {
      ids,
      ...(titles.length > 0 ? { titles } : {}),
      ...(files.length > 0 ? { files } : {}),
      ...(options.level === undefined ? {} : { level: options.level }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
  })
}

function count(source: string, retry: boolean, items: DatasetItemResult[]): DatasetImportReport {
  const tally = { ok: 0, skipped: 0, failed: 0 }
  for (const item of items) tally[item.status]++
  return { operation: 'import', source, retry, total: items.length, ...tally, items }
}
