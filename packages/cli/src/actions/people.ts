import { type CliContext, READ_ONLY } from '../cli-context.js'

/** The `people` command. */
export default async function peopleCommand(context: CliContext, options: { page: number; pageSize: number }): Promise<void> {
  const page = await context.withEngine((engine) => engine.people.list({ page: options.page, pageSize: options.pageSize }), READ_ONLY)
  const { unreadable, ...result } = page
  for (const problem of unreadable) context.out.warn(`${problem.key}: ${problem.code}: ${problem.message}`)
  context.out.result(result, (value) => {
    const { out } = context
    if (value.totalResults === 0) return out.line('No person in the catalog')
    out.table(
      [{ header: 'ID' }, { header: 'LEVEL' }, { header: 'NAME', maxWidth: 40 }, { header: 'KNOWN FOR' }, { header: 'IMDB' }],
      value.results.map((person) => [person.id, person.level, person.name, person.knownForDepartment ?? '', person.ids.imdb ?? '']),
    )
    out.info(out.style.dim(`page ${value.page} of ${value.totalPages} (${value.totalResults} people)`))
  })
}
