/**
 * The frontier figure of the year simulation as one standalone SVG: per workload (a row), served
 * without waiting and upstream calls (two panels) against bytes stored, one line per policy through
 * its budgets, the two references as single dots. Drawn with Observable Plot on linkedom's
 * document (no browser): Plot returns an `<svg>` per panel, nested here in one outer `<svg>` under a
 * legend (Plot's own legends are HTML, which an SVG file cannot hold).
 */
import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'
import type { Outcome, PolicyName } from './simulation-report.js'

const PANEL = { width: 400, height: 240 }
const LEGEND_HEIGHT = 30
const COLORS: Record<PolicyName, string> = {
  'eager deep': '#7f7f7f',
  'lazy, unbounded': '#000000',
  LRU: '#1f77b4',
  LFU: '#ff7f0e',
  'W-TinyLFU': '#2ca02c',
  "cinelayer's rules": '#d62728',
}
const POLICIES = Object.keys(COLORS) as PolicyName[]

interface Point {
  policy: PolicyName
  megabytes: number
  served: number
  calls: number
  label: string
}

const MEASURES = [
  { key: 'served', label: 'served without waiting (%)' },
  { key: 'calls', label: 'upstream calls' },
] as const

/** The figure for these outcomes. */
export function frontierSvg(outcomes: readonly Outcome[]): string {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>')
  const workloads = [...new Set(outcomes.map((outcome) => outcome.workload))]
  const maxMegabytes = Math.max(...outcomes.map((outcome) => outcome.bytesStored / 1e6))
  const width = PANEL.width * MEASURES.length
  const height = LEGEND_HEIGHT + PANEL.height * workloads.length
  const panels = workloads.flatMap((workload, row) => {
    const points = outcomes.filter((outcome) => outcome.workload === workload).map(pointOf).sort((a, b) => a.megabytes - b.megabytes)
    return MEASURES.map((measure, column) => {
      const chart = Plot.plot({
        document,
        width: PANEL.width,
        height: PANEL.height,
        marginLeft: 56,
        style: { fontSize: '11px', background: 'white' },
        x: { label: 'bytes stored at the end (MB)', domain: [0, maxMegabytes * 1.02] },
        y: { label: `${workload}: ${measure.label}`, grid: true },
        color: { domain: POLICIES, range: POLICIES.map((policy) => COLORS[policy]) },
        marks: [
          Plot.line(
            points.filter((point) => point.policy !== 'eager deep' && point.policy !== 'lazy, unbounded'),
            { x: 'megabytes', y: measure.key, stroke: 'policy', strokeWidth: 1.5 },
          ),
          Plot.dot(points, { x: 'megabytes', y: measure.key, fill: 'policy', r: 3, title: 'label' }),
        ],
      })
      chart.setAttribute('x', String(column * PANEL.width))
      chart.setAttribute('y', String(LEGEND_HEIGHT + row * PANEL.height))
      return String(chart.outerHTML)
    })
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    legend(),
    ...panels,
    '</svg>',
    '',
  ].join('\n')
}

function pointOf(outcome: Outcome): Point {
  const budget = outcome.budgetShare === undefined ? '' : ` at ${Math.round(outcome.budgetShare * 100)}% of eager`
  return {
    policy: outcome.policy,
    megabytes: outcome.bytesStored / 1e6,
    served: outcome.servedWithoutWaiting * 100,
    calls: outcome.upstreamCalls,
    label: `${outcome.policy}${budget}: ${(outcome.bytesStored / 1e6).toFixed(1)} MB, ${(outcome.servedWithoutWaiting * 100).toFixed(1)}%, ${outcome.upstreamCalls} calls`,
  }
}

function legend(): string {
  return POLICIES.map((policy, index) => {
    const x = 10 + index * 130
    const name = policy.replace(/'/g, '&#39;')
    return `<g><line x1="${x}" y1="15" x2="${x + 18}" y2="15" stroke="${COLORS[policy]}" stroke-width="2"/><circle cx="${x + 9}" cy="15" r="3" fill="${COLORS[policy]}"/><text x="${x + 24}" y="19">${name}</text></g>`
  }).join('\n')
}
