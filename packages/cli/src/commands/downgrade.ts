import type { DowngradeSelection } from 'cinelayer'
import { type Command, Option } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { CliUsageError } from '../errors.js'
import { movieIdOf } from '../id-token.js'
import { durationDays } from '../option-parsers.js'
import { planResult, reportPlan } from '../plan-view.js'

interface DowngradeFlags {
  to?: string
  all?: boolean
  notReadSince?: number
  dryRun?: boolean
}

/** `downgrade <ids…|--all> --to L` and `downgrade --not-read-since 180d [--to L]`. */
export function registerDowngrade(program: Command, run: CommandRunner): void {
  program
    .command('downgrade')
    .description('take movies down to a lighter level (locked fields stay): by id, all of them, or those not read for a while')
    .argument('[ids...]', 'movie ids (tmdb:550, 550, tt0137523…)')
    .option('--to <level>', 'level to go down to (required with ids or --all; default basic with --not-read-since)')
    .addOption(new Option('--all', 'every movie above the level').conflicts('notReadSince'))
    .option('--not-read-since <duration>', 'movies nobody has read for longer than this: 180d, 26w, 1y, 36h', durationDays)
    .option('--dry-run', 'print the plan only; change nothing')
    .action(
      run(async (context, ids: string[], flags: DowngradeFlags) => {
        const selection = selectionOf(ids, flags)
        const dryRun = flags.dryRun === true
        const result = await context.withEngine(async (engine) => planResult(engine, await engine.downgrade(selection, { dryRun }), dryRun))
        reportPlan(context, 'downgrade', result)
      }),
    )
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
