/**
 * Crash safety of the embedded default store under the engine (run: `pnpm bench:crash-enrichment`;
 * `pnpm bench:crash` is the store-level crash test): 20 times, a child process
 * runs a bulk enrichment through `createMovieEngine` on one data folder (the default store,
 * SQLite; live data path against the fake TMDB, Wikipedia and OMDb servers of
 * `@cinelayer/providers/testing` on loopback, with their realistic credit lists) and is killed
 * with SIGKILL at a random point of it: after a random number of movies done, plus a random few
 * milliseconds, so that the kill lands anywhere (mid-request, mid-normalization, mid-commit).
 * Each run adds new movies to `medium` while taking the previous run's movies to `deep`, on the
 * folder every earlier kill left.
 *
 * After each kill the folder is opened again by a new engine, and before anything is repaired:
 * every movie, person, credits list and stats record is read (unreadable ones counted), and
 * `engine.validate()` (without `fix`) must report no issue at all.
 *
 * Target: 0 unreadable records and 0 issues over the 20 runs. Options: `--runs N` (20),
 * `--movies N` new movies per run (120), `--seed N` (1). Exits with code 1 when a run fails.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type MovieEngine, type MovieEngineOptions, createMovieEngine } from 'cinelayer'
import { startFakeOmdbServer, startFakeTmdbServer, startFakeWikipediaServer } from '@cinelayer/providers/testing'
import { childExecArgv, inTemporaryFolder, mark } from './support/measure.js'
import { seededRandom } from './support/realistic-catalog.js'

const TOKEN = 'bench-token-not-a-secret'
const OMDB_KEY = 'bench-omdb-key'

/** Where the child's engine finds its upstreams. */
interface Upstreams {
  tmdb: string
  wikipedia: string
  wikidata: string
  omdb: string
}

function engineOptions(dataDir: string, upstreams: Upstreams): MovieEngineOptions {
  return {
    dataDir,
    data: 'http',
    tmdb: { token: TOKEN, baseURL: upstreams.tmdb, imageBaseURL: upstreams.tmdb },
    wikipedia: { baseURL: upstreams.wikipedia, wikidataBaseURL: upstreams.wikidata },
    imdb: { apiKey: OMDB_KEY, baseURL: upstreams.omdb },
    // The fakes answer at once: no rate limit, so that a run is quick and the kill can land anywhere.
    http: Object.fromEntries(['tmdb', 'wikipedia', 'wikidata', 'omdb'].map((source) => [source, { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 16 }])),
  }
}

/** The child: one bulk enrichment, printing `done <n>` after each movie, until it is killed. */
async function child(dataDir: string, upstreams: Upstreams, run: number, movies: number): Promise<void> {
  const engine = createMovieEngine(engineOptions(dataDir, upstreams))
  let done = 0
  engine.bus.on('BulkProgress', () => void process.stdout.write(`done ${++done}\n`))
  const fresh = Array.from({ length: movies }, (_, index) => `tmdb:${run * 10_000 + index + 1}`)
  const previous = run > 1 ? Array.from({ length: movies }, (_, index) => `tmdb:${(run - 1) * 10_000 + index + 1}`) : []
  await Promise.all([engine.enrichMany(fresh, 'medium', { concurrency: 6 }), engine.enrichMany(previous, 'deep', { concurrency: 2 })])
  await engine.close()
  process.stdout.write('finished\n')
}

/** Spawns the child and kills it with SIGKILL once `afterDone` movies are done plus `extraMs`. */
function killDuring(args: readonly string[], afterDone: number, extraMs: number): Promise<{ killedAfter: number; finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const script = fileURLToPath(import.meta.url)
    const proc = spawn(process.execPath, [...childExecArgv(), script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let done = 0
    let finished = false
    let armed = false
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.startsWith('done ')) done = Number(line.slice(5))
        if (line === 'finished') finished = true
      }
      if (!armed && done >= afterDone) {
        armed = true
        setTimeout(() => proc.kill('SIGKILL'), extraMs)
      }
    })
    proc.on('error', reject)
    proc.on('exit', () => resolve({ killedAfter: done, finished, ms: performance.now() - started }))
  })
}

/** What reopening the folder found, before any repair. */
interface Inspection {
  movies: number
  levels: Record<string, number>
  people: number
  unreadable: string[]
  issues: Record<string, number>
  issueKeys: string[]
}

