import { MovieNotFoundError } from 'cinelayer'
import { type CliContext, READ_ONLY } from '../cli-context.js'
import { movieIdOf } from '../id-token.js'
import { printMovie } from '../movie-view.js'

/** The `get` command. */
export default async function getCommand(context: CliContext, token: string, options: { level?: string; peek?: boolean }): Promise<void> {
  const id = movieIdOf(token)
  const movie = await context.withEngine(async (engine) => {
    if (!options.peek) return engine.movies.get(id, options.level ? { level: options.level } : {})
    const stored = await engine.movies.peek(id)
    if (!stored) throw new MovieNotFoundError(id)
    return stored
  }, options.peek ? READ_ONLY : {})
  context.out.result(movie, (value) => printMovie(context.out, value))
}
