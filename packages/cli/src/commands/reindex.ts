import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `reindex`: rebuilds the indexes from the records. */
export function registerReindex(program: Command, run: CommandRunner): void {
  program
    .command('reindex')
    .description('rebuild the movie, people and stats indexes from the records (a full pass; run it when the folder is quiet)')
    .action(run(() => import('../actions/reindex.js')))
}
