import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  LevelSet,
  MovieSchema,
  MovieStatsSchema,
  PaginatedResponseSchema,
  PersonSchema,
  RelationSchema,
  SCHEMA_VERSION,
  createMovieRecord,
  emptyStats,
  jsonSchemas,
  paginate,
} from '../src/index.js'

const levels = new LevelSet()
const matrix = createMovieRecord({ id: 'tmdb:603', ids: { tmdb: 603 }, title: 'The Matrix', year: 1999 }, levels, Date.UTC(2026, 10, 21))

describe('MovieSchema', () => {
  it('accepts a new record and keeps unknown (plugin) fields', () => {
    expect(MovieSchema.parse(matrix)).toEqual(matrix)
    const withTrailer = { ...matrix, trailers: [{ key: 'abc' }] }
    expect(MovieSchema.parse(withTrailer)).toHaveProperty('trailers', [{ key: 'abc' }])
  })

  it.each([
    ['a path as id', { id: 'tmdb:../x' }],
    ['an id of no namespace', { id: '603' }],
    ['a malformed imdb id', { ids: { imdb: 'nm0000093' } }],
    ['a wikidata id Q0', { ids: { wikidata: 'Q0' } }],
    ['a local id that is not hex', { ids: { local: '../../etc' } }],
    ['a negative tmdb id', { ids: { tmdb: -1 } }],
    ['a fractional year', { year: 1999.5 }],
    ['schema version 0', { schemaVersion: 0 }],
    ['a credit of an invalid person', { cast: [{ personId: 'tmdb:../1', name: 'X' }] }],
  ])('rejects %s', (_, change) => {
    expect(MovieSchema.safeParse({ ...matrix, ...change }).success).toBe(false)
  })
})

describe('other record schemas', () => {
  it('validates people, relations and stats, ids included', () => {
    const person = {
      schemaVersion: SCHEMA_VERSION,
      id: 'tmdb:6384',
      ids: { tmdb: 6384, imdb: 'nm0000206' },
      name: 'Keanu Reeves',
      level: 'initial',
      createdAt: 'x',
      updatedAt: 'x',
    }
    expect(PersonSchema.parse(person)).toEqual(person)
    expect(PersonSchema.safeParse({ ...person, id: 'local:0123456789abcdef' }).success).toBe(false)
    expect(PersonSchema.safeParse({ ...person, ids: { imdb: 'tt0133093' } }).success).toBe(false)
    expect(PersonSchema.safeParse({ ...person, level: 'deep' }).success).toBe(false)

    const relation = { personId: 'tmdb:6384', movieId: 'tmdb:603', role: 'cast', character: 'Neo', order: 0 }
    expect(RelationSchema.parse(relation)).toEqual(relation)
    expect(RelationSchema.safeParse({ ...relation, movieId: 'tmdb:603/../1' }).success).toBe(false)
    expect(RelationSchema.safeParse({ ...relation, role: 'writer' }).success).toBe(false)

    expect(MovieStatsSchema.parse(emptyStats('tmdb:603'))).toEqual(emptyStats('tmdb:603'))
    expect(MovieStatsSchema.safeParse({ ...emptyStats('tmdb:603'), views: -1 }).success).toBe(false)
    expect(MovieStatsSchema.safeParse(emptyStats('../../x')).success).toBe(false)
  })
})

describe('jsonSchemas', () => {
  const schemas = jsonSchemas()

  it('exports every public record as draft 2020-12 JSON Schema', () => {
    expect(Object.keys(schemas)).toEqual(['Movie', 'Person', 'Relation', 'MovieStats', 'PaginatedMovies'])
    for (const schema of Object.values(schemas)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(schema.type).toBe('object')
      expect(() => JSON.stringify(schema)).not.toThrow()
    }
  })

  it('carries required fields, descriptions, id patterns and open movie records', () => {
    const movie = schemas.Movie as unknown as { required: string[]; properties: Record<string, { description?: string; pattern?: string }>; additionalProperties: unknown }
    expect(movie.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'ids', 'level', 'facets', 'locks', 'errors', 'createdAt', 'updatedAt']))
    expect(movie.required).not.toContain('title')
    expect(movie.properties.id!.description).toBe('canonical id, e.g. "tmdb:603"')
    // The id pattern travels to other languages: it must refuse a path.
    const pattern = new RegExp(movie.properties.id!.pattern!)
    expect(pattern.test('tmdb:603')).toBe(true)
    expect(pattern.test('imdb:tt0133093')).toBe(true)
    expect(pattern.test('tmdb:../x')).toBe(false)
    expect(movie.additionalProperties).not.toBe(false)

    const page = schemas.PaginatedMovies as unknown as { required: string[]; properties: { results: { type: string; items: { required: string[] } } } }
    expect(page.required).toEqual(['page', 'pageSize', 'totalResults', 'totalPages', 'results'])
    expect(page.properties.results.type).toBe('array')
    expect(page.properties.results.items.required).toContain('facets')
  })

  it('round-trips through zod: the exported schema is zod-readable again', () => {
    const back = z.fromJSONSchema(schemas.Relation as Parameters<typeof z.fromJSONSchema>[0])
    expect(back.safeParse({ personId: 'tmdb:1', movieId: 'tmdb:2', role: 'crew', job: 'Director' }).success).toBe(true)
    expect(back.safeParse({ personId: 'tmdb:1', movieId: 'tmdb:2', role: 'writer' }).success).toBe(false)
  })
})

describe('paginate', () => {
  const items = Array.from({ length: 45 }, (_, index) => index + 1)

  it('cuts pages of the default size 20', () => {
    expect(paginate(items)).toEqual({ page: 1, pageSize: 20, totalResults: 45, totalPages: 3, results: items.slice(0, 20) })
    expect(paginate(items, 3).results).toEqual([41, 42, 43, 44, 45])
  })

  it('answers an empty page past the end, and for an empty list', () => {
    expect(paginate(items, 4)).toMatchObject({ page: 4, totalPages: 3, results: [] })
    expect(paginate([], 1)).toEqual({ page: 1, pageSize: 20, totalResults: 0, totalPages: 0, results: [] })
  })

  it('clamps pages and sizes below 1, rounds fractions down', () => {
    expect(paginate(items, 0, 10)).toMatchObject({ page: 1, results: items.slice(0, 10) })
    expect(paginate(items, -3, 10).page).toBe(1)
    expect(paginate(items, 2.9, 10)).toMatchObject({ page: 2, results: items.slice(10, 20) })
    expect(paginate(items, 1, 0)).toMatchObject({ pageSize: 1, totalPages: 45, results: [1] })
    expect(paginate(items, 1, 7.8).pageSize).toBe(7)
  })

  it('falls back to the defaults for values that are not finite numbers (from query strings)', () => {
    expect(paginate(items, Number.NaN, Number.NaN)).toEqual(paginate(items, 1, 20))
    expect(paginate(items, Number('abc'), 10)).toMatchObject({ page: 1, results: items.slice(0, 10) })
    expect(paginate(items, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual(paginate(items))
    expect(paginate(items, 2 ** 60).page).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('always yields a page that matches PaginatedResponseSchema, with every item on exactly one page', () => {
    const schema = PaginatedResponseSchema(z.number())
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.double(), fc.double(), (list, page, size) => {
        const result = paginate(list, page, size)
        expect(schema.safeParse(result).success).toBe(true)
        const all = Array.from({ length: result.totalPages }, (_, index) => paginate(list, index + 1, result.pageSize).results).flat()
        expect(all).toEqual(list)
      }),
    )
  })
})
