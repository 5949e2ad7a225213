/**
 * A year of use of a 10,000-movie catalog under four policies (run: `pnpm bench:year`).
 *
 * Every policy runs `createMovieEngine` itself (see support/simulation-engine.ts) on the memory
 * store, a manual clock and timer (bytes stored are what `stores.bytesStored()` counts: records,
 * aliases, people, credits both ways and stats, not the summaries and level entries), on the same
 * seeded workload: requests drawn from a Zipf distribution over the catalog
 * (s = 1), whose ranking drifts every 30 days (new favourites, forgotten ones), each asking a level
 * as a UI would (70% `basic`, 20% `medium` for the cast tab, 10% `deep`), half of them followed by a
 * view and some by a playback. Upstream answers are recorded-shaped: every movie is Fight Club's
 * replay entries (TMDB, Wikidata, Wikipedia, OMDb) with its ids swapped, credit lists resized to a
 * count drawn like TMDB's (median near 50, a tail past 300) from a pool of people, so records weigh
 * what real ones do. Policies:
 *
 * 1. everything deep forever: the whole catalog enriched to `deep` up front (what media servers do
 *    at scan time), never downgraded;
 * 2. lazy, no downgrade: movies start at `initial`, each request enriches only what it needs;
 * 3. lazy + LRU: as 2, and every week everything outside the 1,000 most recently used movies goes
 *    back to `initial` (a cache's eviction);
 * 4. lazy + cinelayer's default rules: as 2, and every week `defaultRules()` housekeeping.
 *
 * Printed for each: bytes stored at the end, upstream calls, and the share of requests answered
 * without waiting on a provider (no upstream call during the request). `--write-docs` writes the
 * table into docs/housekeeping-simulation.md. Sizes via env: SIM_MOVIES, SIM_DAYS,
 * SIM_REQUESTS_PER_DAY, SIM_SEED.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DAY, type HousekeepingRule, createManualClock, createManualTimer, defaultRules, defineRule } from 'cinelayer'
import { type WorkloadRequest, createWorkload } from 'cinelayer/simulation'
import { FightClubEverywhere, loadFightClubEntries } from './support/fight-club-everywhere.js'
import { type SimulationEngine, createSimulationEngine } from './support/simulation-engine.js'

const MOVIES = Number(process.env.SIM_MOVIES ?? 10_000)
const DAYS = Number(process.env.SIM_DAYS ?? 365)
const REQUESTS_PER_DAY = Number(process.env.SIM_REQUESTS_PER_DAY ?? 100)
const HOUSEKEEPING_EVERY_DAYS = Number(process.env.SIM_HOUSEKEEPING_EVERY_DAYS ?? 7)
const SEED = Number(process.env.SIM_SEED ?? 20261121)
const LRU_KEEP = Math.round(MOVIES / 10)
const START = Date.UTC(2026, 0, 1)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

type Policy = 'everything deep forever' | 'lazy, no downgrade' | 'lazy + LRU downgrade' | "lazy + cinelayer's default rules"

interface Outcome {
  policy: Policy
  bytesStored: number
  upstreamCalls: number
  servedWithoutWaiting: number
  levels: Record<string, number>
  seconds: number
  /** Seconds spent filling the catalog before the year starts. */
  seeded: number
}

/** Everything outside the `keep` most recently used movies goes back to `initial`. */
function lruRule(cutoff: { at: number }): HousekeepingRule {
  return defineRule({
    name: 'lru',
    evaluate: ({ stats }) => {
      const last = stats?.lastAccess ? Date.parse(stats.lastAccess) : Number.NEGATIVE_INFINITY
      return last < cutoff.at ? { maxLevel: 'initial', reason: `not among the ${LRU_KEEP} most recently used` } : null
    },
  })
}

async function lruCutoff(engine: SimulationEngine): Promise<number> {
  const used = (await engine.stats.top(MOVIES)).map((rank) => Date.parse(rank.stats.lastAccess ?? '')).sort((a, b) => b - a)
  return used.length > LRU_KEEP ? used[LRU_KEEP - 1]! : Number.NEGATIVE_INFINITY
}

