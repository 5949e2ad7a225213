/**
 * 100,000 movies on the fs store and on Redis, side by side (run: `pnpm bench:storage`).
 *
 * Each backend is prepared in one child process (seeding: records written directly, movies at every
 * level, 10% with an IMDb alias, 10% with usage stats; then `reindex()`, a full rebuild of the
 * indexes from the records) and measured cold in another, so that the memory is that of serving:
 * start-up (open the store, take the writer lock, count the movies: no scan), `get` by canonical id
 * and `find` by alias (p50/p99 over 2,000 ids), a page of `ls` (a middle page of every movie, the
 * first page of one level), a housekeeping plan over the whole catalog (the default rules,
 * streaming through `movies.scan`), a full streamed scan (and the heap it holds), and the peak
 * memory (max RSS) of the process.
 *
 * Options: `--movies N` (default 100000), `--backends fs,redis`. Redis runs on a redis-server of
 * its own, started on loopback and stopped after (skipped when redis-server is not installed).
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { EventBus, LevelSet, type Movie, createManualClock } from '@cinelayer/core'
import { createHousekeeper, defaultRules } from '@cinelayer/housekeeping'
import { type CinelayerStores, atomicFsDriver, connectRedis, createStores, openDataFolder } from '@cinelayer/storage'
import { createStorage, type Storage } from 'unstorage'
import { redisServerInstalled, startRedisServer } from '../packages/storage/test/redis-server.js'

const { values } = parseArgs({
  options: {
    movies: { type: 'string', default: '100000' },
    backends: { type: 'string', default: 'fs,redis' },
    child: { type: 'string' },
    target: { type: 'string' },
  },
})
const count = Number(values.movies)
const LEVELS: Array<[string, number]> = [['initial', 0.6], ['basic', 0.25], ['medium', 0.1], ['deep', 0.05]]
const T0 = Date.UTC(2026, 0, 1)

/** Measurements of one backend. */
interface Result {
  backend: string
  seedMs: number
  reindexMs: number
  startupMs: number
  getP50: number
  getP99: number
  findP50: number
  findP99: number
  pageMs: number
  levelPageMs: number
  housekeepingMs: number
  planned: number
  scanMs: number
  scanned: number
  scanHeapMb: number
  peakRssMb: number
}

function levelOf(index: number): string {
  let cumulative = 0
  const roll = ((index * 2654435761) % 1000) / 1000
  for (const [level, share] of LEVELS) if (roll < (cumulative += share)) return level
  return 'initial'
}

const levelSet = new LevelSet()

/** A movie at its level, with the facets of that level stamped and some of their fields filled. */
function record(index: number): Movie {
  const at = new Date(T0 - (index % 400) * 86_400_000).toISOString()
  const level = levelOf(index)
  const year = 1950 + (index % 75)
  const movie: Movie = {
    schemaVersion: 1,
    id: `tmdb:${index}`,
    ids: { tmdb: index, ...(index % 10 === 0 ? { imdb: `tt${String(index).padStart(7, '0')}` } : {}) },
    level,
    facets: Object.fromEntries(levelSet.facetsFor(level).map((facet) => [facet, { at, provider: facet === 'identity' ? 'cinelayer' : 'tmdb' }])),
    locks: [],
    errors: [],
    createdAt: at,
    updatedAt: at,
    title: `Movie number ${index}`,
    year,
  }
  const facets = new Set(Object.keys(movie.facets))
  if (facets.has('details')) Object.assign(movie, { overview: `An overview of movie ${index}. `.repeat(8), runtime: 90 + (index % 60), releaseDate: `${year}-05-01` })
  if (facets.has('poster')) movie.poster = { path: `/poster-${index}.jpg`, width: 500, height: 750 }
  if (facets.has('genres')) movie.genres = [{ id: 18, name: 'Drama' }]
  if (facets.has('ratings')) movie.tmdbRating = { average: 7.1, count: 100 + index }
  if (facets.has('keywords')) movie.keywords = ['cinema', `theme ${index % 50}`]
  return movie
}

async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++]!)
  }))
}

