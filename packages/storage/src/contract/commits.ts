import { InvalidIdError, type Movie, RecordInvalidError, type Relation } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageConflictError, StorageWriteError } from '../errors.js'
import type { ContractContext } from './context.js'
import { cast, largeCredits, movie, person, stats } from './fixtures.js'

/** Part of the store contract: a commit lands whole or not at all. */
export function describeCommitContract(ctx: ContractContext): void {
  describe('commits', () => {
    it('stores.atomic tells whether the driver commits batches as one unit', () => {
      expect(ctx.stores.atomic).toBe(ctx.atomic)
      expect(ctx.stores.kv.atomic).toBe(ctx.atomic)
    })

    it('a batch whose precondition fails writes nothing, whichever precondition it is', async () => {
      await ctx.stores.movies.put(movie(550))
      const stored = await ctx.readRaw('movies:tmdb:550')
      const writes = [
        { key: 'stats:tmdb:550', value: JSON.stringify(stats('tmdb:550')) },
        { key: 'movies:tmdb:550', value: null },
      ]
      await ctx.refusedUntouched(() => ctx.stores.kv.commit({ checks: [{ key: 'movies:tmdb:550', value: `${stored} ` }], writes }), StorageConflictError)
      await ctx.refusedUntouched(() => ctx.stores.kv.commit({ checks: [{ key: 'movies:tmdb:550', value: stored }, { key: 'movies:tmdb:603', value: '{}' }], writes }), StorageConflictError)
      await ctx.refusedUntouched(() => ctx.stores.kv.commit({ checks: [{ key: 'movies:tmdb:550', value: null }], writes }), StorageConflictError)
      const error = await ctx.stores.kv.commit({ checks: [{ key: 'movies:tmdb:603', value: '{}' }], writes }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CONFLICT', details: { key: 'movies:tmdb:603' } })
      // Preconditions met: everything is written, removals included.
      await ctx.stores.kv.commit({ checks: [{ key: 'movies:tmdb:550', value: stored }, { key: 'movies:tmdb:603', value: null }], writes, durable: true })
      expect(await ctx.readRaw('movies:tmdb:550')).toBeNull()
      expect(await ctx.readRaw('stats:tmdb:550')).toBe(writes[0]!.value)
    })

    it('an ifAbsent write is made only where the key holds nothing, and reported when skipped', async () => {
      await ctx.writeRaw('people:tmdb:287', 'kept')
      const result = await ctx.stores.kv.commit({
        checks: [],
        writes: [
          { key: 'people:tmdb:287', value: 'replacement', ifAbsent: true },
          { key: 'people:tmdb:819', value: 'new', ifAbsent: true },
        ],
      })
      expect(result.skipped).toEqual(['people:tmdb:287'])
      expect([await ctx.readRaw('people:tmdb:287'), await ctx.readRaw('people:tmdb:819')]).toEqual(['kept', 'new'])
    })

    it('a change refused anywhere — record, person, credit, alias, absorbed id — writes none of its parts', async () => {
      await ctx.stores.movies.put(movie(603))
      const { credits, people } = largeCredits('tmdb:550', 40)
      const valid = { movie: movie(550), credits, people, aliases: ['imdb:tt0137523'], stats: stats('tmdb:550') }
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, people: [...people.slice(0, 20), { ...person(1, 'Bad'), level: 'deep' } as never, ...people.slice(20)] })), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, credits: [...credits, { ...cast('tmdb:1', 'tmdb:550', 'x'), order: 'first' } as unknown as Relation] })), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, aliases: ['imdb:tt0137523', 'imdb:../../etc'] })), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, absorbs: ['tmdb:603', 'local:../x'] })), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, stats: { ...stats('tmdb:550'), plays: -1 } })), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => ({ ...valid, movie: { ...movie(550), year: 'MCMXCIX' } as unknown as Movie })), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:550', () => Promise.reject(new TypeError('the change itself failed'))), TypeError)
    })

    it('updateMany: a change that cannot be made is its own outcome, written nowhere; the others are committed', async () => {
      await ctx.stores.movies.put(movie(1))
      const outcomes = await ctx.stores.movies.updateMany([
        { id: 'tmdb:1', change: (current) => current && { movie: { ...current, title: 'One' } } },
        { id: 'tmdb:2', change: () => ({ movie: movie(2), stats: stats('tmdb:2') }) },
        { id: 'tmdb:3', change: () => ({ movie: { ...movie(3), level: 7 } as unknown as Movie }) },
      ])
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(RecordInvalidError)
      expect((await ctx.stores.movies.get('tmdb:1'))?.title).toBe('One')
      expect(await ctx.stores.stats.get('tmdb:2')).toEqual(stats('tmdb:2'))
      expect(await ctx.keys('movies:tmdb:3')).toEqual([])
      expect(await ctx.keys('summaries:tmdb:3')).toEqual([])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('a removal of a movie with hundreds of credits is one commit', async () => {
      const { credits, people } = largeCredits('tmdb:550', 300)
      await ctx.stores.movies.update('tmdb:550', () => ({ movie: movie(550, { level: 'medium' }), credits, people, aliases: ['imdb:tt0137523'] }))
      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.keys('filmography:')).toEqual([])
      expect(await ctx.keys('credits:')).toEqual([])
      expect(await ctx.stores.people.count()).toBe(300)
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it.runIf(ctx.atomic)('a batch the driver fails half-way through leaves nothing (atomic drivers)', async () => {
      await ctx.stores.movies.put(movie(550))
      const before = await ctx.dump()
      const error = await ctx.stores.kv
        .commit({
          checks: [{ key: 'movies:tmdb:550', value: await ctx.readRaw('movies:tmdb:550') }],
          writes: [
            { key: 'stats:tmdb:550', value: JSON.stringify(stats('tmdb:550')) },
            { key: 'movies:tmdb:550', value: null },
            // Not text, not bytes: no driver can store it.
            { key: 'credits:tmdb:550', value: 42 as unknown as string },
            { key: 'people:tmdb:287', value: JSON.stringify(person(287, 'Brad Pitt')) },
          ],
        })
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(StorageWriteError)
      expect(await ctx.dump()).toEqual(before)
      expect(await ctx.stores.movies.get('tmdb:550')).toEqual(movie(550))
    })
  })
}
