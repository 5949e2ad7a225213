import { type Person, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError } from '../errors.js'
import type { ContractContext } from './context.js'
import { cast, movie, person } from './fixtures.js'

/** Part of the store contract: people, and the people a movie's change names. */
export function describePersonContract(ctx: ContractContext): void {
  describe('people', () => {
    it('get gives null; put then get gives the record back; ids, count and list go in id order', async () => {
      expect(await ctx.stores.people.get('tmdb:287')).toBeNull()
      await ctx.stores.people.put(person(819, 'Edward Norton'))
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      await ctx.stores.people.put(person(9, 'Someone'))
      await ctx.stores.people.put({ ...person(1, 'Meat Loaf'), id: 'imdb:nm0000093', ids: { imdb: 'nm0000093' } })
      expect(await ctx.stores.people.get('tmdb:287')).toEqual(person(287, 'Brad Pitt'))
      expect(await ctx.stores.people.ids()).toEqual(['imdb:nm0000093', 'tmdb:9', 'tmdb:287', 'tmdb:819'])
      expect(await ctx.stores.people.count()).toBe(4)
      const page = await ctx.stores.people.list({ page: 2, pageSize: 3 })
      expect(page).toMatchObject({ totalResults: 4, totalPages: 2, unreadable: [] })
      expect(page.results).toEqual([person(819, 'Edward Norton')])
    })

    it('update runs the change on the stored person; null writes nothing', async () => {
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      const before = await ctx.dump()
      expect(await ctx.stores.people.update('tmdb:287', () => null)).toEqual(person(287, 'Brad Pitt'))
      expect(await ctx.dump()).toEqual(before)
      const seen: Array<Person | null> = []
      const updated = await ctx.stores.people.update('tmdb:287', (current) => {
        seen.push(current)
        return current && { person: { ...current, level: 'basic', biography: 'William Bradley Pitt…' } }
      })
      expect(seen).toEqual([person(287, 'Brad Pitt')])
      expect(updated).toMatchObject({ level: 'basic', biography: 'William Bradley Pitt…' })
      expect(await ctx.stores.people.get('tmdb:287')).toEqual(updated)
    })

    it('refuses a person its schema refuses or of a newer schema version, and writes nothing', async () => {
      await ctx.refusedUntouched(() => ctx.stores.people.put({ ...person(287, 'Brad Pitt'), level: 'deep' } as unknown as Person), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.people.put({ ...person(287, 'Brad Pitt'), schemaVersion: SCHEMA_VERSION + 1 }), SchemaVersionError)
      await ctx.refusedUntouched(() => ctx.stores.people.update('tmdb:287', () => ({ person: person(819, 'Edward Norton') })), RecordInvalidError)
    })

    it("a movie's change stores the people it names only where none is stored (ifAbsent), and says which it created", async () => {
      const rich = person(287, 'Brad Pitt', { level: 'basic', biography: 'Kept as it is' })
      await ctx.stores.people.put(rich)
      const result = await ctx.stores.movies.update('tmdb:550', () => ({
        movie: movie(550),
        credits: [cast('tmdb:287', 'tmdb:550', 'Tyler Durden', 1), cast('tmdb:819', 'tmdb:550', 'The Narrator', 0)],
        people: [person(287, 'B. Pitt'), person(819, 'Edward Norton')],
      }))
      expect(result.peopleCreated).toEqual(['tmdb:819'])
      expect(await ctx.stores.people.get('tmdb:287')).toEqual(rich)
      expect(await ctx.stores.people.get('tmdb:819')).toEqual(person(819, 'Edward Norton'))
      // Named again by a later change: nothing is created, nothing replaced.
      const again = await ctx.stores.movies.update('tmdb:550', (current) => current && { movie: current, people: [person(819, 'E. Norton')] })
      expect(again.peopleCreated).toEqual([])
      expect(await ctx.stores.people.get('tmdb:819')).toEqual(person(819, 'Edward Norton'))
    })

    it('a person that is not JSON: get names its key, list skips and reports it', async () => {
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      await ctx.stores.people.put(person(819, 'Edward Norton'))
      await ctx.writeRaw('people:tmdb:287', '{"name":')
      await expect(ctx.stores.people.get('tmdb:287')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'people:tmdb:287' } })
      await expect(ctx.stores.people.get('tmdb:287')).rejects.toBeInstanceOf(StorageCorruptError)
      const page = await ctx.stores.people.list()
      expect(page.results).toEqual([person(819, 'Edward Norton')])
      expect(page.unreadable.map((entry) => [entry.key, entry.code])).toEqual([['people:tmdb:287', 'CINELAYER_ERR_STORAGE_CORRUPT']])
    })
  })
}
