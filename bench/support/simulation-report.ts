/**
 * What the year simulation prints and writes: one row per workload, policy and budget, whether
 * cinelayer's rules met their goal at each budget, and the frontier figure.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { frontierSvg } from './frontier-svg.js'

/** The policies compared: two references and four kept within a byte budget. */
export type PolicyName = 'eager deep' | 'lazy, unbounded' | 'LRU' | 'LFU' | 'W-TinyLFU' | "cinelayer's rules"

/** One policy played on one workload (at one budget). */
export interface Outcome {
  workload: string
  policy: PolicyName
  /** Share of the eager catalog's bytes allowed, when the policy has a budget. */
  budgetShare?: number
  budgetBytes?: number
  bytesStored: number
  upstreamCalls: number
  /** Share of user requests answered with no upstream call during the request. */
  servedWithoutWaiting: number
  levels: Record<string, number>
  seconds: number
}

/** Everything the report is made of. */
export interface SimulationReport {
  movies: number
  days: number
  requestsPerDay: number
  housekeepingEveryDays: number
  seed: number
  machine: string
  /** Wall-clock minutes of the whole run. */
  minutes: number
  outcomes: Outcome[]
}

const CLASSIC: readonly PolicyName[] = ['LRU', 'LFU', 'W-TinyLFU']
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const percent = (share: number) => `${(share * 100).toFixed(1)}%`
const budgetOf = (outcome: Outcome) => (outcome.budgetShare === undefined ? '—' : `${Math.round(outcome.budgetShare * 100)}% (${mb(outcome.budgetBytes!)})`)

/** Prints one outcome as it comes, and passes it on. */
export function printOutcome(outcome: Outcome): Outcome {
  const budget = outcome.budgetShare === undefined ? '' : ` at ${Math.round(outcome.budgetShare * 100)}%`
  console.log(
    `  ${outcome.workload}, ${outcome.policy}${budget}: ${mb(outcome.bytesStored)}, ${outcome.upstreamCalls.toLocaleString('en-US')} calls, ${percent(outcome.servedWithoutWaiting)} without waiting (${outcome.seconds.toFixed(1)} s)`,
  )
  return outcome
}

/** The full table: workload × policy × budget. */
export function outcomeTable(outcomes: readonly Outcome[]): string {
  return [
    '| workload | budget (share of eager) | policy | bytes stored at the end | upstream calls | served without waiting | movies per level (initial / basic / medium / deep) |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...outcomes.map(
      (outcome) =>
        `| ${outcome.workload} | ${budgetOf(outcome)} | ${outcome.policy} | ${mb(outcome.bytesStored)} | ${outcome.upstreamCalls.toLocaleString('en-US')} | ${percent(outcome.servedWithoutWaiting)} | ${['initial', 'basic', 'medium', 'deep'].map((level) => outcome.levels[level] ?? 0).join(' / ')} |`,
    ),
  ].join('\n')
}

/** Per workload and budget: cinelayer's rules against the best classic policy, in points of served-without-waiting. */
export function goalTable(outcomes: readonly Outcome[]): string {
  const rows: string[] = []
  for (const workload of [...new Set(outcomes.map((outcome) => outcome.workload))]) {
    for (const share of [...new Set(outcomes.flatMap((outcome) => (outcome.budgetShare === undefined ? [] : [outcome.budgetShare])))]) {
      const here = outcomes.filter((outcome) => outcome.workload === workload && outcome.budgetShare === share)
      const rules = here.find((outcome) => outcome.policy === "cinelayer's rules")
      const best = here.filter((outcome) => CLASSIC.includes(outcome.policy)).sort((a, b) => b.servedWithoutWaiting - a.servedWithoutWaiting)[0]
      if (!rules || !best) continue
      const gap = (rules.servedWithoutWaiting - best.servedWithoutWaiting) * 100
      const verdict = gap > 0.05 ? 'above' : gap >= -1 ? 'within 1 point' : '**missed**'
      rows.push(`| ${workload} | ${Math.round(share * 100)}% | ${best.policy} ${percent(best.servedWithoutWaiting)} | ${percent(rules.servedWithoutWaiting)} | ${gap >= 0 ? '+' : ''}${gap.toFixed(1)} | ${verdict} |`)
    }
  }
  return ['| workload | budget | best classic policy | cinelayer\'s rules | difference (points) | goal |', '| --- | ---: | --- | ---: | ---: | --- |', ...rows].join('\n')
}

/** Prints the tables; with `writeDocs`, writes them into the doc and the figure beside it. */
export async function writeReport(report: SimulationReport, options: { root: string; writeDocs: boolean }): Promise<void> {
  const eager = report.outcomes.filter((outcome) => outcome.policy === 'eager deep').map((outcome) => `${mb(outcome.bytesStored)} (${outcome.workload})`)
  const header = `${report.movies.toLocaleString('en-US')} movies, ${report.days} days, ${report.requestsPerDay} requests a day, eviction every ${report.housekeepingEveryDays} days, seed ${report.seed}. Budgets are shares of the eager catalog: ${eager.join(', ')}. Run on ${report.machine} in ${report.minutes.toFixed(1)} minutes.`
  const text = `${header}\n\n${outcomeTable(report.outcomes)}\n\ncinelayer's rules against the best classic policy at each budget (the goal: within 1 point, above where usage knowledge matters):\n\n${goalTable(report.outcomes)}\n`
  console.log(`\n${text}`)
  if (!options.writeDocs) return
  const svgPath = join(options.root, 'docs/housekeeping-frontier.svg')
  await writeFile(svgPath, frontierSvg(report.outcomes))
  const path = join(options.root, 'docs/housekeeping-simulation.md')
  const doc = await readFile(path, 'utf8')
  const start = doc.indexOf('<!-- results -->')
  const end = doc.indexOf('<!-- /results -->')
  if (start < 0 || end < start) throw new Error(`${path} has no <!-- results --> … <!-- /results --> block`)
  const block = `<!-- results -->\n![Served without waiting and upstream calls against bytes stored, per policy and workload](housekeeping-frontier.svg)\n\n${text}`
  await writeFile(path, doc.slice(0, start) + block + doc.slice(end))
  console.log(`written to ${path} and ${svgPath}`)
}
