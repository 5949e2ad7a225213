import { type Command, Option } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `get <id> [--level L]`: a movie at a level, enriched when it is below. */
export function registerGet(program: Command, run: CommandRunner): void {
  program
    .command('get')
    .description('show a movie at a level, enriching what is missing (an unknown tmdb id is created)')
    .argument('<id>', 'movie id: tmdb:550, 550, imdb:tt0137523, tt0137523, wikidata:Q190050, local:…')
    .option('--level <level>', "level the movie must reach (default: the engine's default level, basic)")
    .addOption(new Option('--peek', 'show the movie as stored, never calling a provider').conflicts('level'))
    .action(run(() => import('../actions/get.js')))
}
