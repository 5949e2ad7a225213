import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { integerOption, yearOption } from '../option-parsers.js'

/** `search <query> [--year Y]`: TMDB's search, with what the catalog already holds. */
export function registerSearch(program: Command, run: CommandRunner): void {
  program
    .command('search')
    .description('search TMDB for movies by title; marks those already in the catalog')
    .argument('<query>', 'words of the title')
    .option('--year <year>', 'only movies first released that year', yearOption)
    .option('--page <n>', 'page of results', integerOption(1), 1)
    .action(run(() => import('../actions/search.js')))
}
