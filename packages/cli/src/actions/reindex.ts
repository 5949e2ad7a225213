import type { CliContext } from '../cli-context.js'

/** The `reindex` command. */
export default async function reindexCommand(context: CliContext): Promise<void> {
  const report = await context.withEngine((engine) => engine.reindex())
  context.out.result(report, (value) => {
    const levels = Object.entries(value.levels).map(([level, count]) => `${level} ${count}`).join(', ')
    context.out.line(`Reindexed ${value.movies} movies (${levels || 'none'}), ${value.people} people, ${value.stats} stats, ${value.aliases} aliases in ${value.durationMs} ms`)
    for (const key of value.unreadable) context.out.warn(`unreadable: ${key} (indexed at no level; run validate)`)
  })
}
