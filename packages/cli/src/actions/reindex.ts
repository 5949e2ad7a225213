import type { CliContext } from '../cli-context.js'

/** The `reindex` command: every derived entry rebuilt from the records. */
export default async function reindexCommand(context: CliContext): Promise<void> {
  const report = await context.withEngine((engine) => engine.reindex())
  context.out.result(report, (value) => {
    const { checked } = value
    const rewritten = value.issues.filter((issue) => issue.fixed).length
    context.out.line(`Reindexed ${checked.movies} movies, ${checked.people} people, ${checked.stats} stats, ${checked.aliases} aliases, ${checked.credits} credit lists: ${rewritten} entr${rewritten === 1 ? 'y' : 'ies'} rewritten`)
    for (const issue of value.issues) if (!issue.fixed) context.out.warn(`${issue.kind}: ${issue.key} (${issue.message}; run validate)`)
  })
}
