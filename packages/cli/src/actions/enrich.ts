import type { MovieEngine } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { ItemsFailedError } from '../errors.js'
import { movieIdOf } from '../id-token.js'
import { createProgress } from '../progress-bar.js'

type BulkReport = Awaited<ReturnType<MovieEngine['enrichMany']>>

interface EnrichFlags {
  level: string
  all?: boolean
  concurrency?: number
}

/** The `enrich` command. */
export default async function enrichCommand(context: CliContext, ids: string[], flags: EnrichFlags): Promise<void> {
  // ids or --all, never both: checked by the command's definition.
  const targets = flags.all ? ('all' as const) : ids.map(movieIdOf)
  const report = await context.withEngine(async (engine) => {
    const progress = createProgress(context, `enrich → ${flags.level}`)
    let started = false
    const start = (total: number) => {
      if (!started) progress.start(total)
      started = true
    }
    // The catalog's size is known with the first item done; a list of ids, at once.
    if (targets !== 'all') start(new Set(targets).size)
    const off = engine.bus.on('BulkProgress', ({ payload }) => {
      if (payload.operation !== 'enrich') return
      start(payload.total)
      progress.tick(payload.item.id)
    })
    try {
      return await engine.enrichMany(targets, flags.level, flags.concurrency === undefined ? {} : { concurrency: flags.concurrency })
    } finally {
      off()
      progress.stop()
    }
  })
  context.out.result(report, (value) => printReport(context, value))
  if (report.failed > 0) throw new ItemsFailedError('enrich', report.failed, report.total)
}

function printReport(context: CliContext, report: BulkReport): void {
  const { out } = context
  for (const item of report.items) if (item.status === 'ok') out.info(`${out.style.green('ok')}       ${item.movieId ?? item.id} → ${item.level ?? '?'}`)
  for (const item of report.items) if (item.status === 'skipped') out.info(`skipped  ${item.movieId ?? item.id}: ${item.reason ?? ''}`)
  const failed = report.items.filter((item) => item.status === 'failed')
  if (failed.length > 0) {
    out.line(out.style.red(`Failed (${failed.length}):`))
    for (const item of failed) out.line(`  ${item.id}: ${item.code ? `${item.code}: ` : ''}${item.reason ?? 'failed'}`)
  }
  out.line(`${report.total} movies: ${report.ok} enriched, ${report.skipped} already there, ${report.failed} failed`)
}
