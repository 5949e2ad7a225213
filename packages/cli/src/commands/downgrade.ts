import { type Command, Option } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { durationDays, failUsage, idsOf } from '../option-parsers.js'

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
    .hook('preAction', (_program, command) => {
      const ids = idsOf(command)
      const { to, all, notReadSince } = command.opts<{ to?: string; all?: boolean; notReadSince?: number }>()
      if (notReadSince !== undefined && ids.length > 0) failUsage(command, 'give ids or --not-read-since, not both')
      if (notReadSince !== undefined) return
      if (ids.length > 0 && all) failUsage(command, 'give ids or --all, not both')
      if (ids.length === 0 && !all) failUsage(command, 'say which movies: ids, --all or --not-read-since <duration>')
      if (!to) failUsage(command, '--to <level> is required with ids or --all')
    })
    .action(run(() => import('../actions/downgrade.js')))
}
