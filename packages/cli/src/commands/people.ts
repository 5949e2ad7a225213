import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption } from '../option-parsers.js'

/** `people [--page N]`: a page of the people of the catalog. */
export function registerPeople(program: Command, run: CommandRunner): void {
  program
    .command('people')
    .description('list the people of the catalog (cast and crew of the movies stored), a page at a time')
    .option('--page <n>', 'page number', integerOption(1), 1)
    .option('--page-size <n>', 'people per page', integerOption(1), 20)
    .action(run(() => import('../actions/people.js')))
}
