import { PersonSchema, RelationSchema, createPersonRecord } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { JsonReplayProvider, TmdbProvider, defaultReplayDir, normalizePerson } from '../src/index.js'

const tmdb = new TmdbProvider({ data: new JsonReplayProvider({ dir: defaultReplayDir }) })

describe('normalizePerson', () => {
  it('reads Brad Pitt: details, ids and filmography with movie titles and years', async () => {
    const { person, relations } = normalizePerson(await tmdb.person(287))
    expect(person).toEqual({
      id: 'tmdb:287',
      name: 'Brad Pitt',
      level: 'basic',
      ids: { tmdb: 287, imdb: 'nm0000093', wikidata: 'Q35332' },
      knownForDepartment: 'Acting',
      biography: expect.stringContaining('American actor'),
      birthday: '1963-12-18',
      placeOfBirth: 'Shawnee, Oklahoma, USA',
      profilePath: '/kU3B75TyRiCgE270EyZnHjfivoq.jpg',
    })
    expect(person).not.toHaveProperty('deathday')
    expect(relations).toEqual([
      { personId: 'tmdb:287', movieId: 'tmdb:550', role: 'cast', character: 'Tyler Durden', order: 1, movieTitle: 'Fight Club', movieYear: 1999 },
      { personId: 'tmdb:287', movieId: 'tmdb:45612', role: 'crew', job: 'Producer', department: 'Production', movieTitle: 'The Departed', movieYear: 2006 },
    ])
  })

  it('makes records and relations that match their schemas', async () => {
    for (const id of [287, 1, 31, 12312]) {
      const { person, relations } = normalizePerson(await tmdb.person(id))
      expect(() => PersonSchema.parse(createPersonRecord(person, Date.UTC(2026, 10, 21)))).not.toThrow()
      for (const relation of relations) expect(RelationSchema.parse(relation)).toEqual(relation)
    }
  })

  it('reads George Lucas (composed) with crew credits of unknown year left without a year', async () => {
    const { person, relations } = normalizePerson(await tmdb.person(1))
    expect(person.ids).toEqual({ tmdb: 1, imdb: 'nm0000184', wikidata: 'Q38222' })
    expect(relations.filter((relation) => relation.role === 'cast')).toHaveLength(104)
    expect(relations.filter((relation) => relation.role === 'crew')).toHaveLength(158)
    const undated = relations.filter((relation) => relation.movieYear === undefined)
    expect(undated.length).toBeGreaterThan(0)
    for (const relation of undated) expect(relation).not.toHaveProperty('movieYear')
    expect(relations).toContainEqual(expect.objectContaining({ movieId: 'tmdb:11', role: 'crew', job: 'Director', movieTitle: 'Star Wars', movieYear: 1977 }))
  })

  it('does not take ids from an external_ids section that names someone else', async () => {
    const anderson = await tmdb.person(12312)
    // The recorded section carries another person's ids: its IMDb id contradicts the person's own.
    expect(anderson.imdb_id).toBe('nm0027323')
    expect(anderson.external_ids?.imdb_id).toBe('nm0000158')
    expect(normalizePerson(anderson).person.ids).toEqual({ tmdb: 12312, imdb: 'nm0027323' })
  })

  it('leaves blank strings absent (Gary Sinise: blank deathday, no department)', async () => {
    const sinise = await tmdb.person(33, { append: ['movie_credits'] })
    expect(sinise.deathday).toBe('')
    const { person, relations } = normalizePerson(sinise)
    expect(person).not.toHaveProperty('deathday')
    expect(person).not.toHaveProperty('knownForDepartment')
    expect(person.ids).toEqual({ tmdb: 33, imdb: 'nm0000641' })
    expect(relations).toContainEqual({ personId: 'tmdb:33', movieId: 'tmdb:568', role: 'cast', character: 'Ken Mattingly', movieTitle: 'Apollo 13', movieYear: 1995 })
  })

  it('gives no relations when movie credits were not asked for', async () => {
    const { person, relations } = normalizePerson(await tmdb.person(31, { append: ['external_ids'] }))
    expect(person).toMatchObject({ name: 'Tom Hanks', ids: { tmdb: 31, imdb: 'nm0000158', wikidata: 'Q2263' } })
    expect(relations).toEqual([])
  })
})
