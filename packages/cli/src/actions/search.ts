import { type CliContext, READ_ONLY } from '../cli-context.js'

/** One search result, as `--json` prints it. */
export interface SearchHitView {
  id: string
  title: string
  year: number | null
  /** Level of the movie in the catalog, `null` when it is not in it. */
  level: string | null
}

/** The `search` command. */
export default async function searchCommand(context: CliContext, query: string, options: { year?: number; page: number }): Promise<void> {
  const result = await context.withEngine(async (engine) => {
    const page = await engine.tmdb.searchMovies(query, { page: options.page, ...(options.year === undefined ? {} : { year: options.year }) })
    const results: SearchHitView[] = []
    for (const item of page.results) {
      const id = `tmdb:${item.id}`
      const stored = await engine.movies.peek(id)
      const year = item.release_date ? Number.parseInt(item.release_date.slice(0, 4), 10) : Number.NaN
      results.push({ id, title: item.title, year: Number.isFinite(year) ? year : null, level: stored?.level ?? null })
    }
    return { query, year: options.year ?? null, page: page.page, totalPages: page.total_pages, totalResults: page.total_results, results }
  }, READ_ONLY)
  context.out.result(result, (value) => {
    if (value.results.length === 0) return context.out.line(`No movie found for "${query}"`)
    context.out.table(
      [{ header: 'ID' }, { header: 'YEAR', align: 'right' }, { header: 'TITLE', maxWidth: 60 }, { header: 'IN CATALOG' }],
      value.results.map((hit) => [hit.id, hit.year ? String(hit.year) : '', hit.title, hit.level ?? '-']),
    )
    context.out.info(context.out.style.dim(`page ${value.page} of ${value.totalPages} (${value.totalResults} results)`))
  })
}
