import { resolve } from 'node:path'
import type { BulkItemResult, BulkReport, MovieEngine } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { printBulkReport, withBulkProgress } from '../bulk-view.js'
import { ItemsFailedError } from '../errors.js'
import { readRecordedCatalog } from '../recorded-catalog.js'

/** What `seed` did, as `--json` prints it. */
export interface SeedReport extends BulkReport {
  source: string
  /** People stored from their recorded answers, and those that failed (with why). */
  people: { ok: number; failed: number; failures: Array<{ id: string; code: string; reason: string }> }
}

/**
 * The `seed` command: an engine answering only from the folder's recordings (replay data, providers
 * without recordings in it left out) imports every recorded movie at the highest level the
 * recordings allow: `BulkEnrichRequested` (category `cli`) at the highest level, then again one level
 * lower for the movies that failed, down to the level above the lowest.
 */
export default async function seedCommand(context: CliContext, dir: string, options: { verbose?: boolean }): Promise<void> {
  const source = resolve(context.io.cwd, dir)
  const recorded = await readRecordedCatalog(source)
  const providers = {
    ...(recorded.sources.has('wikipedia') && recorded.sources.has('wikidata') ? {} : { wikipedia: false as const }),
    ...(recorded.sources.has('omdb') ? {} : { imdb: false as const }),
  }
  const report = await context.withEngine(
    async (engine) => {
      const movies = await seedMovies(context, engine, recorded.movies)
      const people = { ok: 0, failed: 0, failures: [] as Array<{ id: string; code: string; reason: string }> }
      for (const id of recorded.people) {
        const failure = await engine.people.get(id).then(
          () => null,
          (error: unknown) => ({ id, code: (error as { code?: string }).code ?? 'CINELAYER_ERR_CLI_UNEXPECTED', reason: error instanceof Error ? error.message : String(error) }),
        )
        if (failure) people.failures.push(failure)
        people[failure ? 'failed' : 'ok']++
      }
      return { ...movies, source, people }
    },
    // Recorded answers only: no token, no network; a level the recordings cannot give is tried again
    // at once one level lower (no backoff, and a miss is not remembered as an unknown movie).
    { data: 'replay', replayDir: source, retry: false, unknownIdTtlMs: 0, ...providers },
  )
  context.out.result(report, (value) => {
    for (const failure of value.people.failures) context.out.warn(`person ${failure.id}: ${failure.code}: ${failure.reason}`)
    printBulkReport(context, value, options.verbose === true, (counts) => {
      const people = `${value.people.ok} people${value.people.failed > 0 ? ` (${value.people.failed} failed)` : ''}`
      return `${counts.total} movies from ${source}: ${counts.ok} stored, ${counts.skipped} already there, ${counts.failed} failed; ${people}`
    })
  })
  if (report.failed > 0) throw new ItemsFailedError('seed', report.failed, report.total)
}

/** Each movie at the highest level that succeeds, from the top down. */
async function seedMovies(context: CliContext, engine: MovieEngine, ids: readonly string[]): Promise<BulkReport> {
  const results = new Map<string, BulkItemResult>()
  let pending = [...ids]
  const levels = engine.levels.names.slice(1).reverse()
  for (const [index, level] of levels.entries()) {
    if (pending.length === 0) break
    const asked = pending
    // Enrich, not import: a movie stored already, at a lower level, is brought up too.
    const answer = await withBulkProgress(context, engine, `seed → ${level}`, 'enrich', asked.length, () =>
      engine.request({ type: 'BulkEnrichRequested', category: 'cli', payload: { ids: asked, level } }),
    )
    const last = index === levels.length - 1
    for (const item of answer.items) if (item.status !== 'failed' || last) results.set(item.id, item)
    pending = answer.items.filter((item) => item.status === 'failed').map((item) => item.id)
  }
  const items = ids.flatMap((id) => results.get(id) ?? [])
  const tally = { ok: 0, skipped: 0, failed: 0 }
  for (const item of items) tally[item.status]++
  return { operation: 'enrich', total: items.length, ...tally, items }
}
