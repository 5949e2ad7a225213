/**
 * 100,000 movies on the embedded default store (SQLite) and on the fs JSON folder, side by side
 * (run: `pnpm bench:storage`).
 *
 * Seeding (child processes; printed, not compared): the SQLite folder is filled through the
 * stores' own commit path (`stores.movies.updateMany`, 500 movies per commit) with realistic
 * records — 60% `initial`, 25% `basic`, 10% `medium`, 5% `deep` (with their IMDb and Wikidata
 * aliases), credits drawn like TMDB's (support/realistic-catalog.ts), usage stats for one movie in
 * ten — then copied key for key into an fs JSON folder with `copyCatalog` (what `cinelayer export
 * --format json` does), so both hold the very same catalog.
 *
 * Each store is then measured cold, in a process of its own, through `createMovieEngine`: start-up
 * (open, the store check, count: no scan), `get` by canonical id and `find` by IMDb alias (p50/p99
 * over 2,000 different movies, record cache cold), a page of the listing (a middle page of every
 * movie, the first page of one level), a walk of every summary (what a housekeeping plan reads), a
 * housekeeping plan, and the peak memory (max RSS) of the process. The fs figures are printed as a
 * ratio to SQLite's (the baseline). No target: this is how the two stores compare at scale.
 *
 * Options: `--movies N` (default 100000).
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DAY, type MovieStats, SCHEMA_VERSION, copyCatalog, createMovieEngine, createStores, openDataFolder } from 'cinelayer'
import { type GeneratedLevel, fillCatalog, loadTemplates, realisticWrite, seededRandom } from './support/realistic-catalog.js'
import { duration, inChild, inTemporaryFolder, percentile, reportToParent, timed } from './support/measure.js'

const { values, positionals } = parseArgs({ options: { movies: { type: 'string', default: '100000' } }, allowPositionals: true })
const count = Number(values.movies)
const T0 = Date.UTC(2026, 0, 1)
const LEVELS: Array<[GeneratedLevel | 'initial', number]> = [['initial', 0.6], ['basic', 0.25], ['medium', 0.1], ['deep', 0.05]]

/** Measurements of one store. */
interface Result {
  startupMs: number
  getP50: number
  getP99: number
  findP50: number
  findP99: number
  pageMs: number
  levelPageMs: number
  summaryWalkMs: number
  summaries: number
  planMs: number
  planned: number
  peakRssMb: number
}

/** Child: fills the SQLite folder, then copies it into the fs folder. */
async function seed(sqliteDir: string, fsDir: string): Promise<{ fillMs: number; copyMs: number; keys: number; deepIds: number[] }> {
  const templates = await loadTemplates()
  const random = seededRandom(7)
  const deepIds: number[] = []
  const sqlite = openDataFolder(sqliteDir, { store: 'sqlite' })
  const from = createStores(sqlite.storage, { levels: templates.levels })
  const fs = openDataFolder(fsDir, { store: 'fs' })
  const to = createStores(fs.storage, { levels: templates.levels })
  try {
    const [, fillMs] = await timed(() =>
      fillCatalog(
        from,
        count,
        (tmdb) => {
          const roll = random()
          let cumulative = 0
          const level = LEVELS.find(([, share]) => roll < (cumulative += share))?.[0] ?? 'initial'
          const updatedAt = T0 - Math.floor(random() * 400) * DAY
          if (level === 'deep') deepIds.push(tmdb)
          const write =
            level === 'initial'
              ? { movie: { ...realisticWrite(templates, tmdb, 'basic', updatedAt, random).write.movie!, level: 'initial', facets: { identity: { at: new Date(updatedAt).toISOString(), provider: 'cinelayer' } } } }
              : realisticWrite(templates, tmdb, level, updatedAt, random).write
          if (level === 'initial') for (const field of templates.levels.fieldsOf('details').concat(templates.levels.fieldsOf('poster'))) delete (write.movie as Record<string, unknown>)[field]
          const stats: MovieStats | null =
            tmdb % 10 === 5
              ? { schemaVersion: SCHEMA_VERSION, movieId: `tmdb:${tmdb}`, views: tmdb % 7, plays: 0, requests: 1, searchHits: 0, recommendations: 0, lastAccess: new Date(T0 - (tmdb % 300) * DAY).toISOString() }
              : null
          return { write, stats }
        },
        { onProgress: (done) => console.log(`   sqlite: ${done.toLocaleString('en-US')} movies written`) },
      ),
    )
    const [report, copyMs] = await timed(() => copyCatalog(from, to, { batchSize: 2000 }))
    return { fillMs, copyMs, keys: Object.values(report.keys).reduce((sum, n) => sum + n, 0), deepIds }
  } finally {
    await from.close({ dispose: false })
    await to.close({ dispose: false })
    await sqlite.close()
    await fs.close()
  }
}

