/**
 * Records shaped like real ones, made fast, for the benches that need a large catalog: the
 * records, credits and people of Fight Club as the engine really stores them (replay data
 * enriched through `createMovieEngine` once, at `basic`, `medium` and `deep`), given another id,
 * title and year, and credit lists resized to a count drawn like TMDB's (log-normal: cast median
 * 28, crew median 22, together a median near 50 and a tail past 300, as the fake TMDB server of
 * `@cinelayer/providers/testing` draws them) from a pool of 20,000 people who recur across films.
 * What a movie at a level weighs is then what a real movie of that many credits weighs.
 *
 * Writes are handed to `stores.movies.updateMany`: the stores' own commit path lays out the
 * summary, level entry, credits both ways, people and aliases, exactly as an enrichment does.
 */
import { type LevelSet, type Movie, type MovieStats, type Person, type Relation, createMovieEngine } from 'cinelayer'
import type { MovieWrite } from '@cinelayer/core'
import type { CinelayerStores } from '@cinelayer/storage'
import { creditCounts as fakeCreditCounts, seededRandom as fakeSeededRandom } from '@cinelayer/providers/testing'

/** People credits are drawn from, as on the fake TMDB server. */
export const PERSON_POOL = 20_000

/** Levels the generator makes records at. */
export type GeneratedLevel = 'basic' | 'medium' | 'deep'

/** The real records everything is made from. */
export interface CatalogTemplates {
  levels: LevelSet
  records: Record<GeneratedLevel, Movie>
  cast: Relation[]
  crew: Relation[]
  person: Person
}

/** Enriches Fight Club (replay data) to each level in a memory engine and keeps what it stored. */
export async function loadTemplates(): Promise<CatalogTemplates> {
  const engine = createMovieEngine({ storage: 'memory', data: 'replay', trace: false })
  try {
    const records = {} as Record<GeneratedLevel, Movie>
    for (const level of ['basic', 'medium', 'deep'] as const) records[level] = structuredClone(await engine.movies.get('tmdb:550', { level })) as Movie
    const relations = structuredClone(await engine.stores.relations.forMovie('tmdb:550'))
    const person = structuredClone(await engine.stores.people.get(relations[0]!.personId))
    if (!person) throw new Error('the replay enrichment stored no person')
    return { levels: engine.levels, records, cast: relations.filter((r) => r.role === 'cast'), crew: relations.filter((r) => r.role === 'crew'), person }
  } finally {
    await engine.close()
  }
}

/** The seeded generator of the fake servers (mulberry32) as a function, so that every run makes the same catalog. */
export function seededRandom(seed: number): () => number {
  const random = fakeSeededRandom(seed)
  return () => random.next()
}

/** Cast and crew counts drawn as the fake TMDB server draws them (log-normal, clamped; at least 8 crew). */
export function creditCounts(random: () => number): { cast: number; crew: number } {
  return fakeCreditCounts({ next: random }, { minCrew: 8 })
}

/** What {@link realisticWrite} makes of one movie. */
export interface GeneratedMovie {
  write: MovieWrite
  /** Cast and crew together. */
  credits: number
}

/**
 * Movie `tmdb` at `level` (its facets stamped at `at`), as the engine stores it after enriching
 * it there: the record, and for `medium` and above its credits and the people they name; for
 * `deep`, its IMDb and Wikidata ids as aliases. `credited` forces credits on a record below
 * `medium` (a movie taken down by housekeeping keeps its credits).
 */
