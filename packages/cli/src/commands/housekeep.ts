import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `housekeep [--dry-run]`: plans the downgrades of what nobody uses, and applies them. */
export function registerHousekeep(program: Command, run: CommandRunner): void {
  program
    .command('housekeep')
    .description('score every movie with the housekeeping rules, print the plan (movie, from → to, bytes, rules) and apply it')
    .option('--dry-run', 'print the plan only; change nothing')
    .action(run(() => import('../actions/housekeep.js')))
}
