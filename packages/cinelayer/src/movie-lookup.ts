import { CinelayerError, type Clock, MovieNotFoundError, type MovieSeed, parseMovieId } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'

/** What TMDB's `find` says of an IMDb id: the movie it names, or `unknown` with why. */
export type ImdbLookup = { found: MovieSeed } | { unknown: string; cause?: unknown }

/**
 * Asks TMDB which movie an IMDb id names (`/3/find/{id}`). "Nothing recorded" (replay) and a 404
 * count as not known; any other failure (network, 5xx) is thrown, since it says nothing about the id.
 */
export async function lookUpImdbId(tmdb: TmdbProvider, imdbId: string): Promise<ImdbLookup> {
  let found: Awaited<ReturnType<TmdbProvider['find']>>
  try {
    found = await tmdb.find(imdbId)
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (error instanceof CinelayerError && (error.code === 'CINELAYER_ERR_REPLAY_MISS' || status === 404)) return { unknown: 'is unknown to TMDB', cause: error }
    throw error
  }
  const movie = found.movie_results[0]
  if (!movie) return { unknown: 'names no movie on TMDB' }
  const year = Number.parseInt(movie.release_date?.slice(0, 4) ?? '', 10)
  return { found: { tmdb: movie.id, ...(movie.title ? { title: movie.title } : {}), ...(Number.isFinite(year) ? { year } : {}) } }
}

/** Where a requested id leads: a stored movie, or a TMDB id not stored yet (created once it is known). */
export type MovieRoute = { canonical: string } | { unstored: MovieSeed }

/**
 * Where an id leads, without writing anything: a stored movie by any of its ids, or, for a `tmdb:`
 * id seen for the first time (or an `imdb:` id TMDB's find names), the seed of a movie to create
 * once a provider has confirmed it exists.
 * @throws MovieNotFoundError when the id names no movie (TMDB's answer, if asked, is the cause)
 */
export async function routeMovieId(deps: { stores: CinelayerStores; tmdb: TmdbProvider }, id: string): Promise<MovieRoute> {
  const parsed = parseMovieId(id)
  const canonical = await deps.stores.movies.resolve(parsed.id)
  if (canonical) return { canonical }
  if (parsed.namespace === 'tmdb') return { unstored: { tmdb: Number(parsed.value) } }
  if (parsed.namespace !== 'imdb') throw new MovieNotFoundError(parsed.id)
  const lookup = await lookUpImdbId(deps.tmdb, parsed.value)
  if ('unknown' in lookup) throw new MovieNotFoundError(parsed.id, { reason: `is not in the store and ${lookup.unknown}`, cause: lookup.cause })
  const found = await deps.stores.movies.resolve(`tmdb:${lookup.found.tmdb}`)
  return found ? { canonical: found } : { unstored: lookup.found }
}

/**
 * The error by which a provider says it does not know the movie (TMDB answered 404, or nothing is
 * recorded for it in replay data), found along `error`'s causes; `null` when the provider failed
 * rather than said so.
 */
export function unknownToProvider(error: unknown): CinelayerError | null {
  for (let current = error, depth = 0; current && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    if (!(current instanceof CinelayerError)) continue
    if (current.code === 'CINELAYER_ERR_REPLAY_MISS') return current
    if (current.code === 'CINELAYER_ERR_PROVIDER_HTTP' && current.details.status === 404) return current
  }
  return null
}

/** Whether an error says the provider does not know the movie (see {@link unknownToProvider}). */
export function isUnknownToProvider(error: unknown): boolean {
  return unknownToProvider(error) !== null
}

/**
 * Whether such an answer is worth remembering: a 404 spared an upstream call; a replay miss cost
 * nothing, and the next try may find a recording added since.
 */
export function worthRemembering(unknown: CinelayerError): boolean {
  return unknown.code !== 'CINELAYER_ERR_REPLAY_MISS'
}

/**
 * Ids a provider said it does not know, remembered for a while (bounded), so that a client asking
 * for random ids neither grows the catalog nor makes one upstream call per request.
 */
export class UnknownIds {
  readonly #until = new Map<string, number>()
  readonly #clock: Clock
  readonly #ttlMs: number

  /** @param ttlMs how long a miss is remembered. */
  constructor(clock: Clock, ttlMs: number, readonly limit = 10_000) {
    this.#clock = clock
    this.#ttlMs = ttlMs
  }

  /** Whether `id` was found unknown less than `ttlMs` ago. */
  has(id: string): boolean {
    const until = this.#until.get(id)
    if (until === undefined) return false
    if (until > this.#clock.now()) return true
    this.#until.delete(id)
    return false
  }

  remember(...ids: string[]): void {
    if (this.#ttlMs <= 0) return
    for (const id of ids) {
      this.#until.delete(id)
      this.#until.set(id, this.#clock.now() + this.#ttlMs)
    }
    while (this.#until.size > this.limit) this.#until.delete(this.#until.keys().next().value!)
  }

  forget(id: string): void {
    this.#until.delete(id)
  }
}
