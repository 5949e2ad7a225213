import type { Movie, MovieChange, MovieStats, Person } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageConflictError } from '../errors.js'
import type { ContractContext } from './context.js'
import { movie, person, stats } from './fixtures.js'

/** A plugin field holding the marks each change appended: a lost change is a missing mark. */
type Marked = Movie & { marks?: string[] }

/** A change appending `mark` to the movie's marks, creating the movie when needed. */
export function addMark(mark: string): MovieChange {
  return (current) => {
    const base = (current ?? movie(550)) as Marked
    return { movie: { ...base, marks: [...(base.marks ?? []), mark] } as Movie }
  }
}

const marksOf = (found: Movie | null) => (found as Marked | null)?.marks ?? []

/**
 * Part of the store contract: a change computed from an older record is run again on the newer
 * one, never written over it. Another writer (another process) is stood for by other stores on
 * the same storage, committing between the change's read and its commit.
 */
export function describeConflictContract(ctx: ContractContext): void {
  describe('conflicts', () => {
    it('a change whose record changed since it was read is run again on the newer record', async () => {
      const other = ctx.open()
      await ctx.stores.movies.update('tmdb:550', addMark('first'))
      const seen: string[][] = []
      const result = await ctx.stores.movies.update('tmdb:550', async (current, context) => {
        seen.push(marksOf(current))
        // Another process commits after this change read the record, before it commits.
        if (seen.length === 1) await other.movies.update('tmdb:550', addMark('elsewhere'))
        return addMark('here')(current, context)
      })
      expect(seen).toEqual([['first'], ['first', 'elsewhere']])
      expect(marksOf(result.before)).toEqual(['first', 'elsewhere'])
      expect(marksOf(result.after)).toEqual(['first', 'elsewhere', 'here'])
      for (const reader of [ctx.stores, other, ctx.open()]) expect(marksOf(await reader.movies.get('tmdb:550'))).toEqual(['first', 'elsewhere', 'here'])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it("what another writer committed is what a read gives next, whatever was read before", async () => {
      const other = ctx.open()
      await ctx.stores.movies.update('tmdb:550', addMark('first'))
      expect(marksOf(await other.movies.get('tmdb:550'))).toEqual(['first'])
      await other.movies.update('tmdb:550', addMark('elsewhere'))
      expect(marksOf(await ctx.stores.movies.get('tmdb:550'))).toEqual(['first', 'elsewhere'])
      await ctx.stores.movies.remove('tmdb:550')
      expect(await other.movies.get('tmdb:550')).toBeNull()
      expect(await other.movies.find('tmdb:550')).toBeNull()
    })

    it('a change that keeps meeting newer records gives up with CINELAYER_ERR_STORAGE_CONFLICT, having written nothing of its own', async () => {
      const other = ctx.open()
      await ctx.stores.movies.update('tmdb:550', addMark('first'))
      let runs = 0
      const error = await ctx.stores.movies
        .update('tmdb:550', async (current, context) => {
          runs++
          await other.movies.update('tmdb:550', addMark(`elsewhere ${runs}`))
          return { ...(await addMark('here')(current, context))!, people: [person(287, 'Brad Pitt')] }
        })
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(StorageConflictError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CONFLICT', details: { key: 'movies:tmdb:550', attempts: runs } })
      expect(runs).toBeGreaterThan(1)
      const marks = marksOf(await ctx.open().movies.get('tmdb:550'))
      expect(marks).not.toContain('here')
      expect(marks).toHaveLength(runs + 1)
      expect(await ctx.stores.people.get('tmdb:287')).toBeNull()
    })

    it('changes to one movie from two stores at once: none is lost', async () => {
      const other = ctx.open()
      await ctx.stores.movies.put(movie(550))
      await Promise.all(
        Array.from({ length: 12 }, (_, index) => [ctx.stores.movies.update('tmdb:550', addMark(`a${index}`)), other.movies.update('tmdb:550', addMark(`b${index}`))]).flat(),
      )
      const marks = marksOf(await ctx.open().movies.get('tmdb:550'))
      expect(marks.toSorted()).toEqual(Array.from({ length: 12 }, (_, index) => [`a${index}`, `b${index}`]).flat().toSorted())
    })

    it('changes to one movie in one store are run one after the other, each on the record the previous one wrote', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, index) => ctx.stores.movies.update('tmdb:550', addMark(String(index)))))
      expect(marksOf(await ctx.stores.movies.get('tmdb:550'))).toEqual(Array.from({ length: 30 }, (_, index) => String(index)))
    })

    it('updateMany re-runs its changes when another writer committed to one of their movies', async () => {
      const other = ctx.open()
      for (const tmdb of [1, 2]) await ctx.stores.movies.put(movie(tmdb))
      let interfered = false
      const results = await ctx.stores.movies.updateMany([
        { id: 'tmdb:1', change: addMark('one') },
        {
          id: 'tmdb:2',
          change: async (current, context) => {
            if (!interfered) {
              interfered = true
              await other.movies.update('tmdb:1', addMark('elsewhere'))
            }
            return addMark('two')(current, context)
          },
        },
      ])
      expect(results.map((result) => marksOf(result.status === 'fulfilled' ? result.value.after : null))).toEqual([['elsewhere', 'one'], ['two']])
      expect(marksOf(await ctx.open().movies.get('tmdb:1'))).toEqual(['elsewhere', 'one'])
      expect(marksOf(await ctx.open().movies.get('tmdb:2'))).toEqual(['two'])
    })

    it('a merge is run again when the movie it absorbs changed meanwhile, and carries over what is newest', async () => {
      const other = ctx.open()
      const local = 'local:0123456789abcdef'
      await ctx.stores.movies.update(local, () => ({ movie: { ...movie(1), id: local, ids: { local: '0123456789abcdef' } }, aliases: ['imdb:tt0137523'], stats: stats(local, 2) }))
      await ctx.stores.movies.put(movie(550))
      let runs = 0
      const merged = await ctx.stores.movies.update('tmdb:550', async (current, context) => {
        runs++
        const absorbed = await context.movie(local)
        const usage = await context.stats(local)
        // Another process renames the absorbed movie and counts a view after this change read them.
        if (runs === 1) {
          await other.movies.update(local, (found) => found && { movie: { ...found, title: 'Renamed elsewhere' } })
          await other.stats.updateMany([local], (found) => found && { ...found, views: 5 })
        }
        return { movie: { ...current!, title: absorbed!.title! }, absorbs: [local], stats: { ...usage!, movieId: 'tmdb:550' } }
      })
      expect(runs).toBe(2)
      expect(merged.after?.title).toBe('Renamed elsewhere')
      const reader = ctx.open()
      expect(await reader.movies.get(local)).toBeNull()
      expect(await reader.movies.resolve(local)).toBe('tmdb:550')
      expect(await reader.movies.resolve('imdb:tt0137523')).toBe('tmdb:550')
      expect(await reader.stats.get('tmdb:550')).toEqual({ ...stats(local, 2), views: 5, movieId: 'tmdb:550' })
      expect(await reader.stats.get(local)).toBeNull()
      expect(await ctx.keys('aliases-of:')).toEqual(['aliases-of:tmdb:550:imdb:tt0137523', `aliases-of:tmdb:550:${local}`])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it("a person's change is run again when the person changed meanwhile", async () => {
      const other = ctx.open()
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      const seen: Array<string | undefined> = []
      const result = await ctx.stores.people.update('tmdb:287', async (current) => {
        seen.push(current?.biography)
        if (seen.length === 1) await other.people.update('tmdb:287', (found) => found && { person: { ...found, biography: 'from elsewhere' } })
        return current && { person: { ...current, knownForDepartment: 'Acting' } as Person }
      })
      expect(seen).toEqual([undefined, 'from elsewhere'])
      expect(result).toMatchObject({ biography: 'from elsewhere', knownForDepartment: 'Acting' })
      expect(await ctx.open().people.get('tmdb:287')).toMatchObject({ biography: 'from elsewhere', knownForDepartment: 'Acting' })
    })

    it('a stats flush loses nothing of another writer flushing the same movies at the same time', async () => {
      const other = ctx.open()
      const ids = Array.from({ length: 40 }, (_, index) => `tmdb:${index + 1}`)
      const add = (current: MovieStats | null, movieId: string) => ({ ...(current ?? stats(movieId, 0)), views: (current?.views ?? 0) + 1 })
      let elsewhere: Promise<void> | undefined
      // The other flush starts once this one has read its first record, and counts that movie
      // (and four others) while this one reads the rest: whichever commits last must not undo it.
      await ctx.stores.stats.updateMany(ids, (current, movieId) => {
        elsewhere ??= other.stats.updateMany(ids.slice(0, 5), add)
        return add(current, movieId)
      })
      await elsewhere
      const views = await Promise.all(ids.map(async (id) => (await ctx.open().stats.get(id))?.views))
      expect(views).toEqual(ids.map((_, index) => (index < 5 ? 2 : 1)))
    })
  })
}
