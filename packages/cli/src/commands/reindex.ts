import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `reindex`: rebuilds the indexes from the records. */
export function registerReindex(program: Command, run: CommandRunner): void {
  program
    .command('reindex')
    .description('rebuild the movie, people and stats indexes from the records (a full pass; run it when the folder is quiet)')
    .action(
      run(async (context) => {
        const report = await context.withEngine((engine) => engine.reindex())
        context.out.result(report, (value) => {
          const levels = Object.entries(value.levels).map(([level, count]) => `${level} ${count}`).join(', ')
          context.out.line(`Reindexed ${value.movies} movies (${levels || 'none'}), ${value.people} people, ${value.stats} stats, ${value.aliases} aliases in ${value.durationMs} ms`)
          for (const key of value.unreadable) context.out.warn(`unreadable: ${key} (indexed at no level; run validate)`)
        })
      }),
    )
}
