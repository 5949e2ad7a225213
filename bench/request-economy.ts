/**
 * Request economy of the live path (run: `pnpm bench:economy`), against the fake servers of
 * `@cinelayer/providers/testing` on loopback: nothing leaves the machine, no key is needed.
 *
 * 1. Economy: 1,000 movies taken from `initial` to `deep` through `createMovieEngine({ data: 'http' })`
 *    (memory storage). Upstream requests per source are read from the fake servers' counters and
 *    printed beside what a naive client needs: one TMDB request per endpoint (details, credits,
 *    external_ids, images, keywords — actually sent to the same fake server and counted), then the
 *    Wikidata sitelinks and the Wikipedia summary, then OMDb. Targets per movie: ≤ 1 TMDB,
 *    ≤ 2 Wikipedia (Wikidata included), ≤ 1 IMDb.
 * 2. Throughput against a fake TMDB enforcing 40 requests/s (429 + Retry-After beyond it), whose
 *    movies carry credit lists drawn like TMDB's (log-normal, median near 50, a tail past 300):
 *    - baseline: 400 movies to `medium` through the TMDB enricher and `HttpDataProvider` alone (its
 *      default TMDB rate limit, 40/s), nothing stored;
 *    - 1,000 movies from nothing to `medium` through `createMovieEngine` on the embedded default
 *      store (SQLite in a fresh data folder), `engine.enrichMany(…, { concurrency: 16 })`: every
 *      movie's people, credits both ways, summary and level entry committed. Target: ≥ 90% of the
 *      limit, no 429 left unretried, no failure. The credit counts of the movies stored (median,
 *      p90, max) are printed, to show the data is realistic.
 *
 * Timings are printed, never asserted in tests. The process exits with code 1 when a target is missed.
 */
import { HttpDataProvider, LevelSet, TmdbProvider, createMovieEngine } from 'cinelayer'
import { createMovieRecord } from '@cinelayer/core'
import { createTmdbEnricher } from '@cinelayer/providers'
import { type FakeServer, startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { inTemporaryFolder, mark, percentile, ratio } from './support/measure.js'

const MOVIES = Number(process.env.ECONOMY_MOVIES ?? 1000)
const BULK_MOVIES = Number(process.env.ECONOMY_BULK_MOVIES ?? 1000)
const BASELINE_MOVIES = Number(process.env.ECONOMY_BASELINE_MOVIES ?? 400)
const BULK_CONCURRENCY = 16
const RATE_LIMIT = 40
const TOKEN = 'bench-token-not-a-secret'
const OMDB_KEY = 'bench-omdb-key'
const naiveTmdbEndpoints = ['', '/credits', '/external_ids', '/images', '/keywords']
const unlimited = { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 16 }

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, index) => from + index)
const sum = (counters: Readonly<Record<string, number>>, names?: readonly string[]) =>
  Object.entries(counters).reduce((total, [name, count]) => total + (names === undefined || names.includes(name) ? count : 0), 0)
const perMovie = (count: number, movies: number) => (count / movies).toFixed(2)

