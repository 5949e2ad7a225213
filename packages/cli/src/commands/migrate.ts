import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `migrate`: rewrites every record of an older schema version at the current one. */
export function registerMigrate(program: Command, run: CommandRunner): void {
  program
    .command('migrate')
    .description('rewrite every record of an older schema version at the current one (records are migrated on read anyway; this does the whole store)')
    .action(run(() => import('../actions/migrate.js')))
}
