import { CinelayerError, PersonNotFoundError, parsePersonId } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { CinelayerStores } from '@cinelayer/storage'
import { isUnknownToProvider } from './movie-lookup.js'

/** Where a person id leads: a stored person, or a TMDB person not stored yet (fetched, then stored). */
export type PersonRoute = { canonical: string } | { unstored: number }

/**
 * Where a person id from outside leads, without writing anything: a stored person by any of their
 * ids (`imdb:nm…` once the person's record names it), else, for a `tmdb:` id, that TMDB person, and
 * for an `imdb:` id the person TMDB's find names (`/3/find/nm…`).
 * @throws PersonNotFoundError when the id names nobody (TMDB's answer, if asked, is the cause)
 */
export async function routePersonId(deps: { stores: CinelayerStores; tmdb: TmdbProvider }, id: string): Promise<PersonRoute> {
  const parsed = parsePersonId(id)
  const canonical = await deps.stores.people.resolve(parsed.id)
  if (canonical) return { canonical }
  if (parsed.namespace === 'tmdb') return { unstored: Number(parsed.value) }
  if (parsed.namespace !== 'imdb') throw new PersonNotFoundError(parsed.id)
  const tmdbId = await lookUpImdbPerson(deps.tmdb, parsed.id, parsed.value)
  const found = await deps.stores.people.resolve(`tmdb:${tmdbId}`)
  return found ? { canonical: found } : { unstored: tmdbId }
}

/**
 * The TMDB person an IMDb name id (`nm0000093`) names, by TMDB's find. "Nothing recorded" (replay)
 * and a 404 say the id is unknown; any other failure (network, 5xx) is thrown as it is.
 */
async function lookUpImdbPerson(tmdb: TmdbProvider, personId: string, imdbId: string): Promise<number> {
  let found: Awaited<ReturnType<TmdbProvider['find']>>
  try {
    found = await tmdb.find(imdbId)
  } catch (error) {
    if (error instanceof CinelayerError && isUnknownToProvider(error)) throw new PersonNotFoundError(personId, { reason: 'is not in the store and is unknown to TMDB', cause: error })
    throw error
  }
  const person = found.person_results?.[0]
  if (!person) throw new PersonNotFoundError(personId, { reason: 'is not in the store and names nobody on TMDB' })
  return person.id
}
