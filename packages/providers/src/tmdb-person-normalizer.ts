import type { PersonSeed, Relation } from '@cinelayer/core'
import { compact, externalIdentity, text, yearOf } from './tmdb-fields.js'
import type { TmdbPerson } from './tmdb-schemas.js'

/** A TMDB person turned into cinelayer's shapes. */
export interface NormalizedPerson {
  /** Person record fields, at level `basic` (details known). */
  person: PersonSeed
  /** The filmography as relations (empty unless `movie_credits` was appended). */
  relations: Relation[]
}

/**
 * Normalizes a TMDB person: details, valid IMDb and Wikidata ids, and the movie credits as
 * relations naming each movie's title and year. Blank strings stay absent.
 */
export function normalizePerson(tmdb: TmdbPerson): NormalizedPerson {
  const personId = `tmdb:${tmdb.id}`
  const identity = externalIdentity('person', tmdb.imdb_id, tmdb.external_ids)
  const person: PersonSeed = {
    id: personId,
    name: tmdb.name,
    level: 'basic',
    ids: compact({ tmdb: tmdb.id, imdb: identity.imdb, wikidata: identity.wikidata }),
    ...compact({
      knownForDepartment: text(tmdb.known_for_department),
      biography: text(tmdb.biography),
      birthday: text(tmdb.birthday),
      deathday: text(tmdb.deathday),
      placeOfBirth: text(tmdb.place_of_birth),
      profilePath: text(tmdb.profile_path),
    }),
  }
  const credits = tmdb.movie_credits
  if (!credits) return { person, relations: [] }
  const cast: Relation[] = credits.cast.map((credit) => ({
    personId,
    movieId: `tmdb:${credit.id}`,
    role: 'cast',
    ...compact({ character: text(credit.character), order: credit.order, movieTitle: text(credit.title), movieYear: yearOf(credit.release_date) }),
  }))
  const crew: Relation[] = credits.crew.map((credit) => ({
    personId,
    movieId: `tmdb:${credit.id}`,
    role: 'crew',
    job: credit.job,
    ...compact({ department: text(credit.department), movieTitle: text(credit.title), movieYear: yearOf(credit.release_date) }),
  }))
  return { person, relations: [...cast, ...crew] }
}
