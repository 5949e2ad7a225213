import {
  type Clock,
  type EventBus,
  type PaginatedResponse,
  type Person,
  PersonNotFoundError,
  type Relation,
  createPersonRecord,
  paginate,
  parsePersonId,
} from '@cinelayer/core'
import { type TmdbProvider, normalizePerson } from '@cinelayer/providers'
import type { CinelayerStores, PersonPage } from '@cinelayer/storage'
import type { MovieCatalog } from './movie-catalog.js'
import { isUnknownToProvider } from './movie-lookup.js'
import { routePersonId } from './person-lookup.js'

interface DirectoryDeps {
  stores: CinelayerStores
  bus: EventBus
  clock: Clock
  tmdb: TmdbProvider
  movies: MovieCatalog
}

/** One entry of a filmography: the credit, and whether the movie is in the catalog yet. */
export interface FilmographyEntry extends Relation {
  /** Whether the movie is stored (at any level). */
  known: boolean
}

/**
 * People of the catalog: created at `initial` from credits, enriched to `basic` (biography,
 * filmography) on request.
 */
export class PersonDirectory {
  readonly #deps: DirectoryDeps
  readonly #inflight = new Map<string, Promise<Person>>()

  constructor(deps: DirectoryDeps) {
    this.#deps = deps
  }

  /**
   * The person as stored, by any of their ids (`tmdb:287`, `imdb:nm0000093` once the record names
   * it), or `null`. Never calls a provider.
   */
  async peek(id: string): Promise<Person | null> {
    const canonical = await this.#deps.stores.people.resolve(parsePersonId(id).id)
    return canonical ? this.#deps.stores.people.get(canonical) : null
  }

  /** The canonical id of a stored person by any of their ids, or `null`. Never calls a provider. */
  find(id: string): Promise<string | null> {
    return this.#deps.stores.people.resolve(parsePersonId(id).id)
  }

  /**
   * A page of the people of the catalog, by id. A record that cannot be read is skipped (listed in
   * `unreadable`, and announced once by a `RecordUnreadable` event). Never calls a provider.
   */
  async list(options: { page?: number; pageSize?: number } = {}): Promise<PersonPage> {
    const page = await this.#deps.stores.people.list(options)
    for (const problem of page.unreadable) this.#deps.movies.reportUnreadable(problem)
    return page
  }

  /**
   * The person at `level`: `'basic'` fetches biography and filmography once (concurrent calls share
   * it). Any id from outside reaches the same record: `tmdb:287`, `imdb:nm0000093` (an alias once the
   * person's record names it, else TMDB's find); a person not stored is stored only once TMDB answered.
   * @param options.level `'initial'` (as stored) or `'basic'`. Default `'basic'`.
   * @throws InvalidIdError for a malformed id; PersonNotFoundError for an id that names nobody
   *   stored (with `initial`) or known to TMDB.
   */
  async get(id: string, options: { level?: 'initial' | 'basic' } = {}): Promise<Person> {
    const parsed = parsePersonId(id)
    if ((options.level ?? 'basic') === 'initial') {
      const stored = await this.peek(parsed.id)
      if (!stored) throw new PersonNotFoundError(parsed.id)
      return stored
    }
    // Concurrent calls share one lookup and one fetch, by the id asked and by the TMDB id reached.
    return this.#share(`asked:${parsed.id}`, async () => {
      const route = await routePersonId(this.#deps, parsed.id)
      const stored = 'canonical' in route ? await this.#deps.stores.people.get(route.canonical) : null
      if (stored?.level === 'basic') return stored
      const tmdbId = 'unstored' in route ? route.unstored : stored?.ids.tmdb
      if (tmdbId === undefined) throw new PersonNotFoundError(parsed.id, { reason: 'has no TMDB id to fetch more of them' })
      return this.#share(`tmdb:${tmdbId}`, () => this.#enrich(`tmdb:${tmdbId}`, tmdbId, parsed.id))
    })
  }

  #share(key: string, work: () => Promise<Person>): Promise<Person> {
    const pending = this.#inflight.get(key)
    if (pending) return pending
    const promise = work().finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, promise)
    return promise
  }

  /** A page of a person's filmography (enriching the person to `basic` first). */
  async movies(id: string, options: { page?: number; pageSize?: number } = {}): Promise<PaginatedResponse<FilmographyEntry>> {
    const person = await this.get(id)
    const relations = await this.#deps.stores.relations.forPerson(person.id)
    const sorted = [...relations].sort((a, b) => (b.movieYear ?? 0) - (a.movieYear ?? 0) || a.movieId.localeCompare(b.movieId))
    const page = paginate(sorted, options.page, options.pageSize)
    const results = await Promise.all(
      page.results.map(async (relation) => ({ ...relation, known: (await this.#deps.stores.movies.resolve(relation.movieId)) !== null })),
    )
    return { ...page, results }
  }

  async #enrich(id: string, tmdbId: number, asked: string): Promise<Person> {
    const { stores, bus, clock, tmdb } = this.#deps
    const response = await tmdb.person(tmdbId).catch((error: unknown) => {
      if (isUnknownToProvider(error)) throw new PersonNotFoundError(asked, { reason: 'is not in the store and is unknown to TMDB', cause: error })
      throw error
    })
    const normalized = normalizePerson(response)
    let created = false
    const person = await stores.people.update(id, (current) => {
      created = current === null
      const base = current ?? createPersonRecord({ id, name: normalized.person.name }, clock.now())
      return { person: { ...base, ...normalized.person, id, level: 'basic', updatedAt: new Date(clock.now()).toISOString() }, filmography: normalized.relations }
    })
    if (created) bus.publish({ type: 'PersonCreated', payload: { personId: id, name: person!.name, via: 'request' } })
    return person!
  }
}
