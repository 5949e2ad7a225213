import type { CliContext } from '../cli-context.js'
import { planResult, reportPlan } from '../plan-view.js'

/** The `housekeep` command: a `HousekeepingRequested` of the `cli` category, answered by the engine. */
export default async function housekeepCommand(context: CliContext, options: { dryRun?: boolean }): Promise<void> {
  const dryRun = options.dryRun === true
  const result = await context.withEngine(async (engine) =>
    planResult(engine, await engine.request({ type: 'HousekeepingRequested', category: 'cli', payload: { dryRun } }), dryRun),
  )
  reportPlan(context, 'housekeep', result)
}
