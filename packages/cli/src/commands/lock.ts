import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `lock <id> <field…>` and `unlock <id> <field…>`. */
export function registerLocks(program: Command, run: CommandRunner): void {
  program
    .command('lock')
    .description('lock fields of a movie as they are: enrichment never overwrites them, downgrade never removes them')
    .argument('<id>', 'movie id')
    .argument('<fields...>', 'field names: title, overview, tagline, poster, cast, genres…')
    .action(run(() => import('../actions/lock.js')))
  program
    .command('unlock')
    .description('unlock fields of a movie (a field whose facet is gone leaves the record)')
    .argument('<id>', 'movie id')
    .argument('<fields...>', 'field names')
    .action(run(() => import('../actions/unlock.js')))
}
