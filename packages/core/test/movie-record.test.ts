import { describe, expect, it } from 'vitest'
import {
  InvalidIdError,
  LevelSet,
  type Movie,
  MovieSchema,
  PersonSchema,
  UnknownLevelError,
  createMovieRecord,
  createPersonRecord,
  defaultFacets,
  defaultLevels,
  downgradeMovie,
  recordBytes,
} from '../src/index.js'
import { applyPatch } from '../src/movie-record.js'

const levels = new LevelSet()
const T0 = Date.UTC(2026, 10, 21, 9)
const T1 = T0 + 60_000

/** A deep movie built the way the engine builds one: patches, then facet stamps. */
function deepMovie(locks: string[] = []): Movie {
  const movie = createMovieRecord(
    { id: 'tmdb:603', ids: { tmdb: 603 }, title: 'The Matrix', year: 1999, filePath: '/library/The Matrix (1999).mkv', match: { status: 'matched', score: 1 } },
    levels,
    T0,
  )
  const filled = applyPatch(movie, {
    ids: { imdb: 'tt0133093', wikidata: 'Q83495' },
    originalTitle: 'The Matrix',
    overview: 'A hacker learns the truth.',
    tagline: 'Welcome to the Real World.',
    runtime: 136,
    poster: { path: '/p.jpg' },
    cast: [{ personId: 'tmdb:6384', name: 'Keanu Reeves' }],
    crew: [],
    genres: [{ id: 28, name: 'Action' }],
    tmdbRating: { average: 8.2, count: 24000 },
    externalIds: { imdb_id: 'tt0133093' },
    images: { backdrops: [{ path: '/b.jpg', bytes: 120_000 }], logos: [], posters: [] },
    keywords: ['simulation'],
    wikipedia: { title: 'The Matrix', language: 'en', summary: 'A 1999 film.' },
    imdbRating: { rating: 8.7, votes: 2_000_000 },
  })
  const facets = Object.fromEntries(levels.facetsFor('deep').map((facet) => [facet, { at: new Date(T0).toISOString(), provider: 'tmdb' }]))
  return MovieSchema.parse({ ...filled, facets, level: 'deep', locks })
}

describe('createMovieRecord', () => {
  it('creates a valid record at the lowest level with identity stamped', () => {
    const movie = createMovieRecord({ id: 'tmdb:603', ids: { tmdb: 603 }, title: 'The Matrix' }, levels, T0)
    expect(movie).toEqual({
      schemaVersion: 1,
      id: 'tmdb:603',
      ids: { tmdb: 603 },
      level: 'initial',
      facets: { identity: { at: '2026-11-21T09:00:00.000Z', provider: 'cinelayer' } },
      locks: [],
      errors: [],
      createdAt: '2026-11-21T09:00:00.000Z',
      updatedAt: '2026-11-21T09:00:00.000Z',
      title: 'The Matrix',
    })
    expect(MovieSchema.safeParse(movie).success).toBe(true)
  })

  it('does not share the ids object with its input', () => {
    const ids = { tmdb: 603 }
    const movie = createMovieRecord({ id: 'tmdb:603', ids }, levels, T0)
    ids.tmdb = 1
    expect(movie.ids.tmdb).toBe(603)
  })

  it('refuses an invalid id', () => {
    expect(() => createMovieRecord({ id: 'tmdb:../x', ids: {} }, levels, T0)).toThrow(InvalidIdError)
  })
})

describe('createPersonRecord', () => {
  it('creates a valid person at initial, and refuses an invalid id', () => {
    const person = createPersonRecord({ id: 'tmdb:6384', name: 'Keanu Reeves' }, T0)
    expect(person).toEqual({ schemaVersion: 1, id: 'tmdb:6384', ids: {}, name: 'Keanu Reeves', level: 'initial', createdAt: '2026-11-21T09:00:00.000Z', updatedAt: '2026-11-21T09:00:00.000Z' })
    expect(PersonSchema.safeParse(person).success).toBe(true)
    expect(createPersonRecord({ id: 'tmdb:1', name: 'X', level: 'basic', biography: 'b' }, T0)).toMatchObject({ level: 'basic', biography: 'b' })
    expect(() => createPersonRecord({ id: 'local:0123456789abcdef', name: 'X' }, T0)).toThrow(InvalidIdError)
  })
})

describe('applyPatch', () => {
  const movie = createMovieRecord({ id: 'tmdb:603', ids: { tmdb: 603, imdb: 'tt0133093' }, title: 'The Matrix' }, levels, T0)

  it('sets fields, merges ids and returns a new record', () => {
    const next = applyPatch(movie, { overview: 'o', ids: { wikidata: 'Q83495' } })
    expect(next).not.toBe(movie)
    expect(next.overview).toBe('o')
    expect(next.ids).toEqual({ tmdb: 603, imdb: 'tt0133093', wikidata: 'Q83495' })
    expect(movie).not.toHaveProperty('overview')
  })

  it('never touches locked fields, bookkeeping fields or undefined values', () => {
    const locked = { ...movie, locks: ['title'] }
    const next = applyPatch(locked, { title: 'Other', id: 'tmdb:1', level: 'deep', facets: {}, locks: [], schemaVersion: 9, overview: undefined })
    expect(next).toEqual(locked)
  })

  it('does not erase a known id with an undefined one', () => {
    expect(applyPatch(movie, { ids: { imdb: undefined, wikidata: 'Q1' } }).ids).toEqual({ tmdb: 603, imdb: 'tt0133093', wikidata: 'Q1' })
  })
})

