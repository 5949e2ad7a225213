import type { CliContext } from '../cli-context.js'
import { planResult, reportPlan } from '../plan-view.js'

/** The `housekeep` command. */
export default async function housekeepCommand(context: CliContext, options: { dryRun?: boolean }): Promise<void> {
  const dryRun = options.dryRun === true
  const result = await context.withEngine(async (engine) => planResult(engine, await engine.housekeeping.run({ dryRun }), dryRun))
  reportPlan(context, 'housekeep', result)
}
