import type { HousekeepingPlan, HousekeepingReport, HousekeepingRun, MovieEngine } from 'cinelayer'
import type { CliContext } from './cli-context.js'
import { ItemsFailedError } from './errors.js'
import { movieLabel } from './movie-view.js'
import { formatBytes } from './table.js'

/** What `housekeep` and `downgrade` did, as `--json` prints it. */
export interface PlanResult {
  dryRun: boolean
  plan: HousekeepingPlan
  /** Titles of the movies in the plan, by id (for people reading the plan). */
  titles: Record<string, string>
  report?: HousekeepingReport
}

/** The run as printed: with the titles of the movies of the plan. */
export async function planResult(engine: MovieEngine, run: HousekeepingRun, dryRun: boolean): Promise<PlanResult> {
  return { dryRun, plan: run.plan, titles: await titlesOf(engine, run.plan), ...(run.report ? { report: run.report } : {}) }
}

/** Prints a plan (and its report), then fails the command when a change could not be applied. */
export function reportPlan(context: CliContext, command: string, result: PlanResult): void {
  context.out.result(result, (value) => printPlan(context, value))
  const failed = result.report?.failed.length ?? 0
  if (failed > 0) throw new ItemsFailedError(command, failed, result.plan.changes.length)
}

async function titlesOf(engine: MovieEngine, plan: HousekeepingPlan): Promise<Record<string, string>> {
  const titles: Record<string, string> = {}
  for (const change of plan.changes) {
    const movie = await engine.movies.peek(change.movieId)
    if (movie?.title) titles[change.movieId] = movieLabel(movie)
  }
  return titles
}

function printPlan(context: CliContext, result: PlanResult): void {
  const { out } = context
  const { plan, report } = result
  if (plan.changes.length === 0) out.line(`Nothing to do: ${plan.examined} movie${plan.examined === 1 ? '' : 's'} examined, all kept as they are`)
  else {
    out.table(
      [{ header: 'MOVIE' }, { header: 'TITLE', maxWidth: 40 }, { header: 'FROM → TO' }, { header: 'BYTES', align: 'right' }, { header: 'RULES', maxWidth: 80 }],
      plan.changes.map((change) => [
        change.movieId,
        result.titles[change.movieId] ?? '',
        `${change.from} → ${change.to}`,
        formatBytes(change.bytesFreed),
        change.reasons.map((reason) => `${reason.rule}: ${reason.reason}`).join('; '),
      ]),
    )
    out.info(`${plan.changes.length} of ${plan.examined} movies, ${formatBytes(plan.totals.bytesFreed)} to free`)
  }
  for (const problem of plan.problems) out.warn(`${problem.movieId}: ${problem.code}: ${problem.message}`)
  if (plan.changes.length === 0) return
  if (!report) return out.info(out.style.dim('Dry run: nothing was changed. Run without --dry-run to apply.'))
  out.line(`Applied: ${report.totals.downgraded} downgraded, ${report.totals.skipped} skipped, ${report.totals.failed} failed, ${formatBytes(report.totals.bytesFreed)} freed`)
  for (const skipped of report.skipped) out.info(`  skipped ${skipped.movieId}: ${skipped.reason}`)
  for (const failed of report.failed) out.warn(`  failed ${failed.movieId}: ${failed.code}: ${failed.message}`)
}
