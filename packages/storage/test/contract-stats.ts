import { InvalidIdError, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import type { ContractContext } from './contract.js'
import { hostileMovieIds, stats } from './records.js'

/** Part of the store contract: the stats store. */
export function describeStatsContract(ctx: ContractContext): void {
  describe('stats', () => {
    it('get gives null, put then get round-trips, all lists every record by movie id', async () => {
      expect(await ctx.stores.stats.get('tmdb:550')).toBeNull()
      await ctx.stores.stats.put(stats('tmdb:603', 3))
      await ctx.stores.stats.put(stats('tmdb:550', 5))
      await ctx.stores.stats.put(stats('tmdb:550', 6))
      expect(await ctx.stores.stats.get('tmdb:550')).toEqual(stats('tmdb:550', 6))
      expect(await ctx.stores.stats.all()).toEqual([stats('tmdb:550', 6), stats('tmdb:603', 3)])
      expect((await ctx.storage.getKeys('stats')).sort()).toEqual(['stats:tmdb:550', 'stats:tmdb:603'])
    })

    it('put refuses invalid stats or hostile movie ids, and writes nothing', async () => {
      await ctx.refusedUntouched(() => ctx.stores.stats.put({ ...stats('tmdb:550'), views: -1 }), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.stats.put({ ...stats('tmdb:550'), schemaVersion: SCHEMA_VERSION + 1 }), SchemaVersionError)
      for (const id of hostileMovieIds) {
        await ctx.refusedUntouched(() => ctx.stores.stats.put({ ...stats('tmdb:550'), movieId: id }), InvalidIdError)
        await ctx.refusedUntouched(() => ctx.stores.stats.get(id), InvalidIdError)
      }
    })

    it('get refuses stats stored under another movie', async () => {
      await ctx.stores.stats.put(stats('tmdb:603'))
      await ctx.storage.setItem('stats:tmdb:603', JSON.stringify(stats('tmdb:550')))
      await expect(ctx.stores.stats.get('tmdb:603')).rejects.toBeInstanceOf(RecordInvalidError)
      await expect(ctx.stores.stats.all()).rejects.toBeInstanceOf(RecordInvalidError)
    })
  })
}