async function economy(): Promise<boolean> {
  const tmdb = await startFakeTmdbServer({ auth: { token: TOKEN } })
  const wiki = await startFakeWikipediaServer()
  const omdb = await startFakeOmdbServer({ apiKey: OMDB_KEY })
  const servers: FakeServer[] = [tmdb, wiki, omdb]
  try {
    const engine = createMovieEngine({
      storage: 'memory',
      data: 'http',
      trace: false,
      tmdb: { token: TOKEN, baseURL: tmdb.url, imageBaseURL: tmdb.url },
      wikipedia: { baseURL: wiki.wikipediaBaseURL, wikidataBaseURL: wiki.wikidataBaseURL },
      imdb: { apiKey: OMDB_KEY, baseURL: omdb.url },
      // Metadata requests are what is compared; image bytes are a separate, optional cost.
      images: { download: false },
      // The rate limits are measured in part 2; here only the number of requests matters.
      http: { tmdb: unlimited, wikipedia: unlimited, wikidata: unlimited, omdb: unlimited },
    })
    const started = performance.now()
    let failed = 0
    await pool(ids(MOVIES), 32, async (id) => {
      const movie = await engine.movies.get(`tmdb:${id}`, { level: 'deep' }).catch(() => undefined)
      if (movie?.level !== 'deep') failed += 1
    })
    const seconds = (performance.now() - started) / 1000
    const summary = await engine.summary()
    await engine.close()
    // The configuration (asked once per engine, for image URLs) and image bytes are not per-movie metadata requests.
    const oneTime = { configuration: tmdb.counters.configuration ?? 0, image: tmdb.counters.image ?? 0 }
    const ours = { tmdb: tmdb.total - oneTime.configuration - oneTime.image, wikipedia: wiki.total, imdb: omdb.total }

    tmdb.resetCounters()
    const naive = new HttpDataProvider({ tmdb: { token: TOKEN, baseURL: tmdb.url, ...unlimited } })
    await pool(ids(MOVIES), 32, (id) => Promise.all(naiveTmdbEndpoints.map((endpoint) => naive.request({ source: 'tmdb', path: `/3/movie/${id}${endpoint}`, query: { language: 'en-US' } }))))
    // A naive Wikipedia and IMDb client makes the same calls cinelayer does: sitelinks, summary, rating.
    const naiveCounts = { tmdb: tmdb.total, wikipedia: 2 * MOVIES, imdb: MOVIES }

    const rows = [
      { source: 'TMDB', ours: ours.tmdb, naive: naiveCounts.tmdb, target: 1 },
      { source: 'Wikipedia + Wikidata', ours: ours.wikipedia, naive: naiveCounts.wikipedia, target: 2 },
      { source: 'IMDb (OMDb)', ours: ours.imdb, naive: naiveCounts.imdb, target: 1 },
    ]
    console.log(`\n1. Request economy: ${MOVIES} movies from initial to deep (data: 'http', fake servers on loopback), ${seconds.toFixed(1)} s`)
    console.log(`   ${'source'.padEnd(22)} ${'cinelayer'.padStart(10)} ${'per movie'.padStart(10)} ${'naive'.padStart(8)} ${'per movie'.padStart(10)} ${'saved'.padStart(7)}  target`)
    let met = failed === 0
    for (const row of rows) {
      const ok = row.ours / MOVIES <= row.target
      met &&= ok
      const saved = row.naive === 0 ? 0 : 1 - row.ours / row.naive
      console.log(
        `   ${row.source.padEnd(22)} ${String(row.ours).padStart(10)} ${perMovie(row.ours, MOVIES).padStart(10)} ${String(row.naive).padStart(8)} ${perMovie(row.naive, MOVIES).padStart(10)} ${`${(saved * 100).toFixed(0)}%`.padStart(7)}  ≤ ${row.target} ${ok ? '✓' : '✗'}`,
      )
    }
    const total = sum(ours)
    const naiveTotal = sum(naiveCounts)
    console.log(`   ${'all sources'.padEnd(22)} ${String(total).padStart(10)} ${perMovie(total, MOVIES).padStart(10)} ${String(naiveTotal).padStart(8)} ${perMovie(naiveTotal, MOVIES).padStart(10)} ${`${(naiveTotal / total).toFixed(2)}×`.padStart(7)}  fewer requests`)
    if (oneTime.configuration + oneTime.image > 0) console.log(`   besides: TMDB configuration ${oneTime.configuration}, image downloads ${oneTime.image}`)
    console.log(`   movies at deep: ${MOVIES - failed}/${MOVIES}; engine counters ${JSON.stringify(summary.providerCalls)}; TMDB endpoints seen by the naive client ${JSON.stringify(tmdb.counters)}`)
    return met
  } finally {
    await Promise.all(servers.map((server) => server.close()))
  }
}

/** Sends `count` enrichments to `medium` through `enrich`, 32 at once; returns the seconds taken and the failures. */
async function bulk(count: number, from: number, enrich: (id: number) => Promise<unknown>): Promise<{ seconds: number; failed: number }> {
  const started = performance.now()
  let failed = 0
  await pool(ids(count, from), 32, (id) =>
    enrich(id).catch(() => {
      failed += 1
    }),
  )
  return { seconds: (performance.now() - started) / 1000, failed }
}

