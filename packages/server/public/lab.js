// The lab page: plain browser JavaScript against the server's own API, no build step.
import { colorOf, drawPlots } from './lab-plots.js'

const KEPT_EVENTS = 2000
const SHOWN_EVENTS = 200
const CATEGORIES = ['ui', 'fs', 'schedule', 'cli', 'webhook', 'engine', 'housekeeping']
const $ = (id) => document.getElementById(id)

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function element(tag, text, className) {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (className) node.className = className
  return node
}

// The API key (CINELAYER_API_KEY) the server asks for, when it asks: typed once, kept for this tab only.
const KEY_STORAGE = 'cinelayer-api-key'

/** fetch with the API key when one was given; on a 401, asks for it once and tries again. */
async function api(url, init = {}) {
  const send = () => {
    const key = sessionStorage.getItem(KEY_STORAGE)
    return fetch(url, { ...init, headers: { ...init.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) } })
  }
  const response = await send()
  if (response.status !== 401) return response
  const key = window.prompt('This server asks for its API key (CINELAYER_API_KEY):')
  if (!key) return response
  sessionStorage.setItem(KEY_STORAGE, key.trim())
  $('api-key').value = key.trim()
  return send()
}

function row(cells) {
  const tr = document.createElement('tr')
  for (const [text, className] of cells) tr.append(element('td', text, className))
  return tr
}

async function refreshStats() {
  const response = await api('/stats')
  if (!response.ok) return
  const stats = await response.json()
  $('levels').replaceChildren(...stats.levels.map((level) => row([[level], [String(stats.moviesPerLevel[level] ?? 0), 'count']])))
  $('movies').textContent = String(stats.movies)
  $('people').textContent = String(stats.people)
  $('bytes').textContent = formatBytes(stats.bytesStored)
  const calls = Object.entries(stats.providerCalls)
  $('calls').replaceChildren(...(calls.length === 0 ? ['none yet'] : calls.map(([source, count]) => `${source}: ${count}`)).map((text) => element('li', text)))
  const select = $('ask-level')
  if (select.options.length === 0) {
    for (const level of stats.levels) select.append(new Option(level, level, level === 'basic', level === 'basic'))
  }
}

async function refreshMetrics() {
  const response = await api('/lab/metrics')
  if (!response.ok) return
  const metrics = await response.json()
  drawPlots(metrics)
  const { served, total } = metrics.requests
  $('served').textContent = total === 0 ? 'no request yet' : `${Math.round((100 * served) / total)}% of ${total} requests`
  $('latency').replaceChildren(
    ...metrics.latency.map((jump, index) => {
      const tr = row([[jump.jump], [String(jump.count), 'count'], [`${jump.p50} ms`, 'count'], [`${jump.p95} ms`, 'count']])
      tr.firstElementChild.style.borderLeft = `0.6rem solid ${colorOf(index)}`
      return tr
    }),
  )
}

// Many events arrive in a burst (one enrichment publishes several): refresh once after the burst,
// and the plots at most every two seconds while a simulation keeps the bus busy.
let statsTimer
let metricsTimer
let metricsDue = 0
function refreshSoon() {
  clearTimeout(statsTimer)
  statsTimer = setTimeout(() => void refreshStats(), 150)
  if (metricsTimer) return
  const wait = Math.max(150, metricsDue - Date.now())
  metricsTimer = setTimeout(() => {
    metricsTimer = undefined
    metricsDue = Date.now() + 2000
    void refreshMetrics()
  }, wait)
}

// ---- events: history on open, then live; filters; detail with the correlated events ----

const events = []
const eventIds = new Set()
const types = new Set()
let selectedId

function describe(event) {
  const payload = event.payload ?? {}
  const subject = payload.movieId ?? payload.personId ?? payload.query ?? payload.path ?? payload.job ?? ''
  if (event.type === 'EnrichmentCompleted' || event.type === 'MovieDowngraded') return `${subject} ${payload.from} → ${payload.to}`
  if (event.type === 'HousekeepingCompleted') return `dry run: ${payload.dryRun}, ${payload.downgraded} of ${payload.examined}`
  return String(subject)
}