/** What seeding writes: every key and its text. */
function* seedEntries(): Generator<[string, string]> {
  for (let index = 1; index <= count; index++) {
    const movie = record(index)
    yield [`movies:${movie.id}`, JSON.stringify(movie)]
    if (movie.ids.imdb) yield [`aliases:imdb:${movie.ids.imdb}`, JSON.stringify({ id: movie.id })]
    if (index % 10 === 5) {
      const stats = { schemaVersion: 1, movieId: movie.id, views: index % 7, plays: 0, requests: 1, lastAccess: new Date(T0 - (index % 300) * 86_400_000).toISOString() }
      yield [`stats:${movie.id}`, JSON.stringify(stats)]
    }
  }
}

/** Seeds through unstorage (Redis), 64 writes in flight. */
async function seedStorage(storage: Storage): Promise<void> {
  await inParallel([...seedEntries()], 64, ([key, text]) => storage.setItem(key, text))
}

/** Seeds the fs folder with plain file writes: a bulk import, not what the bench measures. */
async function seedFolder(base: string): Promise<void> {
  const entries = [...seedEntries()].map(([key, text]) => [join(base, ...key.split(':')), text] as const)
  for (const folder of new Set(entries.map(([path]) => dirname(path)))) await mkdir(folder, { recursive: true })
  await inParallel(entries, 64, ([path, text]) => writeFile(path, text))
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await action()
  return [value, performance.now() - started]
}

async function measureReads(stores: CinelayerStores): Promise<Pick<Result, 'getP50' | 'getP99' | 'findP50' | 'findP99' | 'pageMs' | 'levelPageMs'>> {
  const gets: number[] = []
  const finds: number[] = []
  for (let sample = 0; sample < 2000; sample++) {
    const index = 1 + ((sample * 7919) % count)
    gets.push((await timed(() => stores.movies.get(`tmdb:${index}`)))[1])
    const aliased = 10 * (1 + ((sample * 104729) % Math.floor(count / 10)))
    const [found, ms] = await timed(() => stores.movies.find(`imdb:tt${String(aliased).padStart(7, '0')}`))
    if (found?.id !== `tmdb:${aliased}`) throw new Error(`find by alias of tmdb:${aliased} gave ${found?.id}`)
    finds.push(ms)
  }
  const middle = Math.max(1, Math.floor(count / 40))
  const [page, pageMs] = await timed(() => stores.movies.list({ page: middle, pageSize: 20 }))
  if (page.results.length !== 20 || page.totalResults !== count) throw new Error('a page of ls came back wrong')
  const [, levelPageMs] = await timed(() => stores.movies.list({ level: 'basic', page: 1, pageSize: 20 }))
  return { getP50: percentile(gets, 50), getP99: percentile(gets, 99), findP50: percentile(finds, 50), findP99: percentile(finds, 99), pageMs, levelPageMs }
}

async function measureScans(stores: CinelayerStores): Promise<Pick<Result, 'housekeepingMs' | 'planned' | 'scanMs' | 'scanned' | 'scanHeapMb'>> {
  const housekeeper = createHousekeeper({
    movies: stores.movies,
    stats: stores.stats,
    levels: levelSet,
    bus: new EventBus(),
    // Half a year on: the default rules find movies nobody read to take down.
    clock: createManualClock(T0 + 200 * 86_400_000),
    rules: defaultRules(),
  })
  const [plan, housekeepingMs] = await timed(() => housekeeper.plan())
  let scanned = 0
  let scanHeap = 0
  const [, scanMs] = await timed(async () => {
    for await (const _movie of stores.movies.scan({ batchSize: 256 })) {
      if (++scanned % 1000 === 0) scanHeap = Math.max(scanHeap, process.memoryUsage().heapUsed)
    }
  })
  return { housekeepingMs, planned: plan.changes.length, scanMs, scanned, scanHeapMb: scanHeap / 2 ** 20 }
}

/** Seeds the backend and rebuilds its indexes (one process), so that the measures start cold in another. */
async function prepare(backend: string, target: string): Promise<Pick<Result, 'seedMs' | 'reindexMs'>> {
  if (backend === 'fs') {
    const base = join(target, 'store')
    const [, seedMs] = await timed(() => seedFolder(base))
    const storage = createStorage({ driver: atomicFsDriver({ base }) })
    const [, reindexMs] = await timed(() => createStores(storage).reindex())
    await storage.dispose()
    return { seedMs, reindexMs }
  }
  const redis = await connectRedis({ url: target, base: 'scale' })
  const [, seedMs] = await timed(() => seedStorage(redis.storage))
  const [, reindexMs] = await timed(() => createStores(redis.storage).reindex())
  await redis.close()
  return { seedMs, reindexMs }
}

