import type { ValidationReport } from 'cinelayer'
import { type CliContext, READ_ONLY } from '../cli-context.js'
import { ValidationFailedError } from '../errors.js'

/** The `validate` command. */
export default async function validateCommand(context: CliContext, options: { fix?: boolean }): Promise<void> {
  const fix = options.fix === true
  // Checking only reads: it works beside an engine that holds the folder.
  const report = await context.withEngine((engine) => engine.validate({ fix }), fix ? {} : READ_ONLY)
  context.out.result(report, (value) => printReport(context, value))
  if (report.unfixed > 0) throw new ValidationFailedError(context.dataDir, report.unfixed)
}

function printReport(context: CliContext, report: ValidationReport): void {
  const { out } = context
  const { checked } = report
  out.info(
    `Checked ${checked.movies} movies, ${checked.people} people, ${checked.stats} stats, ${checked.aliases} aliases, ${checked.credits} credit lists`,
  )
  if (report.issues.length === 0) return out.line(out.style.green('No problem found'))
  out.table(
    [{ header: 'PROBLEM' }, { header: 'KEY', maxWidth: 60 }, { header: report.fix ? 'FIXED' : 'FIXABLE' }, { header: 'DETAILS', maxWidth: 100 }],
    report.issues.map((issue) => [issue.kind, issue.key, report.fix ? (issue.fixed ? 'yes' : 'no') : fixable.has(issue.kind) ? 'yes' : 'no', issue.message]),
  )
  for (const { key, keptAt } of report.quarantined) out.info(`Quarantined ${key}: its bytes are kept under ${keptAt}`)
  const left = report.unfixed
  out.line(`${report.issues.length} problem${report.issues.length === 1 ? '' : 's'}: ${report.fixed} fixed, ${left} left${!report.fix && left > 0 ? ' (run validate --fix to repair what can be)' : ''}`)
}

/** Kinds `validate --fix` repairs (see `ValidationIssueKind`). */
const fixable = new Set(['record-corrupt', 'record-invalid', 'schema-outdated', 'index-missing', 'index-extra', 'alias-dangling', 'relation-orphan', 'temporary-file'])