function addEvent(event) {
  if (eventIds.has(event.id)) return false
  eventIds.add(event.id)
  events.push(event)
  if (events.length > KEPT_EVENTS) eventIds.delete(events.shift().id)
  if (!types.has(event.type)) {
    types.add(event.type)
    const select = $('filter-type')
    const options = [...types].sort().map((type) => new Option(type, type, false, type === select.value))
    select.replaceChildren(new Option('all', ''), ...options)
  }
  return true
}

function eventItem(event) {
  const li = element('li')
  li.dataset.type = event.type
  li.dataset.id = event.id
  li.tabIndex = 0
  if (event.id === selectedId) li.classList.add('selected')
  li.append(element('span', `${new Date(event.at).toLocaleTimeString()} `), element('span', event.category, 'category'), element('span', event.type, 'type'), element('span', ` ${describe(event)}`))
  return li
}

function renderEvents() {
  const category = $('filter-category').value
  const type = $('filter-type').value
  const shown = events.filter((event) => (!category || event.category === category) && (!type || event.type === type))
  $('events').replaceChildren(...shown.slice(-SHOWN_EVENTS).reverse().map(eventItem))
  $('event-count').textContent = `${shown.length} of ${events.length} events`
}

// A simulation publishes hundreds of events a second: the list is drawn at most four times a second.
let renderTimer
function renderSoon() {
  renderTimer ??= setTimeout(() => {
    renderTimer = undefined
    renderEvents()
  }, 250)
}

async function showDetail(id) {
  const event = events.find((candidate) => candidate.id === id)
  if (!event) return
  selectedId = id
  for (const li of $('events').children) li.classList.toggle('selected', li.dataset.id === id)
  const detail = $('event-detail')
  const correlation = event.correlationId ?? event.id
  const payload = element('pre', JSON.stringify(event.payload, null, 2), 'payload')
  const title = element('h3', `${event.type} (${event.category})`)
  const meta = element('p', `${event.at} · id ${event.id} · correlation ${correlation}`, 'hint')
  const movieId = event.payload?.movieId
  const open = movieId ? element('button', `Timeline of ${movieId}`) : undefined
  open?.addEventListener('click', () => void showTimeline(movieId))
  const related = element('ol', undefined, 'related')
  related.dataset.testid = 'correlated'
  detail.replaceChildren(title, meta, payload, ...(open ? [open] : []), element('h4', 'Same correlation'), related)
  const response = await api(`/lab/events?limit=2000&correlationId=${encodeURIComponent(correlation)}`)
  if (!response.ok) return
  const body = await response.json()
  related.replaceChildren(...groupRuns(body.events).map((run) => correlatedItem(run, id)))
}

/** Consecutive events of one type (the people an enrichment creates) as one run. */
function groupRuns(list) {
  const runs = []
  for (const event of list) {
    const last = runs.at(-1)
    if (last && last[0].type === event.type) last.push(event)
    else runs.push([event])
  }
  return runs
}

function correlatedItem(run, selected) {
  const [first] = run
  const time = new Date(first.at).toLocaleTimeString()
  if (run.length > 3) return element('li', `${time} ${first.type} × ${run.length}`)
  const li = element('li', undefined, run.some((event) => event.id === selected) ? 'selected' : '')
  li.textContent = run.map((event) => `${time} ${event.type} ${describe(event)}`).join('\n')
  return li
}

async function loadHistory() {
  const response = await api('/lab/events?limit=500')
  if (!response.ok) return
  const body = await response.json()
  // Live events that came while the history loaded are kept: merged by id, ordered by time.
  const live = events.splice(0)
  eventIds.clear()
  for (const event of [...body.events, ...live]) addEvent(event)
  renderEvents()
}

function connectEvents() {
  const source = new EventSource('/events')
  source.onopen = () => ($('stream-state').textContent = 'live')
  source.onerror = () => ($('stream-state').textContent = 'reconnecting…')
  source.onmessage = (message) => {
    if (addEvent(JSON.parse(message.data))) renderSoon()
    refreshSoon()
  }
}

// ---- asking for a movie, its timeline ----

async function askForMovie(submit) {
  submit.preventDefault()
  const id = $('ask-id').value.trim()
  const level = $('ask-level').value
  const result = $('ask-result')
  result.className = ''
  result.textContent = `asking for ${id} at ${level}…`
  const response = await api(`/movies/${encodeURIComponent(id)}?level=${encodeURIComponent(level)}`)
  const body = await response.json()
  if (response.ok) result.textContent = `${body.title ?? body.id} (${body.year ?? '?'}) is at ${body.level}`
  else {
    result.className = 'error'
    result.textContent = `${response.status}: ${body.message}`
  }
}