/** Opens the prepared store in a fresh process and measures what a user waits for. */
async function measure(backend: string, target: string): Promise<Omit<Result, 'backend' | 'seedMs' | 'reindexMs'>> {
  const [opened, startupMs] = await timed(async () => {
    if (backend === 'fs') {
      const folder = openDataFolder(join(target, 'store'))
      const stores = createStores(folder.storage)
      await stores.movies.count()
      return { stores, close: () => folder.close() }
    }
    const redis = await connectRedis({ url: target, base: 'scale' })
    const stores = createStores(redis.storage)
    await stores.movies.count()
    return { stores, close: () => redis.close() }
  })
  const reads = await measureReads(opened.stores)
  const scans = await measureScans(opened.stores)
  await opened.close()
  return { startupMs, ...reads, ...scans, peakRssMb: process.resourceUsage().maxRSS / 1024 }
}

/** Runs one phase in a child process (its own memory, a cold start) and reads its result from stdout. */
async function inChild<T>(phase: 'prepare' | 'measure', backend: string, target: string): Promise<T> {
  const script = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, [...process.execArgv, script, '--child', `${phase}:${backend}`, '--target', target, '--movies', String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const line = output.split('\n').find((candidate) => candidate.startsWith('RESULT '))
  if (code !== 0 || !line) throw new Error(`${phase} on ${backend} failed (exit ${code}): ${output}`)
  return JSON.parse(line.slice('RESULT '.length)) as T
}

async function run(backend: string, label: string, target: string): Promise<Result> {
  const prepared = await inChild<Pick<Result, 'seedMs' | 'reindexMs'>>('prepare', backend, target)
  const measured = await inChild<Omit<Result, 'backend' | 'seedMs' | 'reindexMs'>>('measure', backend, target)
  return { backend: label, ...prepared, ...measured }
}

function table(results: readonly Result[]): string {
  const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`)
  const rows: Array<[string, (result: Result) => string]> = [
    ['seed (records written directly)', (r) => ms(r.seedMs)],
    ['reindex (rebuild from records)', (r) => ms(r.reindexMs)],
    ['start-up (open, lock, count)', (r) => ms(r.startupMs)],
    ['get by id p50 / p99', (r) => `${ms(r.getP50)} / ${ms(r.getP99)}`],
    ['find by alias p50 / p99', (r) => `${ms(r.findP50)} / ${ms(r.findP99)}`],
    ['ls: a middle page of 20', (r) => ms(r.pageMs)],
    ['ls: first page of one level', (r) => ms(r.levelPageMs)],
    ['housekeeping plan (whole catalog)', (r) => `${ms(r.housekeepingMs)} (${r.planned} changes)`],
    ['streamed scan (batches of 256)', (r) => `${ms(r.scanMs)} (${r.scanned} movies)`],
    ['heap while scanning (max)', (r) => `${r.scanHeapMb.toFixed(0)} MB`],
    ['peak memory of the process (max RSS)', (r) => `${r.peakRssMb.toFixed(0)} MB`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  const header = `${''.padEnd(width)} | ${results.map((r) => r.backend.padEnd(24)).join(' | ')}`
  const lines = rows.map(([label, cell]) => `${label.padEnd(width)} | ${results.map((r) => cell(r).padEnd(24)).join(' | ')}`)
  return [header, '-'.repeat(header.length), ...lines].join('\n')
}

if (values.child) {
  const [phase, backend = 'fs'] = values.child.split(':')
  const result = phase === 'prepare' ? await prepare(backend, values.target!) : await measure(backend, values.target!)
  console.log(`RESULT ${JSON.stringify(result)}`)
  process.exit(0)
} else {
  const backends = values.backends.split(',')
  console.log(`storage scale: ${count.toLocaleString('en')} movies; each backend seeded in one process, measured cold in another`)
  const results: Result[] = []
  if (backends.includes('fs')) {
    const root = await mkdtemp(join(tmpdir(), 'cinelayer-scale-'))
    try {
      results.push(await run('fs', 'fs (atomic driver)', root))
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }
  if (backends.includes('redis')) {
    if (!redisServerInstalled) console.log('redis: skipped, redis-server is not installed')
    else {
      const server = await startRedisServer()
      try {
        results.push(await run('redis', 'redis', server.url))
      } finally {
        await server.stop()
      }
    }
  }
  console.log(table(results))
}
