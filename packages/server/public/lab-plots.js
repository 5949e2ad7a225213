// The lab's plots, drawn by uPlot (served by the server from its installed package as /vendor/uplot.js).
const uPlot = globalThis.uPlot
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563', '#db2777']
const plots = new Map()

function size(container) {
  return { width: Math.max(240, container.clientWidth || 320), height: 180 }
}

/** One line per series; `dash` for a lighter second line of the same color. */
function seriesOptions(labels) {
  return labels.map(({ label, color, dash, scale }) => ({ label, stroke: color, width: 1.5, spanGaps: false, ...(dash ? { dash: [4, 4] } : {}), ...(scale ? { scale } : {}) }))
}

/**
 * Draws (or updates) one plot. uPlot keeps its canvas: a plot is created again only when its
 * series change (a new level, a new source), otherwise its data is replaced in place.
 */
function plot(id, labels, data, axes = {}) {
  const container = document.getElementById(id)
  const key = labels.map((entry) => entry.label).join('|')
  const existing = plots.get(id)
  if (existing && existing.key === key) {
    existing.chart.setData(data)
    return
  }
  existing?.chart.destroy()
  const options = {
    ...size(container),
    legend: { live: false, show: axes.legend !== false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, ...(axes.scales ?? {}) },
    axes: [{}, { size: 56, ...(axes.y ?? {}) }, ...(axes.more ?? [])],
    series: [{}, ...seriesOptions(labels)],
  }
  const chart = new uPlot(options, data, container)
  container.dataset.points = String(data[0].length)
  plots.set(id, { key, chart })
}

const seconds = (times) => times.map((time) => time / 1000)

/** The colour of the `index`-th series (a level, a source, a level jump). */
export const colorOf = (index) => COLORS[index % COLORS.length]

/** Draws every plot from a `GET /lab/metrics` answer. */
export function drawPlots(metrics) {
  if (!uPlot) return
  const x = seconds(metrics.buckets)
  const levels = Object.keys(metrics.levels)
  plot(
    'plot-levels',
    levels.map((label, index) => ({ label, color: COLORS[index % COLORS.length] })),
    [x, ...levels.map((level) => metrics.levels[level])],
  )

  // Per minute of the engine's clock; per hour when a bucket is an hour or more (a simulation's days).
  const hourly = metrics.bucketMs >= 60 * 60 * 1000
  const rate = hourly ? 60 : 1
  document.getElementById('providers-caption').textContent = `Provider calls per ${hourly ? 'hour' : 'minute'} (429s, failures dashed)`
  const sources = Object.keys(metrics.providers).sort()
  const providerLabels = []
  const providerData = [x]
  for (const [index, source] of sources.entries()) {
    const color = COLORS[index % COLORS.length]
    const series = metrics.providers[source]
    providerLabels.push({ label: `${source} calls`, color }, { label: `${source} 429`, color: '#dc2626', dash: true }, { label: `${source} failed`, color: '#4b5563', dash: true })
    providerData.push(...[series.calls, series.throttled, series.failed].map((values) => values.map((value) => value * rate)))
  }
  if (sources.length === 0) {
    providerLabels.push({ label: 'calls', color: COLORS[0] })
    providerData.push(x.map(() => 0))
  }
  plot('plot-providers', providerLabels, providerData)

  const latencyLabels = []
  const latencyData = [x]
  for (const [index, jump] of metrics.latency.entries()) {
    const color = COLORS[index % COLORS.length]
    latencyLabels.push({ label: `${jump.jump} p50`, color }, { label: `${jump.jump} p95`, color, dash: true })
    latencyData.push(jump.p50Series, jump.p95Series)
  }
  if (latencyLabels.length === 0) {
    latencyLabels.push({ label: 'no enrichment yet', color: COLORS[0] })
    latencyData.push(x.map(() => null))
  }
  // Many jumps make a long legend: the table below gives each jump's colour instead.
  plot('plot-latency', latencyLabels, latencyData, { legend: false })

  plot(
    'plot-served',
    [
      { label: 'served from the store (%)', color: COLORS[1] },
      { label: 'requests', color: COLORS[6], dash: true, scale: 'count' },
    ],
    [x, metrics.requests.servedShare.map((share) => (share === null ? null : Math.round(share * 1000) / 10)), metrics.requests.perBucket],
    { scales: { y: { range: [0, 100] } }, more: [{ scale: 'count', side: 1, grid: { show: false } }] },
  )

  const bytesX = metrics.bytes.at.length > 0 ? seconds(metrics.bytes.at) : [metrics.to / 1000]
  const kib = (values) => (values.length > 0 ? values.map((bytes) => Math.round(bytes / 102.4) / 10) : [0])
  plot(
    'plot-bytes',
    [
      { label: 'records (KiB)', color: COLORS[0] },
      { label: 'images (KiB)', color: COLORS[2] },
    ],
    [bytesX, kib(metrics.bytes.records), kib(metrics.bytes.images)],
  )
  const range = document.getElementById('plot-range')
  range.textContent = `${new Date(metrics.from).toLocaleString()} – ${new Date(metrics.to).toLocaleString()}, buckets of ${Math.round(metrics.bucketMs / 60000)} min (engine clock)`
}
