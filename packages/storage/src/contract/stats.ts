import { type MovieStats, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import type { ContractContext } from './context.js'
import { movie, stats } from './fixtures.js'

/** Every stats record the store walks, in order. */
async function scanned(ctx: ContractContext): Promise<MovieStats[]> {
  const found: MovieStats[] = []
  for await (const record of ctx.stores.stats.scan()) found.push(record)
  return found
}

/** Part of the store contract: usage statistics. */
export function describeStatsContract(ctx: ContractContext): void {
  describe('stats', () => {
    it('updateMany runs the change per movie on what is stored, in one commit; get and scan read it back in id order', async () => {
      expect(await ctx.stores.stats.get('tmdb:550')).toBeNull()
      const seen: Array<[string, MovieStats | null]> = []
      const count = (current: MovieStats | null, movieId: string) => {
        seen.push([movieId, current])
        return { ...(current ?? stats(movieId, 0)), views: (current?.views ?? 0) + 1 }
      }
      await ctx.stores.stats.updateMany(['tmdb:603', 'tmdb:10', 'tmdb:9', 'tmdb:603'], count)
      await ctx.stores.stats.updateMany(['tmdb:603'], count)
      expect(seen.map(([movieId, current]) => [movieId, current?.views ?? null])).toEqual([
        ['tmdb:603', null],
        ['tmdb:10', null],
        ['tmdb:9', null],
        ['tmdb:603', 1],
      ])
      expect(await ctx.stores.stats.get('tmdb:603')).toEqual({ ...stats('tmdb:603', 0), views: 2 })
      expect((await scanned(ctx)).map((record) => [record.movieId, record.views])).toEqual([
        ['tmdb:9', 1],
        ['tmdb:10', 1],
        ['tmdb:603', 2],
      ])
    })

    it('a change returning null leaves that movie as it is', async () => {
      await ctx.stores.stats.updateMany(['tmdb:550'], () => stats('tmdb:550', 5))
      const before = await ctx.dump()
      await ctx.stores.stats.updateMany(['tmdb:550', 'tmdb:603'], () => null)
      expect(await ctx.dump()).toEqual(before)
    })

    it('refuses stats its schema refuses or of a newer version, and writes nothing of the flush', async () => {
      await ctx.refusedUntouched(() => ctx.stores.stats.updateMany(['tmdb:603', 'tmdb:550'], (_, movieId) => ({ ...stats(movieId), views: movieId === 'tmdb:550' ? -1 : 1 })), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.stats.updateMany(['tmdb:550'], () => ({ ...stats('tmdb:550'), schemaVersion: SCHEMA_VERSION + 1 })), SchemaVersionError)
      await ctx.refusedUntouched(() => ctx.stores.stats.updateMany(['tmdb:550'], () => stats('tmdb:603')), RecordInvalidError)
    })

    it('a corrupt stats record never blocks counting: the change gets null, the bytes are kept aside', async () => {
      await ctx.stores.stats.updateMany(['tmdb:603'], () => stats('tmdb:603', 3))
      await ctx.writeRaw('stats:tmdb:550', '{"views": 12')
      expect((await scanned(ctx)).map((record) => record.movieId)).toEqual(['tmdb:603'])
      const seen: Array<MovieStats | null> = []
      await ctx.stores.stats.updateMany(['tmdb:550', 'tmdb:603'], (current, movieId) => {
        seen.push(current)
        return { ...(current ?? stats(movieId, 0)), views: (current?.views ?? 0) + 1 }
      })
      expect(seen.map((current) => current?.views ?? null)).toEqual([null, 3])
      expect(await ctx.stores.stats.get('tmdb:550')).toEqual({ ...stats('tmdb:550', 0), views: 1 })
      expect(await ctx.stores.stats.get('tmdb:603')).toEqual({ ...stats('tmdb:603', 3), views: 4 })
      expect(await ctx.readRaw('quarantine:stats:tmdb:550')).toBe('{"views": 12')
    })

    it("a movie's change writes its stats with it, and its removal takes them", async () => {
      await ctx.stores.movies.update('tmdb:550', () => ({ movie: movie(550), stats: stats('tmdb:550', 7) }))
      expect(await ctx.stores.stats.get('tmdb:550')).toEqual(stats('tmdb:550', 7))
      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.stores.stats.get('tmdb:550')).toBeNull()
      expect(await scanned(ctx)).toEqual([])
    })

    it('get refuses stats stored under another movie', async () => {
      await ctx.writeRaw('stats:tmdb:603', JSON.stringify(stats('tmdb:550')))
      await expect(ctx.stores.stats.get('tmdb:603')).rejects.toBeInstanceOf(RecordInvalidError)
    })
  })
}
