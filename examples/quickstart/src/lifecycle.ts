import { rm } from 'node:fs/promises'
import { type AnyCinelayerEvent, DAY, type EngineSummary, type ManualClock, type Movie, createManualClock, createMovieEngine } from 'cinelayer'

/** What the lifecycle saw, for the narration and for the end-to-end test. */
export interface LifecycleReport {
  /** Level of the movie after each step, by step name. */
  levels: Record<string, string>
  events: AnyCinelayerEvent[]
  summary: EngineSummary
  /** Movie created from the filmography click. */
  relatedMovie: Movie
}

/** Options of {@link runLifecycle}. */
export interface LifecycleOptions {
  /** Data folder of the embedded SQLite store; emptied first. Default `./.cinelayer`. */
  dataDir?: string
  /** Receives each narration line. Default: nothing. */
  say?: (line: string) => void
  clock?: ManualClock
}

const VIDEO = 'incoming/Fight.Club.1999.1080p.BluRay.x264.mkv'

/**
 * Runs the lifecycle of the design on the embedded SQLite store with replay data: a file appears, the
 * movie is created, opened, enriched level by level, used, forgotten for 200 days, downgraded,
 * asked for again and re-enriched; a click in an actor's filmography creates an unknown movie.
 */
export async function runLifecycle(options: LifecycleOptions = {}): Promise<LifecycleReport> {
  const say = options.say ?? (() => {})
  const dataDir = options.dataDir ?? '.cinelayer'
  const clock = options.clock ?? createManualClock(new Date('2026-11-21T09:00:00Z'))
  await rm(dataDir, { recursive: true, force: true })
  const engine = createMovieEngine({ dataDir, data: 'replay', clock })
  const events: AnyCinelayerEvent[] = []
  // A credits jump creates hundreds of people: the narration shows the first few and a count.
  let peopleInRun = 0
  engine.bus.onAny((event) => {
    events.push(event)
    if (event.type === 'PersonCreated' && ++peopleInRun > 3) return
    if (event.type === 'EnrichmentCompleted' && peopleInRun > 3) say(`    ↳ ${''.padEnd(12)} … and ${peopleInRun - 3} more people created`)
    if (event.type === 'EnrichmentCompleted' || event.type === 'EnrichmentFailed') peopleInRun = 0
    say(`    ↳ ${event.category.padEnd(12)} ${event.type.padEnd(22)} ${describe(event)}`)
  })
  const levels: Record<string, string> = {}
  const step = (title: string) => say(`\n▸ ${title}`)
  try {
    step(`A video file appears: ${VIDEO} (parsed as "Fight Club", 1999)`)
    engine.bus.publish({ type: 'VideoFileDetected', payload: { path: VIDEO, title: 'Fight Club', year: 1999 } })
    await engine.bus.settled()
    const created = await engine.movies.peek('tmdb:550')
    levels.created = created!.level
    say(`  movie ${created!.id} "${created!.title}" (${created!.year}) is at "${created!.level}"`)

    step('Someone opens the movie page → it needs "basic"')
    let movie = await engine.movies.get('tmdb:550', { level: 'basic' })
    engine.bus.publish({ type: 'MovieViewed', payload: { movieId: movie.id } })
    levels.opened = movie.level
    say(`  "${movie.title}": ${movie.runtime} min, released ${movie.releaseDate}, tagline "${movie.tagline}"`)

    step('The cast tab is opened → "medium"')
    movie = await engine.movies.get('tmdb:550', { level: 'medium' })
    levels.cast = movie.level
    say(`  ${movie.cast?.length} cast credits, ${movie.crew?.length} crew credits; genres ${movie.genres?.map((g) => g.name).join(', ')}`)

    step('The full details are opened → "deep"')
    movie = await engine.movies.get('tmdb:550', { level: 'deep' })
    engine.bus.publish({ type: 'PlaybackStarted', payload: { movieId: movie.id, source: 'demo' } })
    levels.deep = movie.level
    say(`  ${movie.keywords?.length} keywords, ${movie.images?.backdrops.length} backdrops, IMDb id ${movie.ids.imdb}, Wikidata ${movie.ids.wikidata}`)
    say(`  IMDb ${movie.imdbRating?.rating}/10 (${movie.imdbRating?.votes} votes); Wikipedia (${movie.wikipedia?.language}): "${movie.wikipedia?.summary.split('. ')[0]}."`)

    step('Read again at "basic": answered from the store, no provider call')
    const before = (await engine.summary()).providerCalls.tmdb ?? 0
    await engine.movies.get('tmdb:550', { level: 'basic' })
    say(`  TMDB calls before ${before}, after ${(await engine.summary()).providerCalls.tmdb ?? 0}`)

    await engine.bus.settled()
    const stats = await engine.stats.get('tmdb:550')
    step('Stats')
    say(`  requests ${stats.requests}, views ${stats.views}, plays ${stats.plays}, last access ${stats.lastAccess}`)

    step('The clock moves 200 days; nobody opens the movie')
    clock.advance(200 * DAY)
    const { plan } = await engine.housekeeping.run({ dryRun: true })
    for (const change of plan.changes) {
      say(`  plan: ${change.movieId} ${change.from} → ${change.to}, frees ${change.bytesFreed} bytes (${change.reasons.map((r) => r.reason).join('; ')})`)
    }
    step('Housekeeping applies the plan')
    await engine.housekeeping.apply(plan)
    levels.downgraded = (await engine.movies.peek('tmdb:550'))!.level

    step('The movie is asked for again, with its full details → re-enriched on its own')
    movie = await engine.movies.get('tmdb:550', { level: 'deep' })
    levels.reenriched = movie.level

    step("A click in Brad Pitt's filmography")
    const filmography = await engine.people.movies('tmdb:287', { pageSize: 50 })
    const unknown = filmography.results.find((entry) => !entry.known && entry.movieTitle)!
    say(`  ${filmography.totalResults} credits; "${unknown.movieTitle}" (${unknown.movieYear ?? '?'}) is not in the catalog yet`)
    engine.bus.publish({
      type: 'RelatedMovieRequested',
      payload: { personId: 'tmdb:287', movie: { tmdb: Number(unknown.movieId.slice('tmdb:'.length)), title: unknown.movieTitle!, ...(unknown.movieYear ? { year: unknown.movieYear } : {}) } },
    })
    await engine.bus.settled()
    const relatedMovie = (await engine.movies.peek(unknown.movieId))!

    await engine.bus.settled()
    const summary = await engine.summary()
    step('Summary')
    say(`  movies per level: ${Object.entries(summary.moviesPerLevel).map(([level, count]) => `${level} ${count}`).join(', ')}`)
    say(`  people: ${summary.people}, bytes stored: ${summary.bytesStored}`)
    say(`  provider calls: ${Object.entries(summary.providerCalls).map(([source, count]) => `${source} ${count}`).join(', ')}`)
    return { levels, events, summary, relatedMovie }
  } finally {
    await engine.close()
  }
}

function describe(event: AnyCinelayerEvent): string {
  const p = event.payload as Record<string, unknown>
  switch (event.type) {
    case 'EnrichmentRequested':
      return `${event.payload.movieId} ${event.payload.from} → ${event.payload.to} [${event.payload.facets.join(', ')}]`
    case 'EnrichmentCompleted':
      return `${event.payload.movieId} → ${event.payload.to} (${Object.entries(event.payload.calls).map(([k, v]) => `${k} ×${v}`).join(', ')})`
    case 'MovieDowngraded':
      return `${event.payload.movieId} ${event.payload.from} → ${event.payload.to}, −${event.payload.bytesFreed} bytes`
    case 'PersonCreated':
      return `${event.payload.personId} ${event.payload.name}`
    default:
      return Object.entries(p)
        .filter(([, value]) => typeof value !== 'object')
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' ')
  }
}
