import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `validate [--fix]`: records against schemas, indexes against records, orphans, versions. */
export function registerValidate(program: Command, run: CommandRunner): void {
  program
    .command('validate')
    .description('check every record against its schema and version, the indexes against the records, aliases and relations; exit 1 while problems remain')
    .option('--fix', 'repair what can be repaired (indexes, dangling aliases, orphan relations, outdated records, leftover temporary files)')
    .action(run(() => import('../actions/validate.js')))
}
