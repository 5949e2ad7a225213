import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `ls [--level L] [--page N]`: a page of the catalog. */
export function registerLs(program: Command, run: CommandRunner): void {
  program
    .command('ls')
    .description('list the movies of the catalog, a page at a time')
    .option('--level <level>', 'only the movies at this level')
    .option('--page <n>', 'page number', integerOption(1), 1)
    .option('--page-size <n>', 'movies per page', integerOption(1), 20)
    .action(run(() => import('../actions/ls.js')))
}
