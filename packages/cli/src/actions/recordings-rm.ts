import type { CliContext } from '../cli-context.js'
import { printRecordingsReport, recordingsDir } from './recordings-report.js'

/** The `recordings rm <target...>` command. */
export default async function recordingsRmCommand(context: CliContext, targets: string[], options: { dir?: string; dryRun?: boolean }): Promise<void> {
  const { removeRecordings } = await import('cinelayer')
  const report = await removeRecordings(recordingsDir(context, options.dir), targets, { dryRun: options.dryRun === true })
  printRecordingsReport(context, report)
}
