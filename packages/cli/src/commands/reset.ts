import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `reset --yes`: empties the data folder. */
export function registerReset(program: Command, run: CommandRunner): void {
  program
    .command('reset')
    .description('empty the data folder: every movie, person, relation, statistic, index and the event trace (refuses without --yes)')
    .option('--yes', 'confirm: this cannot be undone (export your edits first)')
    .action(run(() => import('../actions/reset.js')))
}
