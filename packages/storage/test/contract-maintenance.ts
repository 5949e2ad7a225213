import { SCHEMA_VERSION } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { createStores } from '../src/index.js'
import { type ContractContext, dump, storedJson } from './contract.js'
import { cast, fightClub, movie, person, stats } from './records.js'

/** Part of the store contract: reindex, validate (and fix), migrate. */
export function describeMaintenanceContract(ctx: ContractContext): void {
  describe('maintenance', () => {
    async function populate(): Promise<void> {
      await ctx.stores.movies.put(fightClub())
      await ctx.stores.movies.put(movie(603))
      await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
      await ctx.stores.people.put(person(287, 'Brad Pitt'))
      await ctx.stores.relations.setForMovie('tmdb:550', [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')])
      await ctx.stores.stats.put(stats('tmdb:550'))
    }

    it('validate finds nothing wrong in a store written through the stores, and writes nothing', async () => {
      await populate()
      const before = await dump(ctx.storage)
      const report = await ctx.stores.validate()
      expect(report).toMatchObject({ ok: true, fix: false, fixed: 0, unfixed: 0, checked: { movies: 2, people: 1, stats: 1, aliases: 1, relationLists: 2 } })
      expect(report.issues).toEqual([])
      expect(await dump(ctx.storage)).toEqual(before)
    })

    it('reindex rebuilds every index from the records, from nothing', async () => {
      await populate()
      for (const key of await ctx.storage.getKeys('index')) await ctx.storage.removeItem(key)
      expect(await ctx.stores.movies.ids()).toEqual([])
      const report = await ctx.stores.reindex()
      expect(report).toMatchObject({ movies: 2, levels: { basic: 1, initial: 1 }, people: 1, stats: 1, aliases: 1, unreadable: [] })
      expect(await ctx.stores.movies.ids()).toEqual(['tmdb:550', 'tmdb:603'])
      expect((await ctx.stores.movies.list({ level: 'basic' })).results).toEqual([fightClub()])
      expect(await ctx.stores.people.ids()).toEqual(['tmdb:287'])
      // The reverse alias index is back: removing the movie takes its alias.
      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.storage.hasItem('aliases:imdb:tt0137523')).toBe(false)
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('validate reports what writes behind the stores left, and fix repairs the indexes', async () => {
      await populate()
      await ctx.storage.setItem('movies:tmdb:9', JSON.stringify(movie(9)))
      await ctx.storage.removeItem('movies:tmdb:603')
      await ctx.storage.setItem('movies:tmdb:550', JSON.stringify({ ...fightClub(), level: 'medium' }))
      await ctx.storage.setItem('index:movies:s:zz', '["tmdb:1"]')
      const report = await ctx.stores.validate()
      expect(report.ok).toBe(false)
      const kinds = report.issues.map((issue) => issue.kind).sort()
      expect(kinds).toEqual(['index-broken', 'index-extra', 'index-extra', 'index-level', 'index-missing', 'index-missing', 'index-missing'])
      const fixed = await ctx.stores.validate({ fix: true })
      expect(fixed).toMatchObject({ ok: true, fix: true, unfixed: 0 })
      expect(fixed.reindexed?.movies).toBe(2)
      expect(await ctx.stores.movies.ids()).toEqual(['tmdb:9', 'tmdb:550'])
      expect((await ctx.stores.movies.list({ level: 'medium' })).results.map((m) => m.id)).toEqual(['tmdb:550'])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('validate fixes dangling aliases, orphan credits and one-sided credits; leaves what needs a person', async () => {
      await populate()
      await ctx.stores.movies.alias('wikidata:Q83495', 'tmdb:999')
      await ctx.storage.setItem('relations:movie:tmdb:999', JSON.stringify([cast('tmdb:287', 'tmdb:999', 'Ghost')]))
      await ctx.storage.setItem('relations:movie:tmdb:603', JSON.stringify([cast('tmdb:6384', 'tmdb:603', 'Neo')]))
      await ctx.storage.setItem('movies:tmdb:42', '{"not json')
      await ctx.storage.setItem('people:tmdb:1', JSON.stringify({ ...person(1, 'Someone'), schemaVersion: SCHEMA_VERSION + 1 }))
      const report = await ctx.stores.validate({ fix: true })
      const summary = report.issues.map((issue) => `${issue.kind}:${issue.key}:${issue.fixed}`).sort()
      expect(summary).toEqual([
        'alias-dangling:aliases:wikidata:Q83495:true',
        'index-missing:index:movies:dir:true',
        'index-missing:index:people:dir:true',
        'record-corrupt:movies:tmdb:42:false',
        'relation-one-sided:relations:person:tmdb:6384:true',
        'relation-orphan:relations:movie:tmdb:999:true',
        'relation-person-missing:people:tmdb:6384:false',
        'schema-newer:people:tmdb:1:false',
      ])
      expect(report).toMatchObject({ ok: false, fixed: 5, unfixed: 3 })
      expect(await ctx.storage.getItemRaw('movies:tmdb:42').then((raw: unknown) => String(raw))).toBe('{"not json')
      expect(await ctx.stores.relations.forPerson('tmdb:6384')).toEqual([cast('tmdb:6384', 'tmdb:603', 'Neo')])
      expect(await ctx.storage.hasItem('relations:movie:tmdb:999')).toBe(false)
      expect(await ctx.storage.hasItem('aliases:wikidata:Q83495')).toBe(false)
    })

    it('migrations upgrade old records on read, the next write stores them current, migrate() does the rest', async () => {
      const legacy = (id: number) => {
        const { title, ...rest } = movie(id)
        return { ...rest, schemaVersion: 0, name: title }
      }
      const migrations = { movie: { 0: ({ name, ...record }: Record<string, unknown>) => ({ ...record, title: name, level: 'basic' }) } }
      const stores = createStores(ctx.storage, { migrations })
      await stores.movies.put(movie(1))
      await ctx.storage.setItem('movies:tmdb:1', JSON.stringify(legacy(1)))
      await ctx.storage.setItem('movies:tmdb:2', JSON.stringify(legacy(2)))
      await ctx.storage.setItem('stats:tmdb:2', JSON.stringify({ ...stats('tmdb:2'), schemaVersion: 0 }))
      await stores.reindex()

      const read = await stores.movies.get('tmdb:1')
      expect(read).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Movie 1', level: 'basic' })
      expect(read).not.toHaveProperty('name')
      expect(await storedJson(ctx.storage, 'movies:tmdb:1')).toMatchObject({ schemaVersion: 0 })
      await stores.movies.put(read!)
      expect(await storedJson(ctx.storage, 'movies:tmdb:1')).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Movie 1' })

      await expect(ctx.stores.movies.get('tmdb:2')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_MIGRATION_MISSING', details: { fromVersion: 0 } })
      const report = await stores.migrate()
      expect(report).toMatchObject({ schemaVersion: SCHEMA_VERSION, migrated: { movies: 1, people: 0, stats: 0 }, upToDate: 1 })
      expect(report.failed).toEqual([{ key: 'stats:tmdb:2', code: 'CINELAYER_ERR_STORAGE_MIGRATION_MISSING', message: expect.stringContaining('stats:tmdb:2') }])
      expect(await ctx.stores.movies.get('tmdb:2')).toMatchObject({ title: 'Movie 2', level: 'basic' })
      // The migration moved the movie to "basic": the level index followed.
      expect((await stores.movies.list({ level: 'basic' })).results.map((m) => m.id)).toEqual(['tmdb:1', 'tmdb:2'])
      expect((await stores.validate()).issues.map((issue) => issue.kind)).toEqual(['migration-failed'])
    })
  })
}
