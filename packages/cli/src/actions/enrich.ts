import type { CliContext } from '../cli-context.js'
import { printBulkReport, withBulkProgress } from '../bulk-view.js'
import { ItemsFailedError } from '../errors.js'
import { movieIdOf } from '../id-token.js'

interface EnrichFlags {
  level: string
  all?: boolean
  concurrency?: number
  verbose?: boolean
}

/** The `enrich` command: a `BulkEnrichRequested` of the `cli` category, answered by the engine. */
export default async function enrichCommand(context: CliContext, ids: string[], flags: EnrichFlags): Promise<void> {
  // ids or --all, never both: checked by the command's definition.
  const targets = flags.all ? ('all' as const) : ids.map(movieIdOf)
  const report = await context.withEngine((engine) =>
    // The catalog's size is known with the first item done; a list of ids, at once.
    withBulkProgress(context, engine, `enrich → ${flags.level}`, 'enrich', targets === 'all' ? undefined : new Set(targets).size, () =>
      engine.request({
        type: 'BulkEnrichRequested',
        category: 'cli',
        payload: { ids: targets, level: flags.level, ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }) },
      }),
    ),
  )
  context.out.result(report, (value) =>
    printBulkReport(context, value, flags.verbose === true, (counts) => `${counts.total} movies: ${counts.ok} enriched, ${counts.skipped} already there, ${counts.failed} failed`),
  )
  if (report.failed > 0) throw new ItemsFailedError('enrich', report.failed, report.total)
}
