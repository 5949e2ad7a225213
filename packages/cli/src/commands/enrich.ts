import { type Command, Option } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { failUsage, idsOf, integerOption } from '../option-parsers.js'

/** `enrich <ids…|--all> --level L`: bulk enrichment with a progress bar and a report of failures. */
export function registerEnrich(program: Command, run: CommandRunner): void {
  program
    .command('enrich')
    .description('bring movies to a level (unknown tmdb and imdb ids are created), a few at a time; failures are listed and make the exit code 1')
    .argument('[ids...]', 'movie ids (tmdb:550, 550, tt0137523…)')
    .requiredOption('--level <level>', 'level to reach')
    .addOption(new Option('--all', 'every movie of the catalog'))
    .option('--concurrency <n>', 'movies worked on at once (default 4)', integerOption(1))
    .option('--verbose', 'one line per movie (default: the failures and a summary)')
    .hook('preAction', (_program, command) => {
      const ids = idsOf(command)
      const all = command.opts<{ all?: boolean }>().all === true
      if (ids.length > 0 && all) failUsage(command, 'give ids or --all, not both')
      if (ids.length === 0 && !all) failUsage(command, 'say which movies: ids or --all')
    })
    .action(run(() => import('../actions/enrich.js')))
}
