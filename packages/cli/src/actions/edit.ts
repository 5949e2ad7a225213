import type { CliContext } from '../cli-context.js'
import { movieIdOf } from '../id-token.js'
import { printMovie } from '../movie-view.js'

/** The `edit` command. */
export default async function editCommand(context: CliContext, token: string, field: string, value: string, options: { lock?: boolean }): Promise<void> {
  const id = movieIdOf(token)
  const movie = await context.withEngine((engine) => engine.movies.edit(id, { [field]: parseValue(value) }, { lock: options.lock === true }))
  context.out.result(movie, (edited) => printMovie(context.out, edited))
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