async function inspect(engine: MovieEngine): Promise<Inspection> {
  const unreadable: string[] = []
  const levels: Record<string, number> = {}
  let movies = 0
  for await (const movie of engine.stores.movies.scan({ onUnreadable: (id) => unreadable.push(`movies:${id}`) })) {
    movies++
    levels[movie.level] = (levels[movie.level] ?? 0) + 1
    await engine.stores.relations.forMovie(movie.id).catch(() => unreadable.push(`credits:${movie.id}`))
    await engine.stores.stats.get(movie.id).catch(() => unreadable.push(`stats:${movie.id}`))
  }
  let people = 0
  for (let page = 1; ; page++) {
    const listed = await engine.stores.people.list({ page, pageSize: 500 })
    people += listed.results.length
    unreadable.push(...listed.unreadable.map((entry) => entry.key))
    if (page >= listed.totalPages) break
  }
  const report = await engine.validate()
  const issues: Record<string, number> = {}
  for (const issue of report.issues) issues[issue.kind] = (issues[issue.kind] ?? 0) + 1
  return { movies, levels, people, unreadable, issues, issueKeys: report.issues.slice(0, 5).map((issue) => `${issue.kind} ${issue.key}: ${issue.message}`) }
}

async function main(): Promise<boolean> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, movies: { type: 'string', default: '120' }, seed: { type: 'string', default: '1' } } })
  const runs = Number(values.runs)
  const movies = Number(values.movies)
  const random = seededRandom(Number(values.seed))
  const tmdb = await startFakeTmdbServer({ auth: { token: TOKEN } })
  const wiki = await startFakeWikipediaServer()
  const omdb = await startFakeOmdbServer({ apiKey: OMDB_KEY })
  const upstreams: Upstreams = { tmdb: tmdb.url, wikipedia: wiki.wikipediaBaseURL, wikidata: wiki.wikidataBaseURL, omdb: omdb.url }
  try {
    return await inTemporaryFolder('crash', async (dataDir) => {
      console.log(`crash safety: ${runs} runs of a bulk enrichment (${movies} new movies to medium, the previous run's to deep) on the default store (SQLite), SIGKILL at a random point (seed ${values.seed})`)
      let failures = 0
      let unreadableTotal = 0
      let issuesTotal = 0
      for (let run = 1; run <= runs; run++) {
        // Movies done before the kill: anywhere from none to most of the run; then a few ms more.
        const afterDone = Math.floor(random() * (run === 1 ? movies : 2 * movies) * 0.9)
        const extraMs = Math.floor(random() * 40)
        const killed = await killDuring(['child', dataDir, JSON.stringify(upstreams), String(run), String(movies)], afterDone, extraMs)
        const engine = createMovieEngine({ ...engineOptions(dataDir, upstreams), trace: false })
        let found: Inspection
        try {
          found = await inspect(engine)
        } finally {
          await engine.close()
        }
        const issueCount = Object.values(found.issues).reduce((sum, count) => sum + count, 0)
        unreadableTotal += found.unreadable.length
        issuesTotal += issueCount
        const ok = found.unreadable.length === 0 && issueCount === 0
        if (!ok) failures++
        const when = killed.finished ? 'finished before the kill' : `killed after ${String(killed.killedAfter).padStart(3)} movies done (+${String(extraMs).padStart(2)} ms)`
        console.log(
          `run ${String(run).padStart(2)}: ${when}, ${(killed.ms / 1000).toFixed(1)} s; ${found.movies} movies ${JSON.stringify(found.levels)}, ${found.people} people; ` +
            `unreadable ${found.unreadable.length}, validate: ${issueCount === 0 ? '0 issues' : JSON.stringify(found.issues)} ${mark(ok)}`,
        )
        for (const line of [...found.unreadable.slice(0, 5), ...found.issueKeys]) console.log(`        ${line}`)
      }
      console.log(`total: ${runs} runs, ${failures} failed; ${unreadableTotal} unreadable records, ${issuesTotal} validate issues (target 0 and 0) ${mark(failures === 0)}`)
      return failures === 0
    })
  } finally {
    await Promise.all([tmdb.close(), wiki.close(), omdb.close()])
  }
}

const [phase, ...rest] = process.argv.slice(2)
if (phase === 'child') {
  const [dataDir, upstreams, run, movies] = rest
  await child(dataDir!, JSON.parse(upstreams!) as Upstreams, Number(run), Number(movies))
} else if (!(await main())) {
  console.log('\nA target was missed.')
  process.exitCode = 1
}