/** Child: opens one store cold and measures what a user waits for. */
async function measure(store: 'sqlite' | 'fs', dataDir: string, deepIds: readonly number[]): Promise<Result> {
  const [engine, startupMs] = await timed(async () => {
    const opened = createMovieEngine({ dataDir, storage: store, data: 'replay', trace: false, clock: { now: () => T0 + 200 * DAY } })
    await opened.stores.movies.count()
    return opened
  })
  try {
    const movies = engine.stores.movies
    const gets: number[] = []
    const finds: number[] = []
    for (let sample = 0; sample < 2000; sample++) {
      const id = `tmdb:${1 + ((sample * 7919) % count)}`
      const [movie, ms] = await timed(() => movies.get(id))
      if (movie?.id !== id) throw new Error(`get ${id} gave ${movie?.id}`)
      gets.push(ms)
      const deep = deepIds[(sample * 104_729) % deepIds.length]!
      const [found, findMs] = await timed(() => movies.find(`imdb:tt${String(deep).padStart(7, '0')}`))
      if (found?.id !== `tmdb:${deep}`) throw new Error(`find by the IMDb alias of tmdb:${deep} gave ${found?.id}`)
      finds.push(findMs)
    }
    const middle = Math.max(1, Math.floor(count / 40))
    const [page, pageMs] = await timed(() => movies.list({ page: middle, pageSize: 20 }))
    if (page.results.length !== 20 || page.totalResults !== count) throw new Error(`a middle page of the listing came back with ${page.results.length} of ${page.totalResults}`)
    const [, levelPageMs] = await timed(() => movies.list({ level: 'basic', page: 1, pageSize: 20 }))
    const [summaries, summaryWalkMs] = await timed(async () => {
      let walked = 0
      for await (const _summary of movies.summaries()) walked++
      return walked
    })
    const [plan, planMs] = await timed(() => engine.housekeeping.plan())
    return {
      startupMs,
      getP50: percentile(gets, 50),
      getP99: percentile(gets, 99),
      findP50: percentile(finds, 50),
      findP99: percentile(finds, 99),
      pageMs,
      levelPageMs,
      summaryWalkMs,
      summaries,
      planMs,
      planned: plan.changes.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }
  } finally {
    await engine.close()
  }
}

function table(sqlite: Result, fs: Result): string {
  const rows: Array<[string, (result: Result) => number, (result: Result) => string]> = [
    ['start-up (open, check, count)', (r) => r.startupMs, (r) => duration(r.startupMs)],
    ['get by id p50', (r) => r.getP50, (r) => duration(r.getP50)],
    ['get by id p99', (r) => r.getP99, (r) => duration(r.getP99)],
    ['find by IMDb alias p50', (r) => r.findP50, (r) => duration(r.findP50)],
    ['find by IMDb alias p99', (r) => r.findP99, (r) => duration(r.findP99)],
    ['list: a middle page of 20', (r) => r.pageMs, (r) => duration(r.pageMs)],
    ['list: first page of one level', (r) => r.levelPageMs, (r) => duration(r.levelPageMs)],
    ['walk of every summary', (r) => r.summaryWalkMs, (r) => `${duration(r.summaryWalkMs)} (${r.summaries.toLocaleString('en-US')})`],
    ['housekeeping plan', (r) => r.planMs, (r) => `${duration(r.planMs)} (${r.planned.toLocaleString('en-US')} changes)`],
    ['peak memory (max RSS)', (r) => r.peakRssMb, (r) => `${r.peakRssMb.toFixed(0)} MB`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = rows.map(([label, value, cell]) => `   ${label.padEnd(width)}  ${cell(sqlite).padEnd(26)}  ${cell(fs).padEnd(26)}  ×${(value(fs) / value(sqlite)).toFixed(2)}`)
  return [`   ${''.padEnd(width)}  ${'sqlite (default, baseline)'.padEnd(26)}  ${'fs (JSON folder)'.padEnd(26)}  fs / sqlite`, ...lines].join('\n')
}

const script = fileURLToPath(import.meta.url)
if (positionals[0] === 'seed') reportToParent(await seed(positionals[1]!, positionals[2]!))
else if (positionals[0] === 'measure') reportToParent(await measure(positionals[1] as 'sqlite' | 'fs', positionals[2]!, JSON.parse(positionals[3]!) as number[]))
else {
  console.log(`storage scale: ${count.toLocaleString('en-US')} movies on SQLite (the default) and the fs JSON folder, seeded in one process, each measured cold in another`)
  await inTemporaryFolder('storage-scale', async (root) => {
    const sqliteDir = `${root}/sqlite`
    const fsDir = `${root}/fs`
    const seeded = await inChild<{ fillMs: number; copyMs: number; keys: number; deepIds: number[] }>(script, ['seed', sqliteDir, fsDir, '--movies', String(count)])
    console.log(`   seeded SQLite through updateMany in ${duration(seeded.fillMs)}, copied ${seeded.keys.toLocaleString('en-US')} keys to the fs folder in ${duration(seeded.copyMs)} (not compared)`)
    const deep = JSON.stringify(seeded.deepIds.slice(0, 2000))
    const sqlite = await inChild<Result>(script, ['measure', 'sqlite', sqliteDir, deep, '--movies', String(count)])
    const fs = await inChild<Result>(script, ['measure', 'fs', fsDir, deep, '--movies', String(count)])
    console.log(`\n${table(sqlite, fs)}`)
  })
}
