import type { CliContext } from '../cli-context.js'
import { printRecordingsReport, recordingsDir } from './recordings-report.js'

/** The `recordings prune` command. */
export default async function recordingsPruneCommand(context: CliContext, options: { dir?: string; dryRun?: boolean; maxBodyBytes?: number }): Promise<void> {
  const { pruneRecordings } = await import('cinelayer')
  const report = await pruneRecordings(recordingsDir(context, options.dir), {
    dryRun: options.dryRun === true,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  })
  printRecordingsReport(context, report)
}
