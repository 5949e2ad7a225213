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
import type { CinelayerStores } from '@cinelayer/storage'
import type { MovieCatalog } from './movie-catalog.js'

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

  /** The person as stored, or `null` (never calls a provider). */
  peek(id: string): Promise<Person | null> {
    return this.#deps.stores.people.get(parsePersonId(id).id)
  }

  /**
   * The person at `level`: `'basic'` fetches biography and filmography once (concurrent calls share it).
   * @param options.level `'initial'` (as stored) or `'basic'`. Default `'basic'`.
   * @throws PersonNotFoundError for an unknown non-TMDB id.
   */
  async get(id: string, options: { level?: 'initial' | 'basic' } = {}): Promise<Person> {
    const parsed = parsePersonId(id)
    const stored = await this.#deps.stores.people.get(parsed.id)
    if ((options.level ?? 'basic') === 'initial' || stored?.level === 'basic') {
      if (!stored) throw new PersonNotFoundError(parsed.id)
      return stored
    }
    if (parsed.namespace !== 'tmdb') throw new PersonNotFoundError(parsed.id)
    const pending = this.#inflight.get(parsed.id)
    if (pending) return pending
    const promise = this.#enrich(parsed.id, Number(parsed.value)).finally(() => this.#inflight.delete(parsed.id))
    this.#inflight.set(parsed.id, promise)
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

  async #enrich(id: string, tmdbId: number): Promise<Person> {
    const { stores, bus, clock, tmdb } = this.#deps
    const response = await tmdb.person(tmdbId)
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
