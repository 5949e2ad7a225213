import { LevelSet, type Movie, type MovieStats, type Person, type Relation, SCHEMA_VERSION, createMovieRecord, createPersonRecord } from '@cinelayer/core'

/** 2026-01-01T00:00:00Z: every test record is stamped at a fixed, injected time. */
export const T0 = Date.UTC(2026, 0, 1)

const levels = new LevelSet()

/** A minimal movie at `initial`, as a file or a TMDB list would create it. */
export function movie(tmdb: number, extra: Partial<Movie> = {}): Movie {
  return { ...createMovieRecord({ id: `tmdb:${tmdb}`, ids: { tmdb }, title: `Movie ${tmdb}`, year: 1999 }, levels, T0), ...extra }
}

/** Fight Club at `basic`, with a field a plugin facet added (records keep unknown fields). */
export function fightClub(): Movie {
  return movie(550, {
    title: 'Fight Club',
    ids: { tmdb: 550, imdb: 'tt0137523' },
    level: 'basic',
    overview: 'A ticking-time-bomb insomniac and a slippery soap salesman channel primal male aggression.',
    releaseDate: '1999-10-15',
    runtime: 139,
    facets: { identity: { at: new Date(T0).toISOString(), provider: 'cinelayer' }, details: { at: new Date(T0).toISOString(), provider: 'tmdb' } },
    trailer: { site: 'YouTube', key: 'SUXWAEX2jlg', locked: true },
  })
}

export function person(tmdb: number, name: string): Person {
  return createPersonRecord({ id: `tmdb:${tmdb}`, name, ids: { tmdb } }, T0)
}

export function cast(personId: string, movieId: string, character: string, order = 0): Relation {
  return { personId, movieId, role: 'cast', character, order }
}

export function crew(personId: string, movieId: string, job: string): Relation {
  return { personId, movieId, role: 'crew', job, department: job === 'Director' ? 'Directing' : 'Writing' }
}

export function stats(movieId: string, views = 1): MovieStats {
  return { schemaVersion: SCHEMA_VERSION, movieId, views, plays: 0, requests: views, lastAccess: new Date(T0).toISOString() }
}

/** Ids that try to leave their folder or smuggle a key separator. */
export const hostileMovieIds = ['tmdb:../../etc', 'tmdb:550/../../passwd', '../movies:tmdb:550', 'tmdb:550:extra', 'tmdb:', '', 'imdb:tt0137523\u0000']
export const hostilePersonIds = ['tmdb:../../etc', 'tmdb:287/..', 'people:tmdb:287']
