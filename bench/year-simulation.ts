/**
 * Housekeeping policies at equal byte budgets over a simulated stretch of use (run: `pnpm bench:year`).
 *
 * Every policy runs `createMovieEngine` itself (see support/simulation-engine.ts) on the memory
 * store, a manual clock and timer, with recorded-shaped upstream answers (support/fight-club-everywhere.ts);
 * bytes stored are what `stores.bytesStored()` counts (records, aliases, people, credits both ways,
 * stats). The simulated users come from `cinelayer/simulation` (seeded Zipf over the catalog with a
 * drifting ranking, 70% `basic` / 20% `medium` / 10% `deep`, views and playbacks), in three workloads:
 * `zipf-drift`, `scan` (a library rescan touches every movie at `basic` mid-run) and `burst` (a new
 * release takes 30% of the requests for a week).
 *
 * First the whole catalog is enriched to `deep` up front (what media servers do at scan time) and
 * played: that is the eager baseline, and its bytes set the budgets (10%, 20%, 35% and 50% of them).
 * Then, lazily (movies start at `initial`, a request enriches what it needs), at each budget, every
 * policy keeps the catalog within it: LRU, LFU, W-TinyLFU (support/classic-policies.ts) and
 * cinelayer's rules (`defaultRules({ budgetBytes, budgetLevels })`, run by the real housekeeper). All
 * evict weekly, by taking movies down one level at a time through the engine's downgrade path until
 * under the budget (support/budget-eviction.ts). "Lazy, unbounded" (no eviction) is the ceiling.
 *
 * Printed and written (`--write-docs`: docs/housekeeping-simulation.md between its results markers,
 * docs/housekeeping-frontier.svg): bytes stored at the end, upstream calls, and the share of user
 * requests answered without waiting on a provider. Sizes via env: SIM_MOVIES (3000), SIM_DAYS (180),
 * SIM_REQUESTS_PER_DAY (100), SIM_SEED, SIM_HOUSEKEEPING_EVERY_DAYS (7); SIM_WORKLOADS
 * (`zipf-drift,scan,burst`) and SIM_BUDGETS (`0.1,0.2,0.35,0.5`) and SIM_POLICIES (`LRU,cinelayer's rules`) to run fewer; workloads run side by
 * side in child processes, SIM_PARALLEL at a time (default: one per core).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DAY, type HousekeepingRule, createManualClock, createManualTimer, defaultRules } from 'cinelayer'
import { type WorkloadKind, type WorkloadRequest, createWorkload } from 'cinelayer/simulation'
import { type EvictionMemory, type PlanCalibration, evictStepwise, housekeepToBudget } from './support/budget-eviction.js'
import { type EvictionPolicy, lfu, lru, windowTinyLfu } from './support/classic-policies.js'
import { FightClubEverywhere, loadFightClubEntries } from './support/fight-club-everywhere.js'
import { type Outcome, type PolicyName, type SimulationReport, printOutcome, writeReport } from './support/simulation-report.js'
import { createSimulationEngine } from './support/simulation-engine.js'

const MOVIES = Number(process.env.SIM_MOVIES ?? 3_000)
const DAYS = Number(process.env.SIM_DAYS ?? 180)
const REQUESTS_PER_DAY = Number(process.env.SIM_REQUESTS_PER_DAY ?? 100)
const HOUSEKEEPING_EVERY_DAYS = Number(process.env.SIM_HOUSEKEEPING_EVERY_DAYS ?? 7)
const SEED = Number(process.env.SIM_SEED ?? 20261121)
const WORKLOADS = (process.env.SIM_WORKLOADS?.split(',') ?? ['zipf-drift', 'scan', 'burst']) as WorkloadKind[]
const BUDGETS = process.env.SIM_BUDGETS?.split(',').map(Number) ?? [0.1, 0.2, 0.35, 0.5]
const ALL_BUDGETED: PolicyName[] = ['LRU', 'LFU', 'W-TinyLFU', "cinelayer's rules"]
const BUDGETED = process.env.SIM_POLICIES ? ALL_BUDGETED.filter((policy) => process.env.SIM_POLICIES!.split(',').includes(policy)) : ALL_BUDGETED
const START = Date.UTC(2026, 0, 1)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
type Entries = Awaited<ReturnType<typeof loadFightClubEntries>>

/** cinelayer's default rules, and over the budget movies go down a level at a time, lowest score first. */
function cinelayerRules(budgetBytes: number): HousekeepingRule[] {
  return defaultRules({ budgetBytes, budgetLevels: ['medium', 'basic', 'initial'] })
}

/** The classic policy of that name; W-TinyLFU's sketch sized for as many movies as the budget holds at `deep`. */
function classicPolicy(policy: PolicyName, budgetShare: number): EvictionPolicy | undefined {
  if (policy === 'LRU') return lru()
  if (policy === 'LFU') return lfu()
  if (policy === 'W-TinyLFU') return windowTinyLfu({ expectedItems: Math.round(budgetShare * MOVIES) })
  return undefined
}

