import { StorageCorruptError, createStores } from '../src/index.js'
import { describe, expect, it } from 'vitest'
import { type ContractContext, recordKeys, storedJson } from './contract.js'
import { movie } from './records.js'

/** Part of the store contract: listing, counting, streaming and finding from the indexes. */
export function describeIndexContract(ctx: ContractContext): void {
  describe('indexes', () => {
    it('a movie changing level moves from one level index to the other', async () => {
      await ctx.stores.movies.put(movie(550))
      await ctx.stores.movies.put(movie(603, { level: 'basic' }))
      expect(await ctx.stores.movies.count({ level: 'initial' })).toBe(1)
      await ctx.stores.movies.put(movie(550, { level: 'basic' }))
      expect((await ctx.stores.movies.list({ level: 'initial' })).totalResults).toBe(0)
      expect((await ctx.stores.movies.list({ level: 'basic' })).results.map((m) => m.id)).toEqual(['tmdb:550', 'tmdb:603'])
      expect(await ctx.stores.movies.count()).toBe(2)
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(2)
      expect(await ctx.stores.movies.count({ level: 'deep' })).toBe(0)
      await ctx.stores.movies.remove('tmdb:603')
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(1)
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('keeps the indexes in bounded shards, pages in id order whatever the insertion order', async () => {
      const stores = createStores(ctx.storage, { maxShardSize: 4 })
      const ids = Array.from({ length: 30 }, (_, i) => i + 1)
      for (const tmdb of [...ids].sort((a, b) => ((a * 7919) % 31) - ((b * 7919) % 31))) await stores.movies.put(movie(tmdb))
      const shards = (await ctx.storage.getKeys('index:movies:s')).filter((key) => key.startsWith('index:movies:s:'))
      expect(shards.length).toBeGreaterThanOrEqual(8)
      for (const key of shards) expect(((await storedJson(ctx.storage, key)) as unknown[]).length).toBeLessThanOrEqual(4)
      expect(await stores.movies.ids()).toEqual(ids.map((id) => `tmdb:${id}`))
      const page = await stores.movies.list({ page: 3, pageSize: 7 })
      expect(page).toMatchObject({ totalResults: 30, totalPages: 5 })
      expect(page.results.map((m) => m.id)).toEqual([15, 16, 17, 18, 19, 20, 21].map((id) => `tmdb:${id}`))
      for (const tmdb of ids.filter((id) => id % 3 !== 0)) await stores.movies.remove(`tmdb:${tmdb}`)
      expect(await stores.movies.ids()).toEqual(ids.filter((id) => id % 3 === 0).map((id) => `tmdb:${id}`))
      expect((await stores.validate()).issues).toEqual([])
    })

    it('scan streams every movie (or one level) in id order, in batches', async () => {
      for (const tmdb of [5, 1, 4, 2, 3]) await ctx.stores.movies.put(movie(tmdb, { level: tmdb % 2 ? 'initial' : 'basic' }))
      const all = []
      for await (const found of ctx.stores.movies.scan({ batchSize: 2 })) all.push(found.id)
      expect(all).toEqual(['tmdb:1', 'tmdb:2', 'tmdb:3', 'tmdb:4', 'tmdb:5'])
      const basic = []
      for await (const found of ctx.stores.movies.scan({ level: 'basic' })) basic.push(found.id)
      expect(basic).toEqual(['tmdb:2', 'tmdb:4'])
    })

    it('scan stops on an unreadable record, or reports and skips it when asked', async () => {
      for (const tmdb of [1, 2, 3]) await ctx.stores.movies.put(movie(tmdb))
      await ctx.storage.setItem('movies:tmdb:2', '{"broken')
      const consume = async (options = {}) => {
        const ids = []
        for await (const found of ctx.stores.movies.scan(options)) ids.push(found.id)
        return ids
      }
      await expect(consume()).rejects.toBeInstanceOf(StorageCorruptError)
      const unreadable: string[] = []
      expect(await consume({ onUnreadable: (id: string) => unreadable.push(id) })).toEqual(['tmdb:1', 'tmdb:3'])
      expect(unreadable).toEqual(['tmdb:2'])
    })

    it('find reads a movie under its canonical id or any alias', async () => {
      await ctx.stores.movies.put(movie(550))
      await ctx.stores.movies.put({ ...movie(1), id: 'imdb:tt0133093', ids: { imdb: 'tt0133093' } })
      await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
      await ctx.stores.movies.alias('local:0123456789abcdef', 'tmdb:550')
      expect((await ctx.stores.movies.find('tmdb:550'))?.id).toBe('tmdb:550')
      expect((await ctx.stores.movies.find('imdb:tt0137523'))?.id).toBe('tmdb:550')
      expect((await ctx.stores.movies.find('local:0123456789abcdef'))?.id).toBe('tmdb:550')
      expect((await ctx.stores.movies.find('imdb:tt0133093'))?.id).toBe('imdb:tt0133093')
      expect(await ctx.stores.movies.find('tmdb:603')).toBeNull()
      expect(await ctx.stores.movies.find('wikidata:Q1')).toBeNull()
    })

    it('people and stats are listed and counted from their indexes', async () => {
      await ctx.stores.stats.put({ schemaVersion: 1, movieId: 'tmdb:9', views: 1, plays: 0, requests: 0, lastAccess: null })
      await ctx.stores.stats.put({ schemaVersion: 1, movieId: 'tmdb:10', views: 2, plays: 0, requests: 0, lastAccess: null })
      expect((await ctx.stores.stats.all()).map((stats) => stats.movieId)).toEqual(['tmdb:9', 'tmdb:10'])
      expect(await ctx.stores.people.count()).toBe(0)
      expect(await recordKeys(ctx.storage, 'stats')).toEqual(['stats:tmdb:10', 'stats:tmdb:9'])
    })
  })
}
