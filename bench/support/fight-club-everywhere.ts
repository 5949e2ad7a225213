/**
 * Recorded-shaped upstream answers for any movie: Fight Club's replay entries (TMDB with credits,
 * external ids, images and keywords; Wikidata sitelinks; the Wikipedia summary; OMDb) with the ids
 * swapped, so that every movie has its own IMDb and Wikidata ids, and credit lists resized to a
 * count drawn like TMDB's (log-normal, median near 50, a tail past 300) from a shared pool of
 * people (people recur across films). Every call is counted, per source.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CinelayerError, type DataProvider, type DataRequest, type ReplayEntry, defaultReplayDir } from 'cinelayer'
import { PERSON_POOL, creditCounts, seededRandom } from './realistic-catalog.js'

const PEOPLE = PERSON_POOL

/** Fight Club's replay entries, answered for any movie with its ids swapped; counts every call. */
export class FightClubEverywhere implements DataProvider {
  readonly name = 'fight-club-everywhere'
  readonly #counters: Record<string, number> = {}
  constructor(readonly entries: { movie: Record<string, unknown>; wikidata: Record<string, unknown>; summary: Record<string, unknown>; omdb: Record<string, unknown> }) {}

  get counters(): Readonly<Record<string, number>> {
    return { ...this.#counters }
  }

  get total(): number {
    return Object.values(this.#counters).reduce((sum, count) => sum + count, 0)
  }

  async request<T>(request: DataRequest): Promise<T> {
    this.#counters[request.source] = (this.#counters[request.source] ?? 0) + 1
    const body = this.#answer(request)
    if (body === undefined) throw new CinelayerError('CINELAYER_ERR_REPLAY_MISS', `fight-club-everywhere: nothing answers ${request.source} ${request.path}`)
    return body as T
  }

  #answer({ source, path, query = {} }: DataRequest): unknown {
    if (source === 'tmdb') {
      const id = Number(/^\/3\/movie\/(\d+)$/.exec(path)?.[1])
      return Number.isInteger(id) ? movieBody(this.entries.movie, id) : undefined
    }
    if (source === 'wikidata') {
      const qid = String(query.ids)
      const id = Number(qid.slice(1)) - 1_000_000
      return { entities: { [qid]: { type: 'item', id: qid, sitelinks: { enwiki: { site: 'enwiki', title: `Film ${id}`, badges: [] } } } }, success: 1 }
    }
    if (source === 'wikipedia') {
      const id = Number(/Film_(\d+)$/.exec(path)?.[1])
      if (!Number.isInteger(id)) return undefined
      const title = `Film ${id}`
      const canonical = `Film_${id}`
      return { ...this.entries.summary, title, displaytitle: title, wikibase_item: `Q${1_000_000 + id}`, titles: { canonical, normalized: title, display: title } }
    }
    if (source === 'omdb') return { ...this.entries.omdb, imdbID: String(query.i) }
    return undefined
  }
}

function imdbOf(id: number): string {
  return `tt${String(id).padStart(7, '0')}`
}

function movieBody(recorded: Record<string, unknown>, id: number): unknown {
  const body = structuredClone(recorded) as Record<string, any>
  body.id = id
  body.title = `Film ${id}`
  body.imdb_id = imdbOf(id)
  if (body.external_ids) body.external_ids = { ...body.external_ids, imdb_id: imdbOf(id), wikidata_id: `Q${1_000_000 + id}` }
  if (body.credits) {
    // As many credits as TMDB gives a film (log-normal, median near 50), people recurring across
    // films: each film draws them from a shared pool.
    const random = seededRandom(id)
    const counts = creditCounts(random)
    const person = () => 1 + Math.floor(random() * PEOPLE)
    const resize = (list: object[], length: number) => Array.from({ length }, (_, k) => ({ ...list[k % list.length], id: person(), credit_id: `fc${id}-${k}` }))
    body.credits.cast = resize(body.credits.cast, counts.cast).map((credit, order) => ({ ...credit, order }))
    body.credits.crew = resize(body.credits.crew, counts.crew)
  }
  return body
}

/** The four recorded bodies the answers are made from, from the dataset shipped with `@cinelayer/providers`. */
export async function loadFightClubEntries() {
  const read = async (path: string) => (JSON.parse(await readFile(join(defaultReplayDir, path), 'utf8')) as ReplayEntry).response.body as Record<string, unknown>
  return { movie: await read('tmdb/movie/550.json'), wikidata: await read('wikidata/Q190050.json'), summary: await read('wikipedia/en/Fight_Club.json'), omdb: await read('omdb/tt0137523.json') }
}
