import { resolve } from 'node:path'
import type { Movie, MovieEngine } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { CliUsageError, ResolveRefusedError } from '../errors.js'
import { movieIdOf } from '../id-token.js'
import { movieLabel } from '../movie-view.js'

/** What `resolve` did, as `--json` prints it. */
export interface ResolveResult {
  /** The local movie the file had. */
  from: string
  movie: Movie
}

/** The `resolve` command. */
export default async function resolveCommand(context: CliContext, file: string, token: string, options: { level?: string }): Promise<void> {
  const id = movieIdOf(token)
  const result = await context.withEngine(async (engine) => {
    const local = await localMovieOf(engine, file, context.io.cwd)
    // The movie is fetched first: an id TMDB does not know never becomes a record, nor takes the file.
    const target = await engine.movies.get(id, options.level ? { level: options.level } : {})
    const tmdbId = target.ids.tmdb
    if (tmdbId === undefined) throw new CliUsageError('resolve', `${target.id} has no TMDB id to match the file to`)
    await engine.movies.resolveMatch(local.id, tmdbId)
    return { from: local.id, movie: (await engine.movies.peek(target.id)) ?? target }
  })
  context.out.result(result, (value) => {
    const { out } = context
    out.line(`Resolved ${value.movie.filePath ?? value.from} → ${out.style.bold(movieLabel(value.movie))}  ${out.style.dim(value.movie.id)}  level ${value.movie.level}`)
    out.info(out.style.dim(`${value.from} is now an alias of ${value.movie.id}`))
  })
}

/** The unmatched (`local:`) movie of a file, named by its path or by its local id. */
async function localMovieOf(engine: MovieEngine, file: string, cwd: string): Promise<Movie> {
  const local = file.startsWith('local:')
  const path = local ? file : resolve(cwd, file)
  // The path as it was added (the watcher and `add` store absolute paths), else as typed.
  const movie = local ? await engine.movies.peek(file) : ((await engine.movies.byFile(path)) ?? (await engine.movies.byFile(file)))
  if (!movie) throw new ResolveRefusedError(path, `it is no movie of the catalog${local ? '' : ' (add it first: cinelayer add <file>)'}`)
  if (!movie.id.startsWith('local:')) throw new ResolveRefusedError(path, `it is matched already, to ${movie.id}`)
  return movie
}
