/**
 * A housekeeping pass over 100,000 movies on the fs driver (run: `pnpm bench:housekeeping`).
 *
 * A data folder is filled under the system's temporary folder with 100,000 movie records (a tenth
 * `deep`, three tenths `medium`, the rest `basic`, each the size of a real record of its level),
 * usage stats for half of them spread over the last year, then the indexes are rebuilt from the
 * records, as the CLI's `reindex` does. The catalog is in the steady state of a weekly pass: what
 * the default rules took down a week ago is already down (`SCALE_FIRST_PASS=1` starts from a
 * catalog never housekept instead, where a third of it changes). The bench then times the pass the engine's housekeeper
 * makes with cinelayer's default rules, through the storage's own fs driver (atomic writes):
 * the plan (a streaming read of every record and its stats), then the apply (every change
 * re-read and written once). Heap and RSS are sampled during the pass; the peak is printed beside
 * the heap before it, so that what the pass itself holds shows. The folder is removed at the end.
 * Records are not fsynced one by one (`SCALE_FSYNC=1` turns it on): that would measure the disk.
 * Sizes via env: SCALE_MOVIES.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DAY, LevelSet, type Movie, type MovieStats, SCHEMA_VERSION, createManualClock, createStores, defaultRules } from 'cinelayer'
import { createEventBus, createMovieRecord } from '@cinelayer/core'
import { createHousekeeper } from '@cinelayer/housekeeping'
import { openDataFolder } from '@cinelayer/storage'

const MOVIES = Number(process.env.SCALE_MOVIES ?? 100_000)
const NOW = Date.UTC(2026, 10, 21)
const levels = new LevelSet()

/** A record of `level` shaped like a real one (fields of every facet up to it). */
function movieAt(tmdb: number, level: string, updatedAt: number): Movie {
  const movie = createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title: `Film ${tmdb}`, year: 1950 + (tmdb % 75) }, levels, updatedAt)
  const at = new Date(updatedAt).toISOString()
  const fields: Record<string, unknown> = {
    originalTitle: `Film ${tmdb}`,
    overview: 'A man with a gift for numbers and no patience for them takes a job he is not meant to keep, and keeps it.',
    tagline: 'Some jobs keep you.',
    releaseDate: '1999-10-15',
    runtime: 90 + (tmdb % 60),
    originalLanguage: 'en',
    status: 'Released',
    poster: { path: `/p${tmdb}.jpg`, width: 500, height: 750 },
  }
  if (levels.rank(level) >= levels.rank('medium')) {
    Object.assign(fields, {
      cast: Array.from({ length: 12 }, (_, k) => ({ personId: `tmdb:${1 + ((tmdb * 31 + k) % 50_000)}`, name: `Actor ${k}`, character: `Role ${k}`, order: k })),
      crew: Array.from({ length: 4 }, (_, k) => ({ personId: `tmdb:${1 + ((tmdb * 17 + k) % 50_000)}`, name: `Crew ${k}`, job: 'Director', department: 'Directing' })),
      genres: [{ id: 18, name: 'Drama' }],
      tmdbRating: { average: 7.1, count: 1200 },
    })
  }
  if (level === 'deep') {
    Object.assign(fields, {
      externalIds: { imdb_id: `tt${String(tmdb).padStart(7, '0')}`, wikidata_id: null },
      images: { backdrops: [{ path: `/b${tmdb}.jpg`, width: 1920, height: 1080 }], logos: [], posters: [{ path: `/p${tmdb}.jpg` }] },
      keywords: ['office', 'numbers', 'obsession'],
      wikipedia: { title: `Film ${tmdb}`, language: 'en', summary: 'A film about numbers.'.repeat(20) },
      imdbRating: { rating: 7.3, votes: 54000 },
    })
  }
  const facets = Object.fromEntries(levels.facetsFor(level).map((facet) => [facet, { at, provider: facet === 'identity' ? 'cinelayer' : 'tmdb' }]))
  return { ...movie, ...fields, level, facets } as Movie
}

const rules = defaultRules()

/**
 * The level a movie is at when housekeeping ran a week ago (the steady state of a weekly pass):
 * what the default rules took down then is already down. `SCALE_FIRST_PASS=1` skips this, for the
 * first pass over a catalog never housekept.
 */
