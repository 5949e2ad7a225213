/**
 * The frontier figure of the year simulation as a standalone SVG: per workload (a row), served
 * without waiting and upstream calls (two panels) against bytes stored, one line per policy through
 * its budgets, the two references as single marks. Written by hand rather than with a charting
 * library: ~100 lines, no DOM to emulate in Node, and the same numbers give byte-identical output.
 */
import type { Outcome, PolicyName } from './simulation-report.js'

const PANEL = { width: 380, height: 230, left: 58, right: 14, top: 30, bottom: 40 }
const LEGEND_HEIGHT = 34
const COLORS: Record<PolicyName, string> = {
  'eager deep': '#7f7f7f',
  'lazy, unbounded': '#000000',
  LRU: '#1f77b4',
  LFU: '#ff7f0e',
  'W-TinyLFU': '#2ca02c',
  "cinelayer's rules": '#d62728',
}
const POLICIES = Object.keys(COLORS) as PolicyName[]

interface Measure {
  label: string
  value: (outcome: Outcome) => number
  format: (value: number) => string
}

const MEASURES: Measure[] = [
  { label: 'served without waiting (%)', value: (outcome) => outcome.servedWithoutWaiting * 100, format: (value) => value.toFixed(0) },
  { label: 'upstream calls', value: (outcome) => outcome.upstreamCalls, format: (value) => (value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k` : value.toFixed(0)) },
]

/** The figure for these outcomes. */
export function frontierSvg(outcomes: readonly Outcome[]): string {
  const workloads = [...new Set(outcomes.map((outcome) => outcome.workload))]
  const width = PANEL.width * MEASURES.length
  const height = LEGEND_HEIGHT + PANEL.height * workloads.length
  const maxBytes = Math.max(...outcomes.map((outcome) => outcome.bytesStored)) / 1e6
  const panels = workloads.flatMap((workload, row) =>
    MEASURES.map((measure, column) => panel(outcomes.filter((outcome) => outcome.workload === workload), workload, measure, maxBytes, column * PANEL.width, LEGEND_HEIGHT + row * PANEL.height)),
  )
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    legend(),
    ...panels,
    '</svg>',
    '',
  ].join('\n')
}

function legend(): string {
  return POLICIES.map((policy, index) => {
    const x = 10 + index * 125
    return `<g><line x1="${x}" y1="16" x2="${x + 18}" y2="16" stroke="${COLORS[policy]}" stroke-width="2"/><circle cx="${x + 9}" cy="16" r="3" fill="${COLORS[policy]}"/><text x="${x + 24}" y="20">${escape(policy)}</text></g>`
  }).join('\n')
}

function panel(outcomes: readonly Outcome[], workload: string, measure: Measure, maxBytes: number, originX: number, originY: number): string {
  const values = outcomes.map(measure.value)
  const [low, high] = niceRange(Math.min(...values), Math.max(...values))
  const plotWidth = PANEL.width - PANEL.left - PANEL.right
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom
  const x = (megabytes: number) => originX + PANEL.left + (megabytes / maxBytes) * plotWidth
  const y = (value: number) => originY + PANEL.top + plotHeight - ((value - low) / (high - low || 1)) * plotHeight
  const parts: string[] = [`<text x="${originX + PANEL.left}" y="${originY + 18}" font-weight="bold">${escape(`${workload}: ${measure.label}`)}</text>`]
  for (let tick = 0; tick <= 4; tick++) {
    const value = low + ((high - low) * tick) / 4
    const megabytes = (maxBytes * tick) / 4
    parts.push(`<line x1="${x(0)}" y1="${y(value)}" x2="${x(maxBytes)}" y2="${y(value)}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${x(0) - 4}" y="${y(value) + 4}" text-anchor="end">${measure.format(value)}</text>`)
    parts.push(`<text x="${x(megabytes)}" y="${y(low) + 14}" text-anchor="middle">${megabytes.toFixed(0)}</text>`)
  }
  parts.push(`<text x="${x(maxBytes / 2)}" y="${y(low) + 28}" text-anchor="middle">bytes stored at the end (MB)</text>`)
  for (const policy of POLICIES) {
    const points = outcomes
      .filter((outcome) => outcome.policy === policy)
      .map((outcome) => [x(outcome.bytesStored / 1e6), y(measure.value(outcome))] as const)
      .sort((a, b) => a[0] - b[0])
    if (points.length > 1) parts.push(`<polyline fill="none" stroke="${COLORS[policy]}" stroke-width="1.5" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`)
    for (const [px, py] of points) parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${COLORS[policy]}"><title>${escape(policy)}</title></circle>`)
  }
  return `<g>\n${parts.join('\n')}\n</g>`
}

/** A range with round ends around the values, a little air above and below. */
function niceRange(min: number, max: number): [number, number] {
  const span = Math.max(max - min, Math.abs(max) * 0.05, 1)
  const step = 10 ** Math.floor(Math.log10(span))
  return [Math.max(0, Math.floor((min - span * 0.05) / step) * step), Math.ceil((max + span * 0.05) / step) * step]
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')
}
