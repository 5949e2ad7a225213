import { MovieNotFoundError } from 'cinelayer'
import { type Command, Option } from 'commander'
import { READ_ONLY } from '../cli-context.js'
import type { CommandRunner } from '../command-runner.js'
import { movieIdOf } from '../id-token.js'
import { printMovie } from '../movie-view.js'

/** `get <id> [--level L]`: a movie at a level, enriched when it is below. */
export function registerGet(program: Command, run: CommandRunner): void {
  program
    .command('get')
    .description('show a movie at a level, enriching what is missing (an unknown tmdb id is created)')
    .argument('<id>', 'movie id: tmdb:550, 550, imdb:tt0137523, tt0137523, wikidata:Q190050, local:…')
    .option('--level <level>', "level the movie must reach (default: the engine's default level, basic)")
    .addOption(new Option('--peek', 'show the movie as stored, never calling a provider').conflicts('level'))
    .action(
      run(async (context, token: string, options: { level?: string; peek?: boolean }) => {
        const id = movieIdOf(token)
        const movie = await context.withEngine(async (engine) => {
          if (!options.peek) return engine.movies.get(id, options.level ? { level: options.level } : {})
          const stored = await engine.movies.peek(id)
          if (!stored) throw new MovieNotFoundError(id)
          return stored
        }, options.peek ? READ_ONLY : {})
        context.out.result(movie, (value) => printMovie(context.out, value))
      }),
    )
}