function steadyLevel(movie: Movie, stats: MovieStats | null): string {
  if (process.env.SCALE_FIRST_PASS === '1') return movie.level
  const context = { now: NOW - 7 * DAY, levels, bytesStored: 0 }
  let target = levels.rank(movie.level)
  let floor = 0
  for (const rule of rules) {
    const verdict = rule.evaluate({ movie, stats, bytes: 0, context })
    if (verdict?.maxLevel !== undefined) target = Math.min(target, levels.rank(verdict.maxLevel))
    if (verdict?.minLevel !== undefined) floor = Math.max(floor, levels.rank(verdict.minLevel))
  }
  return levels.names[Math.max(target, floor)]!
}

/** Writes records straight to the folder in the driver's layout (`movies:tmdb:1` → `movies/tmdb/1`): filling is not what is measured. */
async function fill(base: string): Promise<void> {
  const random = (() => {
    let state = 42
    return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  })()
  const write = async (key: string, value: unknown) => {
    const path = join(base, key.replace(/:/g, '/'))
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, JSON.stringify(value))
  }
  let next = 1
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next <= MOVIES) {
        const tmdb = next++
        const roll = random()
        const updatedAt = NOW - Math.floor(random() * 400) * DAY
        let stats: MovieStats | null = null
        if (tmdb % 2 === 0) {
          const lastAccess = NOW - Math.floor(random() * 365) * DAY
          stats = {
            schemaVersion: SCHEMA_VERSION,
            movieId: `tmdb:${tmdb}`,
            views: 1 + (tmdb % 7),
            plays: tmdb % 3,
            requests: 2 + (tmdb % 9),
            searchHits: 0,
            recommendations: 0,
            lastAccess: new Date(lastAccess).toISOString(),
            popularity: { score: 1 + (tmdb % 20), at: new Date(lastAccess).toISOString(), halfLifeDays: 30 },
          }
          await write(`stats:tmdb:${tmdb}`, stats)
        }
        const level = steadyLevel(movieAt(tmdb, roll < 0.1 ? 'deep' : roll < 0.4 ? 'medium' : 'basic', updatedAt), stats)
        await write(`movies:tmdb:${tmdb}`, movieAt(tmdb, level, updatedAt))
      }
    }),
  )
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

const base = await mkdtemp(join(tmpdir(), 'cinelayer-housekeeping-scale-'))
try {
  let started = performance.now()
  await fill(base)
  // Records are fsynced one by one by default: that measures the disk, not the pass. SCALE_FSYNC=1 turns it on.
  const folder = openDataFolder(base, { fsync: process.env.SCALE_FSYNC === '1' })
  const clock = createManualClock(NOW)
  const stores = createStores(folder.storage, { clock })
  const reindexed = await stores.reindex()
  console.log(`filled ${MOVIES.toLocaleString('en-US')} movies (${JSON.stringify(reindexed.levels)}), ${reindexed.stats} stats, in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const housekeeper = createHousekeeper({ movies: stores.movies, stats: stores.stats, levels, bus: createEventBus({ clock }), clock, rules: defaultRules() })
  globalThis.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const peak = { heap: heapBefore, rss: process.memoryUsage().rss }
  const sampler = setInterval(() => {
    const usage = process.memoryUsage()
    peak.heap = Math.max(peak.heap, usage.heapUsed)
    peak.rss = Math.max(peak.rss, usage.rss)
  }, 50)

  started = performance.now()
  const plan = await housekeeper.plan()
  const planSeconds = (performance.now() - started) / 1000
  started = performance.now()
  const report = await housekeeper.apply(plan)
  const applySeconds = (performance.now() - started) / 1000
  clearInterval(sampler)

  console.log(`plan:  ${plan.examined.toLocaleString('en-US')} movies examined, ${plan.changes.length.toLocaleString('en-US')} changes, ${plan.problems.length} problems, ${planSeconds.toFixed(1)} s`)
  console.log(`apply: ${report.totals.downgraded.toLocaleString('en-US')} downgraded, ${report.totals.skipped} skipped, ${report.totals.failed} failed, ${(report.totals.bytesFreed / 1e6).toFixed(1)} MB freed, ${applySeconds.toFixed(1)} s`)
  console.log(`pass:  ${(planSeconds + applySeconds).toFixed(1)} s; heap ${mb(heapBefore)} before, ${mb(peak.heap)} at peak; peak RSS ${mb(peak.rss)}`)
  await folder.close()
  if (plan.examined !== MOVIES || report.totals.failed > 0) process.exitCode = 1
} finally {
  await rm(base, { recursive: true, force: true })
}
