import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { ItemsFailedError } from '../errors.js'

/** `migrate`: rewrites every record of an older schema version at the current one. */
export function registerMigrate(program: Command, run: CommandRunner): void {
  program
    .command('migrate')
    .description('rewrite every record of an older schema version at the current one (records are migrated on read anyway; this does the whole store)')
    .action(
      run(async (context) => {
        const report = await context.withEngine((engine) => engine.migrate())
        context.out.result(report, (value) => {
          const { movies, people, stats } = value.migrated
          context.out.line(`Schema version ${value.schemaVersion}: migrated ${movies} movies, ${people} people, ${stats} stats; ${value.upToDate} records already up to date`)
          for (const failure of value.failed) context.out.line(`failed  ${failure.key}: ${failure.code}: ${failure.message}`)
        })
        const total = report.migrated.movies + report.migrated.people + report.migrated.stats + report.upToDate + report.failed.length
        if (report.failed.length > 0) throw new ItemsFailedError('migrate', report.failed.length, total)
      }),
    )
}