describe('downgradeMovie', () => {
  it('drops the facets above the target with their fields', () => {
    const deep = deepMovie()
    const { movie, facetsDropped, fieldsKept } = downgradeMovie(deep, 'basic', levels, T1)
    expect(facetsDropped.sort()).toEqual(['credits', 'externalIds', 'genres', 'images', 'imdbRating', 'keywords', 'ratings', 'wikipedia'])
    expect(fieldsKept).toEqual([])
    expect(movie.level).toBe('basic')
    expect(Object.keys(movie.facets).sort()).toEqual(['details', 'identity', 'poster'])
    for (const field of ['cast', 'crew', 'genres', 'tmdbRating', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating']) expect(movie).not.toHaveProperty(field)
    expect(movie.overview).toBe('A hacker learns the truth.')
    expect(movie.poster).toEqual({ path: '/p.jpg' })
    expect(movie.updatedAt).toBe(new Date(T1).toISOString())
    expect(MovieSchema.safeParse(movie).success).toBe(true)
    expect(recordBytes(movie)).toBeLessThan(recordBytes(deep))
    // The input is not changed.
    expect(deep.level).toBe('deep')
    expect(deep.facets).toHaveProperty('images')
  })

  it('keeps the permanent identity even down to the lowest level', () => {
    const { movie } = downgradeMovie(deepMovie(), 'initial', levels, T1)
    expect(movie.level).toBe('initial')
    expect(Object.keys(movie.facets)).toEqual(['identity'])
    expect(movie).toMatchObject({ id: 'tmdb:603', title: 'The Matrix', year: 1999, filePath: '/library/The Matrix (1999).mkv', match: { status: 'matched' } })
    // ids are identity: what was learnt of the movie's identity survives.
    expect(movie.ids).toEqual({ tmdb: 603, imdb: 'tt0133093', wikidata: 'Q83495' })
    expect(movie).not.toHaveProperty('overview')
    expect(movie.createdAt).toBe(new Date(T0).toISOString())
  })

  it('keeps identity when a custom ladder does not place it in the target level', () => {
    const custom = new LevelSet([{ name: 'start', facets: ['details'] }, { name: 'full', facets: ['identity', 'poster'] }], defaultFacets)
    const movie = { ...deepMovie(), facets: { details: { at: 'x', provider: 't' }, identity: { at: 'x', provider: 't' }, poster: { at: 'x', provider: 't' } } }
    const { movie: down, facetsDropped } = downgradeMovie(movie, 'start', custom, T1)
    expect(facetsDropped).toEqual(['poster'])
    expect(down.title).toBe('The Matrix')
    expect(down.facets).toHaveProperty('identity')
  })

  it('keeps locked fields and reports them', () => {
    const { movie, fieldsKept } = downgradeMovie(deepMovie(['keywords', 'overview', 'images']), 'initial', levels, T1)
    expect(fieldsKept.sort()).toEqual(['images', 'keywords', 'overview'])
    expect(movie.keywords).toEqual(['simulation'])
    expect(movie.overview).toBe('A hacker learns the truth.')
    expect(movie).not.toHaveProperty('tagline')
    expect(movie.locks).toEqual(['keywords', 'overview', 'images'])
  })

  it('changes nothing when the movie is at or below the target', () => {
    const basic = downgradeMovie(deepMovie(), 'basic', levels, T1).movie
    const again = downgradeMovie(basic, 'medium', levels, T1 + 1000)
    expect(again.facetsDropped).toEqual([])
    expect(again.movie).toEqual(basic)
  })

  it('keeps a facet of the target level even when no enricher provides it any more', () => {
    const restricted = new LevelSet(defaultLevels, defaultFacets, ['details'])
    const { movie, facetsDropped } = downgradeMovie(deepMovie(), 'basic', restricted, T1)
    expect(facetsDropped).not.toContain('poster')
    expect(movie.poster).toEqual({ path: '/p.jpg' })
  })

  it('drops facets asked for at or below the target, and the level follows what is left', () => {
    const { movie, facetsDropped, fieldsKept } = downgradeMovie(deepMovie(['images']), 'deep', levels, T1, { dropFacets: ['images', 'poster', 'identity'] })
    expect(facetsDropped.sort()).toEqual(['images', 'poster'])
    expect(fieldsKept).toEqual(['images'])
    expect(movie).not.toHaveProperty('poster')
    expect(movie.title).toBe('The Matrix')
    expect(movie.level).toBe('initial')
    expect(movie.facets).toHaveProperty('credits')
    expect(MovieSchema.parse(movie)).toEqual(movie)
  })

  it('refuses an unknown target level', () => {
    expect(() => downgradeMovie(deepMovie(), 'ultra', levels, T1)).toThrow(UnknownLevelError)
  })
})

describe('recordBytes', () => {
  it('counts UTF-8 bytes of the JSON form', () => {
    expect(recordBytes({ a: 'é' })).toBe(Buffer.byteLength(JSON.stringify({ a: 'é' })))
    expect(recordBytes('🎬')).toBe(6)
  })
})
