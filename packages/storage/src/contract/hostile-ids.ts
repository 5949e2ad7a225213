import { CinelayerError, InvalidIdError, type Movie, type Person } from '@cinelayer/core'
import { describe, it } from 'vitest'
import type { ContractContext } from './context.js'
import { cast, hostileMovieIds, hostilePersonIds, movie, person, stats } from './fixtures.js'

/** Part of the store contract: an id from outside is refused before it becomes a key, wherever it comes in. */
export function describeHostileIdContract(ctx: ContractContext): void {
  describe('hostile ids', () => {
    const seed = async () => {
      await ctx.stores.movies.update('tmdb:550', () => ({ movie: movie(550), credits: [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')], people: [person(287, 'Brad Pitt')] }))
    }

    it.each(hostileMovieIds.map((id) => [JSON.stringify(id), id]))('the movie id %s is refused everywhere, nothing written', async (_, hostile) => {
      await seed()
      const id = hostile as string
      const { movies, people, relations, stats: usage, images } = ctx.stores
      const refused = (action: () => Promise<unknown>) => ctx.refusedUntouched(action, InvalidIdError)
      // Inside a record, an id is refused by the record's schema or by the key it would make.
      const refusedRecord = (action: () => Promise<unknown>) => ctx.refusedUntouched(action, CinelayerError)
      await refused(() => movies.get(id))
      await refused(() => movies.getStored(id))
      await refused(() => movies.update(id, () => ({ movie: movie(550) })))
      await refused(() => movies.updateMany([{ id: 'tmdb:603', change: () => ({ movie: movie(603) }) }, { id, change: () => null }]))
      await refused(() => movies.put({ ...movie(550), id } as Movie))
      await refused(() => movies.remove(id))
      await refused(() => movies.resolve(id))
      await refused(() => movies.find(id))
      await refused(() => movies.sizeOf(id))
      await refused(() => movies.alias(id, 'tmdb:550'))
      await refused(() => movies.alias('imdb:tt0137523', id))
      await refused(() => movies.update('tmdb:550', (current) => current && { movie: current, aliases: [id] }))
      await refused(() => movies.update('tmdb:550', (current) => current && { movie: current, absorbs: [id] }))
      await refusedRecord(() => movies.update('tmdb:550', (current) => current && { movie: current, credits: [cast('tmdb:287', id, 'Tyler')] }))
      await refusedRecord(() => movies.update('tmdb:550', (current) => current && { movie: current, stats: { ...stats('tmdb:550'), movieId: id } }))
      await refused(() => relations.forMovie(id))
      await refused(() => usage.get(id))
      await refused(() => usage.updateMany(['tmdb:550', id], (current) => current))
      await refused(() => images.put(id, { size: 'w780', file: 'poster.jpg' }, new Uint8Array([1])))
      await refused(() => images.list(id))
      await refusedRecord(() => people.update('tmdb:287', (current) => current && { person: current, filmography: [cast('tmdb:287', id, 'Tyler')] }))
    })

    it.each(hostilePersonIds.map((id) => [JSON.stringify(id), id]))('the person id %s is refused everywhere, nothing written', async (_, hostile) => {
      await seed()
      const id = hostile as string
      const { movies, people, relations } = ctx.stores
      const refused = (action: () => Promise<unknown>) => ctx.refusedUntouched(action, InvalidIdError)
      // Inside a record, an id is refused by the record's schema or by the key it would make.
      const refusedRecord = (action: () => Promise<unknown>) => ctx.refusedUntouched(action, CinelayerError)
      await refused(() => people.get(id))
      await refused(() => people.update(id, () => ({ person: person(287, 'Brad Pitt') })))
      await refused(() => people.put({ ...person(287, 'Brad Pitt'), id } as Person))
      await refused(() => relations.forPerson(id))
      await refusedRecord(() => movies.update('tmdb:550', (current) => current && { movie: current, credits: [cast(id, 'tmdb:550', 'Tyler')] }))
      await refusedRecord(() => movies.update('tmdb:550', (current) => current && { movie: current, people: [{ ...person(287, 'Brad Pitt'), id } as Person] }))
    })
  })
}
