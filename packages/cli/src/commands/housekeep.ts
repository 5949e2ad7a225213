import type { HousekeepingPlan, HousekeepingReport, MovieEngine } from 'cinelayer'
import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import type { CommandRunner } from '../command-runner.js'
import { ItemsFailedError } from '../errors.js'
import { movieLabel } from '../movie-view.js'
import { formatBytes } from '../table.js'

/** What `housekeep` did, as `--json` prints it. */
export interface HousekeepResult {
  dryRun: boolean
  plan: HousekeepingPlan
  /** Titles of the movies in the plan, by id (for people reading the plan). */
  titles: Record<string, string>
  report?: HousekeepingReport
}

/** `housekeep [--dry-run]`: plans the downgrades of what nobody uses, and applies them. */
export function registerHousekeep(program: Command, run: CommandRunner): void {
  program
    .command('housekeep')
    .description('score every movie with the housekeeping rules, print the plan (movie, from → to, bytes, rules) and apply it')
    .option('--dry-run', 'print the plan only; change nothing')
    .action(
      run(async (context, options: { dryRun?: boolean }) => {
        const dryRun = options.dryRun === true
        const result = await context.withEngine(async (engine): Promise<HousekeepResult> => {
          const done = await engine.housekeeping.run({ dryRun })
          return { dryRun, plan: done.plan, titles: await titlesOf(engine, done.plan), ...(done.report ? { report: done.report } : {}) }
        })
        context.out.result(result, (value) => printHousekeeping(context, value))
        const failed = result.report?.failed.length ?? 0
        if (failed > 0) throw new ItemsFailedError('housekeep', failed, result.plan.changes.length)
      }),
    )
}

async function titlesOf(engine: MovieEngine, plan: HousekeepingPlan): Promise<Record<string, string>> {
  const titles: Record<string, string> = {}
  for (const change of plan.changes) {
    const movie = await engine.movies.peek(change.movieId)
    if (movie?.title) titles[change.movieId] = movieLabel(movie)
  }
  return titles
}

function printHousekeeping(context: CliContext, result: HousekeepResult): void {
  const { out } = context
  const { plan, report } = result
  if (plan.changes.length === 0) out.line(`Nothing to do: ${plan.examined} movies examined, all kept as they are`)
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
  if (!report) {
    if (plan.changes.length > 0) out.info(out.style.dim('Dry run: nothing was changed. Run without --dry-run to apply.'))
    return
  }
  out.line(`Applied: ${report.totals.downgraded} downgraded, ${report.totals.skipped} skipped, ${report.totals.failed} failed, ${formatBytes(report.totals.bytesFreed)} freed`)
  for (const skipped of report.skipped) out.info(`  skipped ${skipped.movieId}: ${skipped.reason}`)
  for (const failed of report.failed) out.warn(`  failed ${failed.movieId}: ${failed.code}: ${failed.message}`)
}
