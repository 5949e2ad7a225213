import { InvalidIdError, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError } from '../src/index.js'
import type { ContractContext } from './contract.js'
import { hostilePersonIds, person } from './records.js'

/** Part of the store contract: the person store. */
export function describePersonContract(ctx: ContractContext): void {
  describe('people', () => {
    it('get gives null, put then get round-trips, ids are sorted', async () => {
      expect(await ctx.stores.people.get('tmdb:287')).toBeNull()
      await ctx.stores.people.put(person(819, 'Edward Norton'))
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      await ctx.stores.people.put({ ...person(1, 'Someone'), id: 'imdb:nm0000093', ids: { imdb: 'nm0000093' } })
      expect(await ctx.stores.people.get('tmdb:287')).toEqual(person(287, 'Brad Pitt'))
      expect(await ctx.stores.people.ids()).toEqual(['imdb:nm0000093', 'tmdb:287', 'tmdb:819'])
      expect(await ctx.storage.getKeys('people')).toHaveLength(3)
    })

    it('put refuses an invalid record or a newer schema version, and writes nothing', async () => {
      await ctx.refusedUntouched(() => ctx.stores.people.put({ ...person(287, 'Brad Pitt'), level: 'deep' } as never), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.people.put({ ...person(287, 'Brad Pitt'), schemaVersion: SCHEMA_VERSION + 1 }), SchemaVersionError)
    })

    it.each(hostilePersonIds)('refuses the id %j before it becomes a key', async (id) => {
      await ctx.refusedUntouched(() => ctx.stores.people.put({ ...person(287, 'Brad Pitt'), id }), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.people.get(id), InvalidIdError)
    })

    it('get refuses a corrupt person record', async () => {
      await ctx.storage.setItem('people:tmdb:287', '{"name":')
      await expect(ctx.stores.people.get('tmdb:287')).rejects.toBeInstanceOf(StorageCorruptError)
    })
  })
}
