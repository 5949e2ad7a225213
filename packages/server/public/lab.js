// The lab page: plain browser JavaScript against the server's own API, no build step.
const MAX_EVENTS = 50
const $ = (id) => document.getElementById(id)

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
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
  return send()
}

function row(cells) {
  const tr = document.createElement('tr')
  for (const [text, className] of cells) {
    const td = document.createElement('td')
    td.textContent = text
    if (className) td.className = className
    tr.append(td)
  }
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
  $('calls').replaceChildren(
    ...(calls.length === 0 ? [['none yet']] : calls.map(([source, count]) => [`${source}: ${count}`])).map(([text]) => {
      const li = document.createElement('li')
      li.textContent = text
      return li
    }),
  )
  const select = $('ask-level')
  if (select.options.length === 0) {
    for (const level of stats.levels) select.append(new Option(level, level, level === 'basic', level === 'basic'))
  }
}

// Many events arrive in a burst (one enrichment publishes several): refresh once after the burst.
let refreshTimer
function refreshSoon() {
  clearTimeout(refreshTimer)
  refreshTimer = setTimeout(() => void refreshStats(), 150)
}

function describe(event) {
  const payload = event.payload ?? {}
  const subject = payload.movieId ?? payload.personId ?? payload.query ?? payload.path ?? ''
  if (event.type === 'EnrichmentCompleted') return `${subject} ${payload.from} → ${payload.to}`
  if (event.type === 'MovieDowngraded') return `${subject} ${payload.from} → ${payload.to}`
  if (event.type === 'HousekeepingCompleted') return `dry run: ${payload.dryRun}, ${payload.downgraded} of ${payload.examined}`
  return String(subject)
}

function showEvent(event) {
  const li = document.createElement('li')
  li.dataset.type = event.type
  const time = new Date(event.at).toLocaleTimeString()
  for (const [text, className] of [[`${time} `], [event.category, 'category'], [event.type, 'type'], [` ${describe(event)}`]]) {
    const span = document.createElement('span')
    span.textContent = text
    if (className) span.className = className
    li.append(span)
  }
  const list = $('events')
  list.prepend(li)
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove()
}

function connectEvents() {
  const source = new EventSource('/events')
  source.onopen = () => ($('stream-state').textContent = 'live')
  source.onerror = () => ($('stream-state').textContent = 'reconnecting…')
  source.onmessage = (message) => {
    showEvent(JSON.parse(message.data))
    refreshSoon()
  }
}

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

async function dryRun() {
  const plan = $('plan')
  plan.className = ''
  plan.textContent = 'planning…'
  const response = await api('/housekeeping', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dryRun":true}' })
  const body = await response.json()
  if (!response.ok) {
    plan.className = 'error'
    plan.textContent = `${response.status}: ${body.message}`
    return
  }
  const { examined, changes, totals } = body.plan
  plan.textContent = `Dry run: ${examined} movies examined, ${changes.length} downgrades planned, ${formatBytes(totals.bytesFreed)} would be freed.`
  $('plan-changes').replaceChildren(
    ...changes.map((change) => {
      const li = document.createElement('li')
      li.textContent = `${change.movieId}: ${change.from} → ${change.to} (${change.reasons.map((reason) => reason.reason).join('; ')})`
      return li
    }),
  )
}

$('ask').addEventListener('submit', (event) => void askForMovie(event))
$('dry-run').addEventListener('click', () => void dryRun())
connectEvents()
void refreshStats()
