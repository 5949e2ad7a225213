import { type MovieEngine, type UsageRank, recordBytes } from 'cinelayer'
import { eventTraceFile, readEventTrace } from 'cinelayer/trace'
import { type CliContext, READ_ONLY } from '../cli-context.js'
import { movieLabel } from '../movie-view.js'
import { formatBytes } from '../table.js'

/** One line of a usage ranking. */
export interface UsageLine {
  movieId: string
  title: string | null
  popularity: number
  views: number
  plays: number
  requests: number
  lastAccess: string | null
}

/** What `stats` prints, as `--json` gives it. */
export interface StatsReport {
  movies: number
  people: number
  /** Bytes of every stored value (records, indexes' values excluded, images included). */
  bytesStored: number
  levels: Array<{ level: string; movies: number; bytes: number }>
  /** Image files stored for the movies (poster, backdrops, logos), and their bytes. */
  images: { files: number; bytes: number }
  top: UsageLine[]
  leastUsed: UsageLine[]
  neverUsed: number
  /**
   * Upstream calls per source, summed from the `EnrichmentCompleted` events of the trace (the
   * counters of a provider live only as long as its process), plus this process's own.
   */
  providerCalls: Record<string, number>
  enrichmentFailures: number
  /** Time of the oldest event in the trace, `null` when it is empty. */
  traceSince: string | null
}

const PAGE_SIZE = 500

/** The `stats` command. */
export default async function statsCommand(context: CliContext, options: { top: number }): Promise<void> {
  const report = await context.withEngine((engine) => collectStats(context, engine, options.top), READ_ONLY)
  context.out.result(report, (value) => printStats(context, value))
}

async function collectStats(context: CliContext, engine: MovieEngine, top: number): Promise<StatsReport> {
  const summary = await engine.summary()
  const levels = new Map(engine.levels.names.map((level) => [level, { level, movies: 0, bytes: 0 }]))
  const images = { files: 0, bytes: 0 }
  const titles = new Map<string, string>()
  for (let page = 1, pages = 1; page <= pages; page++) {
    const listed = await engine.movies.list({ page, pageSize: PAGE_SIZE })
    pages = listed.totalPages
    for (const movie of listed.results) {
      const entry = levels.get(movie.level) ?? { level: movie.level, movies: 0, bytes: 0 }
      entry.movies++
      entry.bytes += recordBytes(movie)
      levels.set(movie.level, entry)
      for (const image of await engine.images.list(movie.id)) {
        images.files++
        images.bytes += image.bytes
      }
      if (movie.title) titles.set(movie.id, movieLabel(movie))
    }
  }
  const line = (rank: UsageRank): UsageLine => ({
    movieId: rank.movieId,
    title: titles.get(rank.movieId) ?? null,
    popularity: Math.round(rank.popularity * 1000) / 1000,
    views: rank.stats.views,
    plays: rank.stats.plays,
    requests: rank.stats.requests,
    lastAccess: rank.stats.lastAccess,
  })
  const trace = await readEventTrace(engine.trace?.file ?? eventTraceFile(context.dataDir))
  const providerCalls: Record<string, number> = { ...summary.providerCalls }
  let enrichmentFailures = 0
  for (const event of trace) {
    if (event.type === 'EnrichmentFailed') enrichmentFailures++
    if (event.type !== 'EnrichmentCompleted') continue
    for (const [source, calls] of Object.entries(event.payload.calls)) providerCalls[source] = (providerCalls[source] ?? 0) + calls
  }
  return {
    movies: summary.movies,
    people: summary.people,
    bytesStored: summary.bytesStored,
    levels: [...levels.values()],
    images,
    top: (await engine.stats.top(top)).map(line),
    leastUsed: (await engine.stats.leastUsed(top)).map(line),
    neverUsed: (await engine.stats.neverUsed()).length,
    providerCalls,
    enrichmentFailures,
    traceSince: trace[0]?.at ?? null,
  }
}

function printStats(context: CliContext, report: StatsReport): void {
  const { out } = context
  out.line(`${out.style.bold(String(report.movies))} movies, ${out.style.bold(String(report.people))} people, ${formatBytes(report.bytesStored)} stored`)
  out.line()
  out.table(
    [{ header: 'LEVEL' }, { header: 'MOVIES', align: 'right' }, { header: 'BYTES', align: 'right' }],
    [...report.levels.map((entry) => [entry.level, String(entry.movies), formatBytes(entry.bytes)]), ['images', `${report.images.files} files`, formatBytes(report.images.bytes)]],
  )
  for (const [title, ranking] of [
    ['Most used', report.top],
    ['Least used', report.leastUsed],
  ] as const) {
    if (ranking.length === 0) continue
    out.line()
    out.line(out.style.bold(title))
    out.table(
      [{ header: 'MOVIE' }, { header: 'TITLE', maxWidth: 40 }, { header: 'POPULARITY', align: 'right' }, { header: 'VIEWS', align: 'right' }, { header: 'PLAYS', align: 'right' }, { header: 'REQUESTS', align: 'right' }, { header: 'LAST ACCESS' }],
      ranking.map((entry) => [entry.movieId, entry.title ?? '', entry.popularity.toFixed(2), String(entry.views), String(entry.plays), String(entry.requests), entry.lastAccess ?? '-']),
    )
  }
  out.line()
  out.line(`Never used: ${report.neverUsed} movie${report.neverUsed === 1 ? '' : 's'}`)
  const calls = Object.entries(report.providerCalls)
  const since = report.traceSince ? ` (event trace since ${report.traceSince})` : ''
  out.line(`Provider calls${since}: ${calls.length === 0 ? 'none' : calls.map(([source, count]) => `${source} ${count}`).join(', ')}; enrichment failures: ${report.enrichmentFailures}`)
}