/** Plays the requests under one policy (and budget) and measures the outcome. */
async function play(workload: WorkloadKind, policy: PolicyName, requests: readonly WorkloadRequest[], entries: Entries, budget?: { share: number; bytes: number }): Promise<Outcome> {
  const started = performance.now()
  const timer = createManualTimer(createManualClock(START))
  const data = new FightClubEverywhere(entries)
  const engine = createSimulationEngine({ data, clock: timer.clock, timer, rules: [], flushIntervalMs: 60 * 60 * 1000 })
  const classic = classicPolicy(policy, budget?.share ?? 1)
  const calibration: PlanCalibration = {}
  const memory: EvictionMemory = {}
  const evict = async () => {
    await engine.bus.settled()
    if (!budget) return
    if (classic) await evictStepwise(engine, budget.bytes, classic, memory)
    else await housekeepToBudget(engine, cinelayerRules, budget.bytes, calibration)
  }
  const ids = Array.from({ length: MOVIES }, (_, index) => `tmdb:${index + 1}`)
  if (policy === 'eager deep') await engine.enrichMany(ids, 'deep')
  else await engine.create(ids.map((_, index) => ({ tmdb: index + 1, title: `Film ${index + 1}` })))
  let scanned: string[] = []
  const flushScan = async () => {
    if (scanned.length > 0) await engine.enrichMany(scanned, 'basic')
    scanned = []
  }
  let served = 0
  let asked = 0
  let day = 0
  for (const request of requests) {
    if (request.day !== day) {
      await flushScan()
      day = request.day
      // Eviction runs at the start of its day: after the last request, never at the same instant.
      await timer.advance(Math.max(0, START + day * DAY - timer.clock.now()))
      if (day % HOUSEKEEPING_EVERY_DAYS === 0) await evict()
    }
    const movieId = `tmdb:${request.tmdb}`
    classic?.access(movieId)
    if (request.origin === 'scan') {
      scanned.push(movieId)
      continue
    }
    await flushScan()
    await timer.advance(Math.max(0, START + request.at - timer.clock.now()))
    const before = data.total
    await engine.get(movieId, request.level)
    asked++
    if (data.total === before) served++
    if (request.viewed) engine.bus.publish({ type: 'MovieViewed', payload: { movieId } })
    if (request.played) engine.bus.publish({ type: 'PlaybackStarted', payload: { movieId } })
  }
  await flushScan()
  await timer.advance(DAY)
  await evict()
  const outcome: Outcome = {
    workload,
    policy,
    ...(budget ? { budgetShare: budget.share, budgetBytes: budget.bytes } : {}),
    bytesStored: await engine.bytesStored(),
    upstreamCalls: data.total,
    servedWithoutWaiting: served / asked,
    levels: await engine.moviesPerLevel(),
    seconds: (performance.now() - started) / 1000,
  }
  await engine.close()
  return outcome
}

/** Every policy on one workload: the eager baseline (whose bytes set the budgets), the lazy ceiling, then each budget. */
async function runWorkload(workload: WorkloadKind): Promise<Outcome[]> {
  const entries = await loadFightClubEntries()
  const requests = createWorkload({ movies: MOVIES, days: DAYS, requestsPerDay: REQUESTS_PER_DAY, seed: SEED, kind: workload })
  console.log(`${workload}: ${requests.length.toLocaleString('en-US')} requests`)
  const eager = printOutcome(await play(workload, 'eager deep', requests, entries))
  const outcomes = [eager, printOutcome(await play(workload, 'lazy, unbounded', requests, entries))]
  for (const share of BUDGETS) {
    for (const policy of BUDGETED) outcomes.push(printOutcome(await play(workload, policy, requests, entries, { share, bytes: Math.round(share * eager.bytesStored) })))
  }
  return outcomes
}

/** One workload in a child process of this script (the workloads are independent: they run side by side). */
async function runInChild(workload: WorkloadKind): Promise<Outcome[]> {
  const folder = await mkdtemp(join(tmpdir(), 'cinelayer-year-'))
  const resultFile = join(folder, `${workload}.json`)
  try {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, SIM_WORKLOADS: workload, SIM_RESULT_FILE: resultFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    const [code] = (await once(child, 'exit')) as [number | null]
    if (code !== 0) throw new Error(`the ${workload} workload exited with ${code}`)
    return JSON.parse(await readFile(resultFile, 'utf8')) as Outcome[]
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Runs `work` on every item, at most `limit` at once, results in item order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index]!)
      }
    }),
  )
  return results
}

if (process.env.SIM_RESULT_FILE) {
  await writeFile(process.env.SIM_RESULT_FILE, JSON.stringify(await runWorkload(WORKLOADS[0]!)))
} else {
  const parallel = Math.max(1, Number(process.env.SIM_PARALLEL ?? Math.min(WORKLOADS.length, cpus().length)))
  console.log(`${MOVIES.toLocaleString('en-US')} movies, ${DAYS} days, ${REQUESTS_PER_DAY} requests a day, eviction every ${HOUSEKEEPING_EVERY_DAYS} days, seed ${SEED}; ${parallel} workload(s) at a time`)
  const started = performance.now()
  const results = await inParallel(WORKLOADS, parallel, (workload) => (WORKLOADS.length === 1 ? runWorkload(workload) : runInChild(workload)))
  const report: SimulationReport = {
    movies: MOVIES,
    days: DAYS,
    requestsPerDay: REQUESTS_PER_DAY,
    housekeepingEveryDays: HOUSEKEEPING_EVERY_DAYS,
    seed: SEED,
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
    minutes: (performance.now() - started) / 60_000,
    outcomes: results.flat(),
  }
  await writeReport(report, { root, writeDocs: process.argv.includes('--write-docs') })
}
