import { InvalidIdError, RecordInvalidError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError } from '../src/index.js'
import type { ContractContext } from './contract.js'
import { cast, crew, hostileMovieIds, hostilePersonIds } from './records.js'

/** Part of the store contract: the relation store, both ways. */
export function describeRelationContract(ctx: ContractContext): void {
  describe('relations', () => {
    const norton = 'tmdb:819'
    const pitt = 'tmdb:287'
    const fincher = 'tmdb:7467'

    it('forMovie and forPerson give [] when nothing is known', async () => {
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([])
    })

    it('setForMovie stores the credits both ways', async () => {
      const credits = [cast(norton, 'tmdb:550', 'The Narrator', 0), cast(pitt, 'tmdb:550', 'Tyler Durden', 1), crew(fincher, 'tmdb:550', 'Director')]
      await ctx.stores.relations.setForMovie('tmdb:550', credits)
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual(credits)
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([credits[1]])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([credits[2]])
      expect((await ctx.storage.getKeys('relations')).sort()).toEqual([
        'relations:movie:tmdb:550',
        'relations:person:tmdb:287',
        'relations:person:tmdb:7467',
        'relations:person:tmdb:819',
      ])
    })

    it("setForMovie replaces the movie's credits and each person's side of them, leaving their other movies", async () => {
      await ctx.stores.relations.setForMovie('tmdb:550', [cast(norton, 'tmdb:550', 'The Narrator'), cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await ctx.stores.relations.setForMovie('tmdb:1422', [cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
      const recast = [cast(pitt, 'tmdb:550', 'Tyler', 0), crew(fincher, 'tmdb:550', 'Director')]
      await ctx.stores.relations.setForMovie('tmdb:550', recast)
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual(recast)
      expect(await ctx.stores.relations.forPerson(norton)).toEqual([])
      expect(await ctx.storage.hasItem('relations:person:tmdb:819')).toBe(false)
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([cast(pitt, 'tmdb:1422', 'Rusty Ryan'), recast[0]])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([recast[1]])
      expect(await ctx.stores.relations.forMovie('tmdb:1422')).toEqual([cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
    })

    it('setForMovie keeps one of each credit, and a person in two capacities twice', async () => {
      const director = crew(fincher, 'tmdb:550', 'Director')
      const cameo = cast(fincher, 'tmdb:550', 'Man in Suit')
      await ctx.stores.relations.setForMovie('tmdb:550', [director, cameo, { ...director }])
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([director, cameo])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([director, cameo])
    })

    it('setForMovie refuses a relation of another movie, and writes nothing', async () => {
      await ctx.stores.relations.setForMovie('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await ctx.refusedUntouched(
        () => ctx.stores.relations.setForMovie('tmdb:550', [cast(norton, 'tmdb:550', 'The Narrator'), cast(pitt, 'tmdb:1422', 'Rusty Ryan')]),
        RecordInvalidError,
      )
      await ctx.refusedUntouched(() => ctx.stores.relations.setForMovie('tmdb:550', [{ ...cast(pitt, 'tmdb:550', 'Tyler'), role: 'extra' } as never]), RecordInvalidError)
    })

    it('refuses hostile ids, as arguments or inside relations, before they become keys', async () => {
      for (const id of hostileMovieIds) {
        await ctx.refusedUntouched(() => ctx.stores.relations.setForMovie(id, []), InvalidIdError)
        await ctx.refusedUntouched(() => ctx.stores.relations.forMovie(id), InvalidIdError)
        await ctx.refusedUntouched(() => ctx.stores.relations.setForMovie('tmdb:550', [cast(pitt, id, 'Tyler')]), InvalidIdError)
      }
      for (const id of hostilePersonIds) {
        await ctx.refusedUntouched(() => ctx.stores.relations.forPerson(id), InvalidIdError)
        await ctx.refusedUntouched(() => ctx.stores.relations.addForPerson(id, []), InvalidIdError)
        await ctx.refusedUntouched(() => ctx.stores.relations.setForMovie('tmdb:550', [cast(id, 'tmdb:550', 'Tyler')]), InvalidIdError)
      }
    })

    it('setForMovie stops before any write when a person list is corrupt', async () => {
      await ctx.stores.relations.setForMovie('tmdb:1422', [cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
      await ctx.storage.setItem('relations:person:tmdb:819', '[{"personId":')
      await ctx.refusedUntouched(
        () => ctx.stores.relations.setForMovie('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden'), cast(norton, 'tmdb:550', 'The Narrator')]),
        StorageCorruptError,
      )
    })

    it("addForPerson merges a filmography into the person's list, replacing a known credit in place", async () => {
      await ctx.stores.relations.setForMovie('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden', 1)])
      const filmography = [
        { ...cast(pitt, 'tmdb:1422', 'Rusty Ryan'), movieTitle: "Ocean's Eleven", movieYear: 2001 },
        { ...cast(pitt, 'tmdb:550', 'Tyler Durden', 2), movieTitle: 'Fight Club', movieYear: 1999 },
      ]
      await ctx.stores.relations.addForPerson(pitt, filmography)
      await ctx.stores.relations.addForPerson(pitt, [filmography[0]!])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([filmography[1], filmography[0]])
      // The movie's list is its credits: a filmography does not rewrite it.
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([cast(pitt, 'tmdb:550', 'Tyler Durden', 1)])
      expect(await ctx.storage.hasItem('relations:movie:tmdb:1422')).toBe(false)
    })

    it('addForPerson refuses a relation of another person, and writes nothing', async () => {
      await ctx.refusedUntouched(() => ctx.stores.relations.addForPerson(pitt, [cast(norton, 'tmdb:550', 'The Narrator')]), RecordInvalidError)
    })

    it('concurrent updates of movies sharing a person lose nothing', async () => {
      const movies = Array.from({ length: 12 }, (_, i) => `tmdb:${1000 + i}`)
      await Promise.all([
        ...movies.map((movieId) => ctx.stores.relations.setForMovie(movieId, [cast(pitt, movieId, 'Himself')])),
        ctx.stores.relations.addForPerson(pitt, [cast(pitt, 'tmdb:550', 'Tyler Durden')]),
      ])
      const filmography = (await ctx.stores.relations.forPerson(pitt)).map((relation) => relation.movieId)
      expect(filmography.sort()).toEqual([...movies, 'tmdb:550'].sort())
    })
  })
}
