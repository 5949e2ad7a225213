import { resolve } from 'node:path'
import { type CliContext, READ_ONLY } from '../cli-context.js'

/** The `edits export` command. */
export default async function editsExportCommand(context: CliContext, file: string): Promise<void> {
  const path = file === '-' ? undefined : resolve(context.io.cwd, file)
  const document = await context.withEngine((engine) => engine.movies.exportEdits(path), READ_ONLY)
  if (!path) return context.out.jsonLine(document)
  const fields = document.movies.reduce((sum, movie) => sum + Object.keys(movie.fields).length, 0)
  context.out.result({ file: path, movies: document.movies.length, fields }, (value) =>
    context.out.line(`Exported ${value.fields} edited or locked field${value.fields === 1 ? '' : 's'} of ${value.movies} movie${value.movies === 1 ? '' : 's'} to ${value.file}`),
  )
}
