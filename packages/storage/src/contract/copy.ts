import { describe, expect, it } from 'vitest'
import { createStorage } from 'unstorage'
import { copyCatalog } from '../copy-catalog.js'
import { createStores } from '../create-stores.js'
import { memoryDriver } from '../memory-driver.js'
import type { ContractContext } from './context.js'
import { fightClub, largeCredits, movie } from './fixtures.js'
import { populate } from './maintenance.js'

// A PNG signature and bytes that are not UTF-8: what a text round trip would mangle.
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80])

/** Part of the store contract: a catalog copied to another store and back is the same catalog. */
export function describeCopyContract(ctx: ContractContext): void {
  describe('copy', () => {
    it('copyCatalog moves every record, derived entry, image, usage and state to another store and back, quarantine left behind', async () => {
      await populate(ctx)
      const { credits, people } = largeCredits('tmdb:1422', 60)
      await ctx.stores.movies.update('tmdb:1422', () => ({ movie: movie(1422, { level: 'medium' }), credits, people }))
      await ctx.stores.images.put('tmdb:550', { size: 'original', file: 'poster.png' }, png)
      await ctx.stores.state.set('refresh-window', { from: '2026-01-01' })
      await ctx.writeRaw('quarantine:movies:tmdb:9', '{"broken')
      const original = await ctx.dump()
      delete original['quarantine:movies:tmdb:9']

      const memory = createStores(createStorage({ driver: memoryDriver() }))
      const progress: Array<[number, number]> = []
      const out = await copyCatalog(ctx.stores, memory, { batchSize: 50, onProgress: (copied, total) => progress.push([copied, total]) })
      const total = Object.keys(original).length
      expect(Object.values(out.keys).reduce((sum, count) => sum + count, 0)).toBe(total)
      expect(out.keys).toMatchObject({ movies: 3, people: 61, credits: 2, filmography: 61, images: 1, stats: 1, aliases: 1, meta: 2 })
      expect(out.keys).not.toHaveProperty('quarantine')
      expect(progress.at(-1)).toEqual([total, total])
      expect(progress.length).toBe(Math.ceil(total / 50))

      const back = await ctx.another()
      const returned = await copyCatalog(memory, back)
      expect(returned).toEqual({ keys: out.keys, bytes: out.bytes })
      expect(await ctx.dump(back)).toEqual(original)
      expect(await back.movies.get('tmdb:550')).toEqual({ ...fightClub(), filePath: '/films/Fight Club.mkv' })
      expect(await back.images.get('tmdb:550', { size: 'original', file: 'poster.png' })).toEqual(png)
      expect(await back.relations.forMovie('tmdb:1422')).toEqual(credits)
      expect(await back.state.get('refresh-window')).toEqual({ from: '2026-01-01' })
      expect(await back.check()).toEqual({ movies: 3, repaired: false })
      expect((await back.validate()).issues).toEqual([])
    })
  })
}
