import { resolve } from 'node:path'
import type { EditOutcome, MovieEngine } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { ItemsFailedError } from '../errors.js'

type EditsImportReport = Awaited<ReturnType<MovieEngine['movies']['importEdits']>>

/** The `edits import` command. */
export default async function editsImportCommand(context: CliContext, file: string): Promise<void> {
  const report = await context.withEngine((engine) => engine.movies.importEdits(resolve(context.io.cwd, file)))
  context.out.result(report, (value) => printImport(context, value))
  const total = report.applied.length + report.skipped.length + report.rejected.length
  if (report.rejected.length > 0) throw new ItemsFailedError('edits import', report.rejected.length, total)
}

function printImport(context: CliContext, report: EditsImportReport): void {
  const { out } = context
  const line = (outcome: EditOutcome) => `${outcome.movieId} ${outcome.field}${outcome.reason ? `: ${outcome.reason}` : ''}`
  for (const outcome of report.applied) out.info(`applied   ${line(outcome)}`)
  for (const outcome of report.skipped) out.info(`skipped   ${line(outcome)}`)
  for (const outcome of report.rejected) out.line(`${out.style.red('rejected')}  ${line(outcome)}`)
  out.line(`${report.applied.length} applied, ${report.skipped.length} skipped, ${report.rejected.length} rejected`)
}