async function throughput(): Promise<boolean> {
  console.log(`\n2. Bulk enrichment to medium under a ${RATE_LIMIT} req/s limit (fake TMDB answering 429 + Retry-After beyond it)`)
  const baseline = await enricherAlone()
  const engine = await throughEngine()
  const ok = (run: BulkRun) => run.unretried === 0 && run.failed === 0
  const metEngine = engine.share >= 0.9 && ok(engine)
  console.log(`   ${'run'.padEnd(50)} ${'movies'.padStart(6)} ${'requests'.padStart(8)} ${'seconds'.padStart(8)} ${'req/s'.padStart(7)} ${'of limit'.padStart(9)} ${'vs enricher'.padStart(11)}  429s (unretried)  failed`)
  for (const [name, run, target] of [
    ['TMDB enricher alone (baseline, no storage)', baseline, '(information)'],
    ['createMovieEngine, default SQLite store', engine, `target ≥ 90% of the limit, 0 unretried ${mark(metEngine)}`],
  ] as const) {
    console.log(
      `   ${name.padEnd(50)} ${String(run.movies).padStart(6)} ${String(run.sent).padStart(8)} ${run.seconds.toFixed(1).padStart(8)} ${run.rate.toFixed(1).padStart(7)} ${`${(run.share * 100).toFixed(1)}%`.padStart(9)} ${ratio(run.rate, baseline.rate).padStart(11)}  ${`${run.throttled} (${run.unretried})`.padStart(16)}  ${String(run.failed).padStart(6)}  ${target}`,
    )
  }
  const credits = engine.credits
  console.log(
    `   credits per movie stored by the engine run (cast + crew): median ${percentile(credits, 50)}, p90 ${percentile(credits, 90)}, max ${Math.max(...credits)}, ` +
      `min ${Math.min(...credits)}, mean ${(credits.reduce((sum, count) => sum + count, 0) / credits.length).toFixed(0)} (Fight Club has 250)`,
  )
  return ok(baseline) && metEngine
}

/** One bulk run: what was sent, how fast, what went wrong. */
interface BulkRun {
  movies: number
  sent: number
  seconds: number
  rate: number
  share: number
  throttled: number
  unretried: number
  failed: number
}

function bulkRun(movies: number, traffic: { sent: number; throttled: number; throttledFailed: number }, run: { seconds: number; failed: number }): BulkRun {
  const rate = traffic.sent / run.seconds
  return { movies, sent: traffic.sent, seconds: run.seconds, rate, share: rate / RATE_LIMIT, throttled: traffic.throttled, unretried: traffic.throttledFailed, failed: run.failed }
}

/** The baseline: the TMDB enricher and `HttpDataProvider` with its defaults (40 requests/s, evenly spaced, eight at once), nothing stored. */
async function enricherAlone(): Promise<BulkRun> {
  const tmdb = await startFakeTmdbServer({ auth: { token: TOKEN }, rateLimit: { requestsPerSecond: RATE_LIMIT } })
  try {
    const data = new HttpDataProvider({ tmdb: { token: TOKEN, baseURL: tmdb.url } })
    const enricher = createTmdbEnricher(new TmdbProvider({ data }))
    const levels = new LevelSet()
    const medium = ['details', 'poster', 'credits', 'genres', 'ratings']
    const run = await bulk(BASELINE_MOVIES, 100_000, (id) =>
      enricher.enrich({ movie: createMovieRecord({ id: `tmdb:${id}`, ids: { tmdb: id } }, levels, Date.now()), facets: medium, languages: ['en-US'] }),
    )
    return bulkRun(BASELINE_MOVIES, data.traffic.tmdb!, run)
  } finally {
    await tmdb.close()
  }
}

/**
 * The bulk through the whole engine on the embedded default store (SQLite in a fresh data
 * folder): every movie fetched, normalized and committed with its people, credits both ways,
 * summary and level entry, `enrichMany` working on `BULK_CONCURRENCY` movies at once.
 */
async function throughEngine(): Promise<BulkRun & { credits: number[] }> {
  const tmdb = await startFakeTmdbServer({ auth: { token: TOKEN }, rateLimit: { requestsPerSecond: RATE_LIMIT } })
  try {
    return await inTemporaryFolder('economy', async (dataDir) => {
      const data = new HttpDataProvider({ tmdb: { token: TOKEN, baseURL: tmdb.url } })
      const engine = createMovieEngine({ dataDir, data, trace: false, wikipedia: false, imdb: false })
      try {
        const started = performance.now()
        const report = await engine.enrichMany(ids(BULK_MOVIES, 200_000).map((id) => `tmdb:${id}`), 'medium', { concurrency: BULK_CONCURRENCY })
        const seconds = (performance.now() - started) / 1000
        const credits: number[] = []
        for (const id of await engine.stores.movies.ids()) {
          const movie = await engine.stores.movies.get(id)
          if (movie?.level === 'medium') credits.push((movie.cast?.length ?? 0) + (movie.crew?.length ?? 0))
        }
        if (credits.length !== BULK_MOVIES - report.failed) throw new Error(`${credits.length} movies at medium in the store, ${BULK_MOVIES - report.failed} reported`)
        return { ...bulkRun(BULK_MOVIES, data.traffic.tmdb!, { seconds, failed: report.failed }), credits }
      } finally {
        await engine.close()
      }
    })
  } finally {
    await tmdb.close()
  }
}

const economyMet = await economy()
const throughputMet = await throughput()
if (!economyMet || !throughputMet) {
  console.log('\nA target was missed.')
  process.exitCode = 1
}
