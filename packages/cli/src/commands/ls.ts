import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { READ_ONLY } from '../cli-context.js'
import { summarizeMovie } from '../movie-view.js'
import { integerOption } from '../option-parsers.js'

/** `ls [--level L] [--page N]`: a page of the catalog. */
export function registerLs(program: Command, run: CommandRunner): void {
  program
    .command('ls')
    .description('list the movies of the catalog, a page at a time')
    .option('--level <level>', 'only the movies at this level')
    .option('--page <n>', 'page number', integerOption(1), 1)
    .option('--page-size <n>', 'movies per page', integerOption(1), 20)
    .action(
      run(async (context, options: { level?: string; page: number; pageSize: number }) => {
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
      }),
    )
}
