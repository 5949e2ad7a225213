import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { movieIdOf } from '../id-token.js'
import { printMovie } from '../movie-view.js'

/** `edit <id> <field> <value> [--lock]`: a manual edit, which enrichment never overwrites. */
export function registerEdit(program: Command, run: CommandRunner): void {
  program
    .command('edit')
    .description('set a field of a movie by hand (kept through enrichment and downgrade); the value is read as JSON when it parses, else as text')
    .argument('<id>', 'movie id')
    .argument('<field>', 'field name: title, overview, tagline, runtime, genres…')
    .argument('<value>', 'new value: "The Matrix", 136, \'[{"id":18,"name":"Drama"}]\'')
    .option('--lock', 'also lock the field')
    .action(
      run(async (context, token: string, field: string, value: string, options: { lock?: boolean }) => {
        const id = movieIdOf(token)
        const movie = await context.withEngine((engine) => engine.movies.edit(id, { [field]: parseValue(value) }, { lock: options.lock === true }))
        context.out.result(movie, (edited) => printMovie(context.out, edited))
      }),
    )
}

// A title that happens to be a number ("1917") must stay text when the field wants text; the
// schema refuses the wrong type with a clear message, so JSON first is the useful reading.
function parseValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}
