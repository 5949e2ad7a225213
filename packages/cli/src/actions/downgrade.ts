import type { DowngradeSelection } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
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

/** The selection the flags name; their combination was checked by the command's definition. */
function selectionOf(ids: string[], flags: DowngradeFlags): DowngradeSelection {
  if (flags.notReadSince !== undefined) return { notReadForDays: flags.notReadSince, ...(flags.to ? { to: flags.to } : {}) }
  return { ids: flags.all ? 'all' : ids.map(movieIdOf), to: flags.to ?? '' }
}