export function realisticWrite(templates: CatalogTemplates, tmdb: number, level: GeneratedLevel, at: number, random: () => number, credited = false): GeneratedMovie {
  const iso = new Date(at).toISOString()
  const movieId = `tmdb:${tmdb}`
  const title = `Film ${tmdb}`
  const year = 1950 + (tmdb % 75)
  const template = templates.records[level]
  const movie = structuredClone(template) as Movie & Record<string, unknown>
  movie.id = movieId
  movie.ids = level === 'deep' ? { tmdb, imdb: `tt${String(tmdb).padStart(7, '0')}`, wikidata: `Q${5_000_000 + tmdb}` } : { tmdb }
  Object.assign(movie, { title, year, originalTitle: title, createdAt: iso, updatedAt: iso, facets: Object.fromEntries(Object.entries(template.facets).map(([facet, stamp]) => [facet, { ...stamp, at: iso }])) })
  if (movie.externalIds) movie.externalIds = { ...movie.externalIds, imdb_id: movie.ids.imdb ?? null, wikidata_id: movie.ids.wikidata ?? null }
  if (level === 'basic' && !credited) return { write: { movie }, credits: 0 }

  const counts = creditCounts(random)
  const person = () => `tmdb:${1 + Math.floor(random() * PERSON_POOL)}`
  const cast = Array.from({ length: counts.cast }, (_, order) => ({ ...templates.cast[order % templates.cast.length]!, personId: person(), order }))
  const crew = Array.from({ length: counts.crew }, (_, index) => ({ ...templates.crew[index % templates.crew.length]!, personId: person() }))
  const credits: Relation[] = [...cast, ...crew].map((relation) => ({ ...relation, movieId, movieTitle: title, movieYear: year }))
  if (level !== 'basic') {
    movie.cast = cast.map(({ personId, character, order }, k) => ({ personId, name: nameOf(personId), ...(character === undefined ? {} : { character }), order: order ?? k }))
    movie.crew = crew.map(({ personId, job, department }) => ({ personId, name: nameOf(personId), job: job ?? 'Crew', ...(department === undefined ? {} : { department }) }))
  }
  const people = [...new Set(credits.map((relation) => relation.personId))].map((id) => ({ ...templates.person, id, ids: { tmdb: Number(id.slice(5)) }, name: nameOf(id), createdAt: iso, updatedAt: iso }))
  const aliases = level === 'deep' ? [`imdb:${movie.ids.imdb}`, `wikidata:${movie.ids.wikidata}`] : []
  return { write: { movie, credits, people, ...(aliases.length > 0 ? { aliases } : {}) }, credits: credits.length }
}

function nameOf(personId: string): string {
  return `Person ${personId.slice(5)}`
}

/** One movie to fill: its write and its usage (or none). */
export interface FillEntry {
  write: MovieWrite
  stats: MovieStats | null
}

/**
 * Fills `stores` with movies 1…`count` made by `make`, `batch` movies per commit through
 * `stores.movies.updateMany` (the stores' own layout) and their usage through
 * `stores.stats.updateMany`. Calls `onProgress` every 20,000 movies.
 */
export async function fillCatalog(stores: CinelayerStores, count: number, make: (tmdb: number) => FillEntry, options: { batch?: number; onProgress?: (done: number) => void } = {}): Promise<void> {
  const batch = options.batch ?? 500
  for (let first = 1; first <= count; first += batch) {
    const changes: Array<{ id: string; change: () => MovieWrite }> = []
    const usage = new Map<string, MovieStats>()
    for (let tmdb = first; tmdb < Math.min(first + batch, count + 1); tmdb++) {
      const { write, stats } = make(tmdb)
      changes.push({ id: write.movie!.id, change: () => write })
      if (stats) usage.set(stats.movieId, stats)
    }
    // Outcomes as settled results or as updates (the store contract moves to the latter): a refused change stops the fill.
    const outcomes: unknown[] = await stores.movies.updateMany(changes)
    for (const outcome of outcomes) if ((outcome as PromiseSettledResult<unknown>).status === 'rejected') throw (outcome as PromiseRejectedResult).reason
    if (usage.size > 0) await stores.stats.updateMany([...usage.keys()], (_, movieId) => usage.get(movieId)!)
    const done = Math.min(first + batch - 1, count)
    if (Math.floor(done / 20_000) > Math.floor((first - 1) / 20_000)) options.onProgress?.(done)
  }
}
