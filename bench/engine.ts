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
 *    `getItem` of the same record on the same driver, for the memory and fs drivers.
 *
 * Ratios and timings are printed, never asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonReplayProvider, type MovieEngine, createMovieEngine, defaultReplayDir } from 'cinelayer'
import { type Storage, createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'
import memoryDriver from 'unstorage/drivers/memory'

const READS = Number(process.env.ENGINE_BENCH_READS ?? 2000)
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
    const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data })
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

async function timePerOp(work: () => Promise<unknown>): Promise<number> {
  for (let warm = 0; warm < Math.min(200, READS); warm++) await work()
  const started = process.hrtime.bigint()
  for (let read = 0; read < READS; read++) await work()
  return Number(process.hrtime.bigint() - started) / READS / 1000
}

async function warmReads(name: string, storage: Storage, cleanup: () => Promise<void>): Promise<void> {
  const engine: MovieEngine = createMovieEngine({ storage, data: new JsonReplayProvider({ dir: defaultReplayDir }), trace: false })
  try {
    await engine.movies.get(MOVIE, { level: 'deep' })
    const raw = await timePerOp(() => storage.getItem(`movies:${MOVIE}`))
    const get = await timePerOp(() => engine.movies.get(MOVIE, { level: 'deep' }))
    // The usage counts of those reads are written behind: written now, so they do not land on peek's time.
    await engine.stats.flush()
    const peek = await timePerOp(() => engine.movies.peek(MOVIE))
    console.log(
      `   ${name.padEnd(7)} raw getItem ${raw.toFixed(1).padStart(7)} µs   get ${get.toFixed(1).padStart(7)} µs (×${(get / raw).toFixed(1)})   peek ${peek.toFixed(1).padStart(7)} µs (×${(peek / raw).toFixed(1)})`,
    )
  } finally {
    await engine.close()
    await cleanup()
  }
}

async function main(): Promise<void> {
  await economy()
  console.log(`2. Warm reads of a movie already deep (${READS} reads each, per read)\n`)
  await warmReads('memory', createStorage({ driver: memoryDriver() }), async () => undefined)
  const dir = await mkdtemp(join(tmpdir(), 'cinelayer-bench-engine-'))
  await warmReads('fs', createStorage({ driver: fsDriver({ base: dir }) }), () => rm(dir, { recursive: true, force: true }))
}

await main()
