import type { DowngradeSelection } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { CliUsageError } from '../errors.js'
import { movieIdOf } from '../id-token.js'
import { planResult, reportPlan } from '../plan-view.js'

interface DowngradeFlags {
  to?: string
  all?: boolean
  notReadSince?: number
  dryRun?: boolean
}

/** The `downgrade` command. */
export default async function downgradeCommand(context: CliContext, ids: string[], flags: DowngradeFlags): Promise<void> {
  const selection = selectionOf(ids, flags)
  const dryRun = flags.dryRun === true
  const result = await context.withEngine(async (engine) => planResult(engine, await engine.downgrade(selection, { dryRun }), dryRun))
  reportPlan(context, 'downgrade', result)
}

function selectionOf(ids: string[], flags: DowngradeFlags): DowngradeSelection {
  if (flags.notReadSince !== undefined) {
    if (ids.length > 0) throw new CliUsageError('downgrade', 'give ids or --not-read-since, not both')
    return { notReadForDays: flags.notReadSince, ...(flags.to ? { to: flags.to } : {}) }
  }
  if (ids.length > 0 && flags.all) throw new CliUsageError('downgrade', 'give ids or --all, not both')
  if (ids.length === 0 && !flags.all) throw new CliUsageError('downgrade', 'say which movies: ids, --all or --not-read-since <duration>')
  if (!flags.to) throw new CliUsageError('downgrade', '--to <level> is required with ids or --all')
  return { ids: flags.all ? 'all' : ids.map(movieIdOf), to: flags.to }
}
