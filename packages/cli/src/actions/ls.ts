import { type CliContext, READ_ONLY } from '../cli-context.js'
import { summarizeMovie } from '../movie-view.js'

/** The `ls` command. */
export default async function listCommand(context: CliContext, options: { level?: string; page: number; pageSize: number }): Promise<void> {
  const page = await context.withEngine((engine) =>
    engine.movies.list({ page: options.page, pageSize: options.pageSize, ...(options.level ? { level: options.level } : {}) }),
    READ_ONLY,
  )
  const result = { ...page, results: page.results.map(summarizeMovie) }
  context.out.result(result, (value) => {
    const { out } = context
    if (value.totalResults === 0) return out.line(options.level ? `No movie at level ${options.level}` : 'The catalog is empty')
    out.table(
      [{ header: 'ID' }, { header: 'LEVEL' }, { header: 'YEAR', align: 'right' }, { header: 'TITLE', maxWidth: 60 }],
      value.results.map((movie) => [movie.id, movie.level, movie.year ? String(movie.year) : '', movie.title ?? '(unknown)']),
    )
    out.info(out.style.dim(`page ${value.page} of ${value.totalPages} (${value.totalResults} movies)`))
  })
}
