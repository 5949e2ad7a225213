import { resolve } from 'node:path'
import type { EditOutcome, MovieEngine } from 'cinelayer'
import type { Command } from 'commander'
import { type CliContext, READ_ONLY } from '../cli-context.js'
import type { CommandRunner } from '../command-runner.js'
import { ItemsFailedError } from '../errors.js'

type EditsImportReport = Awaited<ReturnType<MovieEngine['movies']['importEdits']>>

/** `edits export <file>` and `edits import <file>`: manual edits and locks to and from JSON. */
export function registerEdits(program: Command, run: CommandRunner): void {
  const edits = program.command('edits').description('export the manual edits and locks to a JSON file, or import them (review, version, re-apply after a reset)')
  edits
    .command('export')
    .description('write every manual edit and lock to a JSON file ("-" prints it)')
    .argument('<file>', 'the file to write (replaced atomically), or - for stdout')
    .action(
      run(async (context, file: string) => {
        const path = file === '-' ? undefined : resolve(context.io.cwd, file)
        const document = await context.withEngine((engine) => engine.movies.exportEdits(path), READ_ONLY)
        if (!path) return context.out.jsonLine(document)
        const fields = document.movies.reduce((sum, movie) => sum + Object.keys(movie.fields).length, 0)
        context.out.result({ file: path, movies: document.movies.length, fields }, (value) =>
          context.out.line(`Exported ${value.fields} edited or locked field${value.fields === 1 ? '' : 's'} of ${value.movies} movie${value.movies === 1 ? '' : 's'} to ${value.file}`),
        )
      }),
    )
  edits
    .command('import')
    .description('apply an edits file: each edit is applied, skipped (already so) or rejected (listed); a malformed file changes nothing')
    .argument('<file>', 'an edits file written by "edits export"')
    .action(
      run(async (context, file: string) => {
        const report = await context.withEngine((engine) => engine.movies.importEdits(resolve(context.io.cwd, file)))
        context.out.result(report, (value) => printImport(context, value))
        const total = report.applied.length + report.skipped.length + report.rejected.length
        if (report.rejected.length > 0) throw new ItemsFailedError('edits import', report.rejected.length, total)
      }),
    )
}

function printImport(context: CliContext, report: EditsImportReport): void {
  const { out } = context
  const line = (outcome: EditOutcome) => `${outcome.movieId} ${outcome.field}${outcome.reason ? `: ${outcome.reason}` : ''}`
  for (const outcome of report.applied) out.info(`applied   ${line(outcome)}`)
  for (const outcome of report.skipped) out.info(`skipped   ${line(outcome)}`)
  for (const outcome of report.rejected) out.line(`${out.style.red('rejected')}  ${line(outcome)}`)
  out.line(`${report.applied.length} applied, ${report.skipped.length} skipped, ${report.rejected.length} rejected`)
}
