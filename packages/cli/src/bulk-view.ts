import type { BulkReport, MovieEngine } from 'cinelayer'
import type { CliContext } from './cli-context.js'
import { createProgress } from './progress-bar.js'

/**
 * Prints a bulk report: the failures, then a summary line, by default; one line per item before
 * them with `verbose` (a bulk command over a whole catalog would otherwise bury its failures).
 * @param summary the summary line, from the counts
 */
export function printBulkReport(context: CliContext, report: BulkReport, verbose: boolean, summary: (report: BulkReport) => string): void {
  const { out } = context
  if (verbose) {
    for (const item of report.items) {
      if (item.status === 'ok') out.line(`${out.style.green('ok')}       ${item.id}${item.movieId && item.movieId !== item.id ? ` → ${item.movieId}` : ''}${item.level ? ` (${item.level})` : ''}`)
      if (item.status === 'skipped') out.line(`skipped  ${item.id}: ${item.reason ?? ''}`)
    }
  }
  const failed = report.items.filter((item) => item.status === 'failed')
  if (failed.length > 0) {
    out.line(out.style.red(`Failed (${failed.length}):`))
    for (const item of failed) out.line(`  ${item.id}: ${item.code ? `${item.code}: ` : ''}${item.reason ?? 'failed'}`)
  }
  out.line(summary(report))
}

/**
 * Runs bulk work with a progress bar fed by the engine's `BulkProgress` events of `operation`.
 * @param total the number of items when known before the work starts (else the first event says)
 */
export async function withBulkProgress<T>(context: CliContext, engine: MovieEngine, label: string, operation: 'enrich' | 'import', total: number | undefined, work: () => Promise<T>): Promise<T> {
  const progress = createProgress(context, label)
  let started = false
  const start = (count: number) => {
    if (!started) progress.start(count)
    started = true
  }
  if (total !== undefined) start(total)
  const off = engine.bus.on('BulkProgress', ({ payload }) => {
    if (payload.operation !== operation) return
    start(payload.total)
    progress.tick(payload.item.id)
  })
  try {
    return await work()
  } finally {
    off()
    progress.stop()
  }
}
