import { LevelSet, type Movie, type MovieStats, type Person, type Relation, SCHEMA_VERSION, createMovieRecord, createPersonRecord } from '@cinelayer/core'

/** 2026-01-01T00:00:00Z: every record of the contract is stamped at this fixed time. */
export const T0 = Date.UTC(2026, 0, 1)

const levels = new LevelSet()
const at = new Date(T0).toISOString()

/** A minimal movie at `initial`, as a file or a TMDB list would create it. */
export function movie(tmdb: number, extra: Partial<Movie> = {}): Movie {
  return { ...createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title: `Movie ${tmdb}`, year: 1999 }, levels, T0), ...extra }
}

/** Fight Club at `basic`, with a non-ASCII tagline and a field a plugin facet added (records keep unknown fields). */
export function fightClub(): Movie {
  return movie(550, {
    title: 'Fight Club',
    ids: { tmdb: 550, imdb: 'tt0137523' },
    level: 'basic',
    overview: 'A ticking-time-bomb insomniac and a slippery soap salesman channel primal male aggression.',
    tagline: 'Mischief. Mayhem. Soap. — « Le Club »',
    releaseDate: '1999-10-15',
    runtime: 139,
    facets: { identity: { at, provider: 'cinelayer' }, details: { at, provider: 'tmdb' } },
    trailer: { site: 'YouTube', key: 'SUXWAEX2jlg', locked: true },
  })
}

/** A person at `initial`. */
export function person(tmdb: number, name: string, extra: Partial<Person> = {}): Person {
  return { ...createPersonRecord({ id: `tmdb:${tmdb}`, name, ids: { tmdb } }, T0), ...extra }
}

/** A cast credit. */
export function cast(personId: string, movieId: string, character: string, order = 0): Relation {
  return { personId, movieId, role: 'cast', character, order }
}

/** A crew credit. */
export function crew(personId: string, movieId: string, job: string): Relation {
  return { personId, movieId, role: 'crew', job, department: job === 'Director' ? 'Directing' : 'Writing' }
}

/** Usage statistics of a movie. */
export function stats(movieId: string, views = 1): MovieStats {
  return { schemaVersion: SCHEMA_VERSION, movieId, views, plays: 0, requests: views, lastAccess: at }
}

/**
 * Credits and people the size of Fight Club's at `medium` (TMDB lists about 250): `count` credits,
 * cast first then crew, of people `tmdb:<firstPerson>`… Each character carries `tag`, so that a
 * reader can tell which write a credit came from.
 */
export function largeCredits(movieId: string, count = 250, tag = '', firstPerson = 10_000): { credits: Relation[]; people: Person[] } {
  const credits: Relation[] = []
  const people: Person[] = []
  for (let index = 0; index < count; index++) {
    const personId = `tmdb:${firstPerson + index}`
    people.push(person(firstPerson + index, `Person ${firstPerson + index}`))
    credits.push(index < count * 0.4 ? cast(personId, movieId, `Role ${index}${tag}`, index) : crew(personId, movieId, `Job ${index}${tag}`))
  }
  return { credits, people }
}

/** Movie ids that try to leave their folder, smuggle a key separator or are not ids at all. */
export const hostileMovieIds: readonly unknown[] = [
  'tmdb:../../etc',
  'tmdb:550/../../passwd',
  '../movies:tmdb:550',
  'tmdb:550:extra',
  'tmdb:',
  '',
  'imdb:tt0137523\u0000',
  'tmdb:550\n',
  'movies:tmdb:550',
  'TMDB:550',
  null,
  42,
]

/** Person ids of the same kind. */
export const hostilePersonIds: readonly unknown[] = ['tmdb:../../etc', 'tmdb:287/..', 'people:tmdb:287', 'tmdb:287:tmdb:550', '', null]
