/**
 * What the store costs one enrichment (run: `pnpm bench:stores`): Fight Club (replay data: 250
 * credits, so 250 people, their filmography entries, the credits, the summary and level entry)
 * taken from nothing to `medium` through `createMovieEngine`, on the default SQLite store, on the
 * memory store (the baseline: the same work with no I/O) and on the fs JSON folder, side by side.
 *
 * Each repetition opens a fresh temporary data folder per store (the stores in turn, so that the
 * machine's load falls on all three alike), times `engine.movies.get('tmdb:550', { level:
 * 'medium' })` alone (opening the engine is timed apart), and closes the engine. One warm-up
 * repetition is left out (JIT, the replay files in the page cache). Medians are compared.
 *
 * Target: default (SQLite) ≤ 2× memory. The fs store is printed beside them, for information.
 * Options via env: STORES_REPETITIONS (default 15). Exits with code 1 when the target is missed.
 */
import { type MovieEngineOptions, createMovieEngine } from 'cinelayer'
import { duration, inTemporaryFolder, mark, median, ratio, timed } from './support/measure.js'

const REPETITIONS = Number(process.env.STORES_REPETITIONS ?? 15)
const TARGET = 2
const MOVIE = 'tmdb:550'

type StoreName = 'sqlite (default)' | 'memory' | 'fs (JSON folder)'
const stores: Array<{ name: StoreName; storage: MovieEngineOptions['storage'] }> = [
  { name: 'sqlite (default)', storage: undefined },
  { name: 'memory', storage: 'memory' },
  { name: 'fs (JSON folder)', storage: 'fs' },
]

interface Sample {
  openMs: number
  getMs: number
  closeMs: number
  credits: number
}

/** One enrichment from nothing to `medium` on a fresh store in a fresh folder. */
async function once(storage: MovieEngineOptions['storage']): Promise<Sample> {
  return inTemporaryFolder('stores', async (dataDir) => {
    const [engine, openMs] = await timed(async () => createMovieEngine({ dataDir, ...(storage === undefined ? {} : { storage }), data: 'replay', trace: false }))
    const [movie, getMs] = await timed(() => engine.movies.get(MOVIE, { level: 'medium' }))
    if (movie.level !== 'medium') throw new Error(`${MOVIE} reached ${movie.level}, not medium`)
    const credits = (movie.cast?.length ?? 0) + (movie.crew?.length ?? 0)
    const [, closeMs] = await timed(() => engine.close())
    return { openMs, getMs, closeMs, credits }
  })
}

const samples = new Map<StoreName, Sample[]>(stores.map(({ name }) => [name, []]))
console.log(`Fight Club from nothing to medium through createMovieEngine (replay data), ${REPETITIONS} repetitions per store after one warm-up, fresh folder each`)
for (let repetition = 0; repetition <= REPETITIONS; repetition++) {
  // The order turns each repetition, so no store always runs right after another's writes.
  const order = stores.map((_, index) => stores[(index + repetition) % stores.length]!)
  for (const { name, storage } of order) {
    const sample = await once(storage)
    if (repetition > 0) samples.get(name)!.push(sample)
  }
}

const baseline = median(samples.get('memory')!.map((sample) => sample.getMs))
console.log(`\n   ${'store'.padEnd(18)} ${'get to medium (median)'.padStart(22)} ${'min'.padStart(9)} ${'max'.padStart(9)} ${'vs memory'.padStart(10)}   open      close     credits`)
let met = true
for (const { name } of stores) {
  const list = samples.get(name)!
  const gets = list.map((sample) => sample.getMs)
  const value = median(gets)
  const target = name === 'sqlite (default)' ? ` (target ≤ ×${TARGET}) ${mark(value / baseline <= TARGET)}` : ''
  if (name === 'sqlite (default)') met = value / baseline <= TARGET
  console.log(
    `   ${name.padEnd(18)} ${duration(value).padStart(22)} ${duration(Math.min(...gets)).padStart(9)} ${duration(Math.max(...gets)).padStart(9)} ${ratio(value, baseline).padStart(10)}   ${duration(median(list.map((s) => s.openMs))).padEnd(9)} ${duration(median(list.map((s) => s.closeMs))).padEnd(9)} ${list[0]!.credits}${target}`,
  )
}
if (!met) {
  console.log('\nA target was missed.')
  process.exitCode = 1
}
