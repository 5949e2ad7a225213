import { dirname, join, resolve } from 'node:path'
import type { RecordingsReport } from 'cinelayer'
import type { CliContext } from '../cli-context.js'

/** The recordings folder: `--dir`, else the config's `recordDir` (from the config file's folder), else `<data>/recordings`. */
export function recordingsDir(context: CliContext, dir: string | undefined): string {
  if (dir) return resolve(context.io.cwd, dir)
  const configured = context.config.recordDir
  if (configured) return resolve(context.configFile ? dirname(context.configFile) : context.io.cwd, configured)
  return join(context.dataDir, 'recordings')
}

/** Prints what a prune or rm removed (or would remove), one line per file. */
export function printRecordingsReport(context: CliContext, report: RecordingsReport): void {
  context.out.result(report, (value) => {
    const verb = value.dryRun ? 'Would remove' : 'Removed'
    context.out.line(`${verb} ${value.removed.length} of ${value.examined} recording${value.examined === 1 ? '' : 's'} in ${value.dir}`)
    for (const removed of value.removed) context.out.line(`  ${removed.file}${removed.key ? ` (${removed.key})` : ''}: ${removed.reason}`)
    if (!value.dryRun && value.removed.length > 0) context.out.info('An engine running in hybrid mode still answers them from memory until it restarts.')
  })
}
