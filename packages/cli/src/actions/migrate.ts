import type { CliContext } from '../cli-context.js'
import { ItemsFailedError } from '../errors.js'

/** The `migrate` command. */
export default async function migrateCommand(context: CliContext): Promise<void> {
  const report = await context.withEngine((engine) => engine.migrate())
  context.out.result(report, (value) => {
    const { movies, people, stats } = value.migrated
    context.out.line(`Schema version ${value.schemaVersion}: migrated ${movies} movies, ${people} people, ${stats} stats; ${value.upToDate} records already up to date`)
    for (const failure of value.failed) context.out.line(`failed  ${failure.key}: ${failure.code}: ${failure.message}`)
  })
  const total = report.migrated.movies + report.migrated.people + report.migrated.stats + report.upToDate + report.failed.length
  if (report.failed.length > 0) throw new ItemsFailedError('migrate', report.failed.length, total)
}