async function simulate(policy: Policy, requests: readonly WorkloadRequest[], entries: Awaited<ReturnType<typeof loadFightClubEntries>>): Promise<Outcome> {
  const started = performance.now()
  const timer = createManualTimer(createManualClock(START))
  const data = new FightClubEverywhere(entries)
  const cutoff = { at: Number.NEGATIVE_INFINITY }
  const rules = policy === 'lazy + LRU downgrade' ? [lruRule(cutoff)] : defaultRules()
  const engine = createSimulationEngine({ data, clock: timer.clock, timer, rules, flushIntervalMs: 60 * 60 * 1000 })
  if (policy === 'everything deep forever') await pool(MOVIES, 16, (tmdb) => engine.get(`tmdb:${tmdb}`, 'deep'))
  else await engine.create(Array.from({ length: MOVIES }, (_, index) => ({ tmdb: index + 1, title: `Film ${index + 1}` })))
  const seeded = (performance.now() - started) / 1000
  const housekeeps = policy === 'lazy + LRU downgrade' || policy === "lazy + cinelayer's default rules"
  const step = DAY / REQUESTS_PER_DAY
  let served = 0
  let day = 0
  for (const request of requests) {
    if (request.day !== day) {
      day = request.day
      if (housekeeps && day % HOUSEKEEPING_EVERY_DAYS === 0) {
        if (policy === 'lazy + LRU downgrade') cutoff.at = await lruCutoff(engine)
        await engine.housekeeping.run({ dryRun: false })
      }
    }
    await timer.advance(step)
    const before = data.total
    await engine.get(`tmdb:${request.tmdb}`, request.level)
    if (data.total === before) served++
    if (request.viewed) engine.bus.publish({ type: 'MovieViewed', payload: { movieId: `tmdb:${request.tmdb}` } })
    if (request.played) engine.bus.publish({ type: 'PlaybackStarted', payload: { movieId: `tmdb:${request.tmdb}` } })
  }
  await engine.bus.settled()
  await engine.stats.flush()
  const outcome: Outcome = {
    policy,
    bytesStored: await engine.bytesStored(),
    upstreamCalls: data.total,
    servedWithoutWaiting: served / requests.length,
    levels: await engine.moviesPerLevel(),
    seconds: (performance.now() - started) / 1000,
    seeded,
  }
  await engine.close()
  return outcome
}

/** Runs `work` for 1…`count` with at most `limit` at once. */
async function pool(count: number, limit: number, work: (item: number) => Promise<unknown>): Promise<void> {
  let next = 1
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next <= count) await work(next++)
    }),
  )
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`

function table(outcomes: readonly Outcome[]): string {
  const rows = [
    '| policy | bytes stored at the end | upstream calls | requests served without waiting | movies per level (initial / basic / medium / deep) |',
    '| --- | ---: | ---: | ---: | --- |',
    ...outcomes.map(
      (outcome) =>
        `| ${outcome.policy} | ${mb(outcome.bytesStored)} | ${outcome.upstreamCalls.toLocaleString('en-US')} | ${(outcome.servedWithoutWaiting * 100).toFixed(1)}% | ${['initial', 'basic', 'medium', 'deep'].map((level) => outcome.levels[level] ?? 0).join(' / ')} |`,
    ),
  ]
  return rows.join('\n')
}

const requests = createWorkload({ movies: MOVIES, days: DAYS, requestsPerDay: REQUESTS_PER_DAY, seed: SEED })
const entries = await loadFightClubEntries()
const allPolicies: Policy[] = ['everything deep forever', 'lazy, no downgrade', 'lazy + LRU downgrade', "lazy + cinelayer's default rules"]
// SIM_POLICIES=1,4 runs only those (for a quick look); the docs are written from all four.
const chosen = process.env.SIM_POLICIES?.split(',').map(Number)
const policies = chosen ? allPolicies.filter((_, index) => chosen.includes(index + 1)) : allPolicies
console.log(
  `${MOVIES.toLocaleString('en-US')} movies, ${DAYS} days, ${REQUESTS_PER_DAY} requests a day (${requests.length.toLocaleString('en-US')} requests), housekeeping every ${HOUSEKEEPING_EVERY_DAYS} days, seed ${SEED}`,
)
const outcomes: Outcome[] = []
for (const policy of policies) {
  const outcome = await simulate(policy, requests, entries)
  outcomes.push(outcome)
  console.log(`  ${policy}: ${mb(outcome.bytesStored)}, ${outcome.upstreamCalls} calls, ${(outcome.servedWithoutWaiting * 100).toFixed(1)}% without waiting (${outcome.seconds.toFixed(1)} s, ${outcome.seeded.toFixed(1)} s of it filling the catalog)`)
}
const result = table(outcomes)
console.log(`\n${result}`)

if (process.argv.includes('--write-docs')) {
  const path = join(root, 'docs/housekeeping-simulation.md')
  const text = await readFile(path, 'utf8')
  const start = text.indexOf('<!-- results -->')
  const end = text.indexOf('<!-- /results -->')
  if (start < 0 || end < start) throw new Error(`${path} has no <!-- results --> … <!-- /results --> block`)
  const block = `<!-- results -->\n${MOVIES.toLocaleString('en-US')} movies, ${DAYS} days, ${REQUESTS_PER_DAY} requests a day (${requests.length.toLocaleString('en-US')} in all), housekeeping every ${HOUSEKEEPING_EVERY_DAYS} days, seed ${SEED}:\n\n${result}\n`
  await writeFile(path, text.slice(0, start) + block + text.slice(end))
  console.log(`\nwritten to ${path}`)
}