let timelineOf
async function showTimeline(id) {
  timelineOf = id
  const state = $('timeline-state')
  $('timeline-movie').textContent = id
  state.className = 'hint'
  state.textContent = 'loading…'
  const changes = $('timeline-changes').checked
  const response = await api(`/lab/movies/${encodeURIComponent(id)}/timeline?limit=2000&changes=${changes}`)
  const body = await response.json()
  if (!response.ok) {
    state.className = 'error'
    state.textContent = `${response.status}: ${body.message}`
    $('timeline').replaceChildren()
    return
  }
  $('timeline-movie').textContent = body.title ? `${body.title} (${body.movieId})` : body.movieId
  state.textContent = `${body.entries.length} steps; level now: ${body.level ?? 'not stored'}`
  $('timeline').replaceChildren(
    ...body.entries.map((entry) => {
      const li = element('li', undefined, `step ${entry.kind}`)
      li.dataset.kind = entry.kind
      li.append(element('time', new Date(entry.at).toLocaleString()), element('span', entry.kind, 'kind'), element('span', entry.summary))
      return li
    }),
  )
  $('timeline').scrollIntoView({ block: 'nearest' })
}

// ---- housekeeping ----

async function housekeeping(dryRun) {
  const plan = $('plan')
  plan.className = ''
  plan.textContent = dryRun ? 'planning…' : 'applying…'
  const response = await api('/housekeeping', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dryRun }) })
  const body = await response.json()
  if (!response.ok) {
    plan.className = 'error'
    plan.textContent = `${response.status}: ${body.message}`
    return
  }
  const { examined, changes, totals } = body.plan
  plan.textContent = body.report
    ? `Applied: ${body.report.totals.downgraded} downgraded, ${body.report.totals.skipped} skipped, ${body.report.totals.failed} failed, ${formatBytes(body.report.totals.bytesFreed)} freed (${examined} examined).`
    : `Dry run: ${examined} movies examined, ${changes.length} downgrades planned, ${formatBytes(totals.bytesFreed)} would be freed.`
  $('plan-changes').replaceChildren(
    ...changes.map((change) => {
      const tr = row([[change.movieId, 'movie'], [`${change.from} → ${change.to}`], [formatBytes(change.bytesFreed), 'count'], [change.score.toFixed(2), 'count'], ['']])
      const rules = tr.lastElementChild
      rules.replaceChildren(...change.reasons.map((reason) => element('div', `${reason.rule}: ${reason.reason}`)))
      return tr
    }),
  )
  $('plan-changes').closest('table').hidden = changes.length === 0
}

// ---- wiring ----

for (const category of CATEGORIES) $('filter-category').append(new Option(category, category))
$('filter-category').addEventListener('change', renderEvents)
$('filter-type').addEventListener('change', renderEvents)
$('events').addEventListener('click', (click) => {
  const li = click.target.closest('li')
  if (li) void showDetail(li.dataset.id)
})
$('events').addEventListener('keydown', (key) => {
  if (key.key === 'Enter' && key.target.dataset.id) void showDetail(key.target.dataset.id)
})
$('api-key').value = sessionStorage.getItem(KEY_STORAGE) ?? ''
$('api-key').addEventListener('change', () => {
  const key = $('api-key').value.trim()
  if (key) sessionStorage.setItem(KEY_STORAGE, key)
  else sessionStorage.removeItem(KEY_STORAGE)
})
$('timeline-changes').addEventListener('change', () => {
  if (timelineOf) void showTimeline(timelineOf)
})
$('ask').addEventListener('submit', (event) => void askForMovie(event))
$('show-timeline').addEventListener('click', () => void showTimeline($('ask-id').value.trim()))
$('dry-run').addEventListener('click', () => void housekeeping(true))
$('apply').addEventListener('click', () => {
  if (window.confirm('Apply the housekeeping plan now? Movies nobody uses lose their richer levels.')) void housekeeping(false)
})
connectEvents()
void loadHistory()
void refreshStats()
void refreshMetrics()
