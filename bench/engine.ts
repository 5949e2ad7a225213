/**
 * The enrichment engine's two costs (run: `pnpm bench:engine`), on the replay dataset shipped with
 * `@cinelayer/providers` (no key, no network):
 *
 * 1. Request economy of the level ladder: Fight Club taken `initial → basic → medium → deep` one
 *    jump at a time, then `initial → deep` at once, with the upstream requests of each jump per
 *    source (read from the data provider's counters) beside what a naive client sends: one request
 *    per TMDB endpoint the jump's facets live on (`/movie`, `/credits`, `/external_ids`, `/images`,
 *    `/keywords`), then Wikidata, Wikipedia and OMDb.
 * 2. Warm-read cost: `engine.movies.get(id, { level: 'deep' })` on a movie already deep (a store
 *    read, the usage event, no provider call) and `peek`, each as a ratio to a raw unstorage
 *    `getItem` of the same record on the same driver (`engine.stores.storage.getItem`: a read and
 *    `JSON.parse`), measured in interleaved rounds. Target on the default SQLite store: get ≤ 1.3×
 *    the raw read, with the record cache on (the default; the aim there is well under the raw
 *    read, which parses the record every time) and off (`cacheSize: 0`). The memory and fs stores
 *    are printed for information.
 *
 * Options via env: ENGINE_BENCH_READS (default 4000). Exits with code 1 when a target is missed.
 */
import { JsonReplayProvider, type MovieEngineOptions, createMovieEngine, defaultReplayDir } from 'cinelayer'
import { duration, inTemporaryFolder, mark, median, ratio } from './support/measure.js'

const READS = Number(process.env.ENGINE_BENCH_READS ?? 4000)
const ROUNDS = 20
const TARGET = 1.3
const MOVIE = 'tmdb:550'

/** What a naive client asks per jump: a TMDB endpoint per section, one request per other source. */
const naive: Record<string, Record<string, number>> = {
  basic: { tmdb: 1 },
  medium: { tmdb: 2 },
  deep: { tmdb: 3, wikidata: 1, wikipedia: 1, omdb: 1 },
  'initial → deep': { tmdb: 5, wikidata: 1, wikipedia: 1, omdb: 1 },
}

function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0)
}

function difference(after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const [source, count] of Object.entries(after)) if (count - (before[source] ?? 0) > 0) calls[source] = count - (before[source] ?? 0)
  return calls
}

function describe(calls: Record<string, number>): string {
  return Object.entries(calls).map(([source, count]) => `${source} ${count}`).join(', ') || 'none'
}

async function economy(): Promise<void> {
  console.log('1. Request economy of the level ladder (Fight Club, replay data)\n')
  console.log('   jump               cinelayer                                 naive client                              saved')
  const ladder = async (steps: string[], label: (step: string, index: number) => string) => {
    const data = new JsonReplayProvider({ dir: defaultReplayDir })
    const engine = createMovieEngine({ storage: 'memory', data })
    for (const [index, level] of steps.entries()) {
      const before = data.counters
      await engine.movies.get(MOVIE, { level })
      const calls = difference(data.counters, before)
      const name = label(level, index)
      const reference = naive[name]!
      const saved = 1 - total(calls) / total(reference)
      console.log(`   ${name.padEnd(18)} ${describe(calls).padEnd(41)} ${describe(reference).padEnd(41)} ${(saved * 100).toFixed(0)}%`)
    }
    await engine.close()
  }
  await ladder(['basic', 'medium', 'deep'], (level) => level)
  await ladder(['deep'], () => 'initial → deep')
  console.log()
}

/** Per-read cost in µs of `work`, as the median of `ROUNDS` rounds of `READS / ROUNDS` reads each. */
function rounds(): number {
  return Math.max(1, Math.min(ROUNDS, READS))
}

async function batchCost(work: () => Promise<unknown>, reads: number): Promise<number> {
  const started = process.hrtime.bigint()
  for (let read = 0; read < reads; read++) await work()
  return Number(process.hrtime.bigint() - started) / reads / 1000
}

/**
 * Times the readers against each other in interleaved rounds (raw, get, peek, raw, get, peek…),
 * so that the machine's load falls on each alike; the median round of each is kept.
 */
async function interleaved(readers: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const perRound = Math.max(1, Math.floor(READS / rounds()))
  for (const work of Object.values(readers)) for (let warm = 0; warm < Math.min(200, READS); warm++) await work()
  const costs: Record<string, number[]> = Object.fromEntries(Object.keys(readers).map((name) => [name, []]))
  for (let round = 0; round < rounds(); round++) for (const [name, work] of Object.entries(readers)) costs[name]!.push(await batchCost(work, perRound))
  return Object.fromEntries(Object.entries(costs).map(([name, list]) => [name, median(list)]))
}

interface WarmReads {
  raw: number
  get: number
  peek: number
}

/**
 * Warm reads of Fight Club at `deep` on one store: the engine's `get` (a store read through the
 * record cache or not, the usage event) and `peek` against a raw unstorage `getItem` of the same
 * record on the same driver (a read and `JSON.parse`).
 */
async function warmReads(options: MovieEngineOptions): Promise<WarmReads> {
  return inTemporaryFolder('engine', async (dataDir) => {
    const engine = createMovieEngine({ dataDir, data: 'replay', trace: false, ...options })
    try {
      await engine.movies.get(MOVIE, { level: 'deep' })
      // The usage counts of the warm-up are written now, not during a timed round.
      await engine.stats.flush()
      const storage = engine.stores.storage
      const key = `movies:${MOVIE}`
      if (((await storage.getItem(key)) as { level?: string } | null)?.level !== 'deep') throw new Error(`raw getItem of ${key} is not the deep record`)
      const costs = await interleaved({
        raw: () => storage.getItem(key),
        get: () => engine.movies.get(MOVIE, { level: 'deep' }),
        peek: () => engine.movies.peek(MOVIE),
      })
      return { raw: costs.raw!, get: costs.get!, peek: costs.peek! }
    } finally {
      await engine.close()
    }
  })
}

async function main(): Promise<boolean> {
  await economy()
  console.log(`2. Warm reads of Fight Club already deep (${READS} reads each, ${rounds()} interleaved rounds, median round, per read)\n`)
  const cases: Array<{ name: string; options: MovieEngineOptions; target?: number }> = [
    { name: 'sqlite (default), record cache on', options: {}, target: TARGET },
    { name: 'sqlite (default), cacheSize: 0', options: { cacheSize: 0 }, target: TARGET },
    { name: 'memory', options: { storage: 'memory' } },
    { name: 'fs (JSON folder)', options: { storage: 'fs' } },
  ]
  let met = true
  for (const { name, options, target } of cases) {
    const { raw, get, peek } = await warmReads(options)
    const verdict = target === undefined ? '(information)' : `target get ≤ ×${target} ${mark(get / raw <= target)}`
    if (target !== undefined) met &&= get / raw <= target
    console.log(`   ${name.padEnd(34)} raw getItem ${duration(raw / 1000).padStart(8)}   get ${duration(get / 1000).padStart(8)} (${ratio(get, raw)})   peek ${duration(peek / 1000).padStart(8)} (${ratio(peek, raw)})   ${verdict}`)
  }
  return met
}

if (!(await main())) {
  console.log('\nA target was missed.')
  process.exitCode = 1
}
