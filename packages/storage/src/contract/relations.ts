import { RecordInvalidError, type Relation } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import type { ContractContext } from './context.js'
import { cast, crew, largeCredits, movie, person } from './fixtures.js'

const norton = 'tmdb:819'
const pitt = 'tmdb:287'
const fincher = 'tmdb:7467'

/** Part of the store contract: credits, written with their movie, read both ways. */
export function describeRelationContract(ctx: ContractContext): void {
  describe('relations', () => {
    // The people credited come with their credits, as an enrichment brings them.
    const setCredits = (movieId: string, credits: readonly Relation[]) =>
      ctx.stores.movies.update(movieId, (current) => ({
        movie: current ?? movie(Number(movieId.slice(5))),
        credits,
        people: [...new Set(credits.map((credit) => credit.personId))].map((id) => person(Number(id.slice(5)), `Person ${id}`)),
      }))

    it('forMovie and forPerson give [] when nothing is known', async () => {
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([])
    })

    it("a movie's credits are stored both ways: one list per movie, one entry per person and movie", async () => {
      const credits = [cast(norton, 'tmdb:550', 'The Narrator', 0), cast(pitt, 'tmdb:550', 'Tyler Durden', 1), crew(fincher, 'tmdb:550', 'Director')]
      await setCredits('tmdb:550', credits)
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual(credits)
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([credits[1]])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([credits[2]])
      expect(await ctx.keys('credits:')).toEqual(['credits:tmdb:550'])
      expect(await ctx.keys('filmography:')).toEqual(['filmography:tmdb:287:tmdb:550', 'filmography:tmdb:7467:tmdb:550', 'filmography:tmdb:819:tmdb:550'])
    })

    it("new credits replace the movie's and each person's side of them; other movies keep theirs", async () => {
      await setCredits('tmdb:550', [cast(norton, 'tmdb:550', 'The Narrator'), cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await setCredits('tmdb:1422', [cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
      const recast = [cast(pitt, 'tmdb:550', 'Tyler', 0), crew(fincher, 'tmdb:550', 'Director')]
      await setCredits('tmdb:550', recast)
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual(recast)
      expect(await ctx.stores.relations.forPerson(norton)).toEqual([])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([cast(pitt, 'tmdb:1422', 'Rusty Ryan'), recast[0]])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([recast[1]])
      expect(await ctx.stores.relations.forMovie('tmdb:1422')).toEqual([cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('a change without credits leaves them; empty credits remove them both ways', async () => {
      await setCredits('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await ctx.stores.movies.update('tmdb:550', (current) => current && { movie: { ...current, title: 'Fight Club' } })
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await setCredits('tmdb:550', [])
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([])
      expect(await ctx.keys('credits:')).toEqual([])
      expect(await ctx.keys('filmography:')).toEqual([])
    })

    it('keeps one of each credit, and a person in two capacities twice', async () => {
      const director = crew(fincher, 'tmdb:550', 'Director')
      const cameo = cast(fincher, 'tmdb:550', 'Man in Suit')
      await setCredits('tmdb:550', [director, cameo, { ...director }])
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([director, cameo])
      expect(await ctx.stores.relations.forPerson(fincher)).toEqual([director, cameo])
    })

    it('refuses credits of another movie or of an unknown role, and writes nothing', async () => {
      await setCredits('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden')])
      await ctx.refusedUntouched(() => setCredits('tmdb:550', [cast(norton, 'tmdb:550', 'The Narrator'), cast(pitt, 'tmdb:1422', 'Rusty Ryan')]), RecordInvalidError)
      await ctx.refusedUntouched(() => setCredits('tmdb:550', [{ ...cast(pitt, 'tmdb:550', 'Tyler'), role: 'extra' } as unknown as Relation]), RecordInvalidError)
    })

    it("a person's filmography from a person change is merged per movie, and leaves the movie's own credits", async () => {
      await setCredits('tmdb:550', [cast(pitt, 'tmdb:550', 'Tyler Durden', 1)])
      const filmography = [
        { ...cast(pitt, 'tmdb:1422', 'Rusty Ryan'), movieTitle: "Ocean's Eleven", movieYear: 2001 },
        { ...cast(pitt, 'tmdb:550', 'Tyler Durden', 2), movieTitle: 'Fight Club', movieYear: 1999 },
      ]
      await ctx.stores.people.update(pitt, (current) => ({ person: current ?? person(287, 'Brad Pitt'), filmography }))
      await ctx.stores.people.update(pitt, (current) => current && { person: current, filmography: [filmography[0]!] })
      // The same credit (person, movie, role, character) is replaced in place: the person's side has the richer one.
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([filmography[0], filmography[1]])
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([cast(pitt, 'tmdb:550', 'Tyler Durden', 1)])
      expect(await ctx.stores.relations.forMovie('tmdb:1422')).toEqual([])
    })

    it('movies sharing a person, changed at once, lose nothing of each other', async () => {
      const movies = Array.from({ length: 12 }, (_, index) => `tmdb:${1000 + index}`)
      await Promise.all([
        ...movies.map((movieId) => setCredits(movieId, [cast(pitt, movieId, 'Himself')])),
        ctx.stores.people.update(pitt, () => ({ person: person(287, 'Brad Pitt'), filmography: [cast(pitt, 'tmdb:550', 'Tyler Durden')] })),
      ])
      const filmography = (await ctx.stores.relations.forPerson(pitt)).map((relation) => relation.movieId)
      expect(filmography.sort()).toEqual([...movies, 'tmdb:550'].sort())
    })

    it('a change the size of Fight Club at medium (250 credits and people) is there whole', async () => {
      const { credits, people } = largeCredits('tmdb:550', 250)
      const result = await ctx.stores.movies.update('tmdb:550', () => ({ movie: movie(550, { level: 'medium' }), credits, people }))
      expect(result.peopleCreated).toHaveLength(250)
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual(credits)
      expect(await ctx.stores.people.count()).toBe(250)
      expect(await ctx.stores.relations.forPerson(credits[249]!.personId)).toEqual([credits[249]])
      expect(await ctx.keys('filmography:')).toHaveLength(250)
      expect((await ctx.stores.validate()).issues).toEqual([])
    })
  })
}
