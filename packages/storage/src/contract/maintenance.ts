import { type Movie, SCHEMA_VERSION, recordBytes } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageClosedError } from '../errors.js'
import type { ContractContext } from './context.js'
import { T0, cast, fightClub, movie, person, stats } from './fixtures.js'

const at = new Date(T0).toISOString()

/** A small catalog written through the stores: two movies, an alias, a person, credits, stats. */
export async function populate(ctx: ContractContext): Promise<void> {
  await ctx.stores.movies.update('tmdb:550', () => ({
    movie: { ...fightClub(), filePath: '/films/Fight Club.mkv' },
    credits: [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')],
    people: [person(287, 'Brad Pitt')],
    aliases: ['imdb:tt0137523'],
    stats: stats('tmdb:550'),
  }))
  await ctx.stores.movies.put(movie(603))
}

/** Issues of a validation as `kind key`, sorted. */
async function findings(ctx: ContractContext, fix = false): Promise<string[]> {
  return (await ctx.stores.validate({ fix })).issues.map((issue) => `${issue.kind} ${issue.key}`).sort()
}

/** Part of the store contract: validate, quarantine, reindex, check, migrate, close. */
export function describeMaintenanceContract(ctx: ContractContext): void {
  describe('maintenance', () => {
    it('validate finds nothing wrong in a store written through the stores, and writes nothing', async () => {
      await populate(ctx)
      const before = await ctx.dump()
      const report = await ctx.stores.validate()
      expect(report).toMatchObject({ ok: true, fix: false, fixed: 0, unfixed: 0, issues: [], quarantined: [] })
      expect(report.checked).toEqual({ movies: 2, people: 1, stats: 1, aliases: 1, credits: 1 })
      expect(await ctx.dump()).toEqual(before)
    })

    it('validate reports derived entries that disagree with the records; fix rewrites them; a second pass is clean', async () => {
      await populate(ctx)
      await ctx.writeRaw('summaries:tmdb:603', null)
      await ctx.writeRaw('levels:deep:tmdb:550', '1')
      await ctx.writeRaw('levels:basic:tmdb:550', null)
      await ctx.writeRaw('aliases-of:tmdb:550:imdb:tt0137523', null)
      await ctx.writeRaw('filmography:tmdb:287:tmdb:550', null)
      await ctx.writeRaw('aliases:wikidata:Q83495', JSON.stringify({ id: 'tmdb:999' }))
      await ctx.writeRaw('credits:tmdb:999', JSON.stringify([cast('tmdb:287', 'tmdb:999', 'Ghost')]))
      const expected = [
        'alias-dangling aliases:wikidata:Q83495',
        'index-extra levels:deep:tmdb:550',
        'index-missing aliases-of:tmdb:550:imdb:tt0137523',
        'index-missing filmography:tmdb:287:tmdb:550',
        'index-missing levels:basic:tmdb:550',
        'index-missing summaries:tmdb:603',
        'relation-orphan credits:tmdb:999',
      ]
      expect(await findings(ctx)).toEqual(expected)
      const fixed = await ctx.stores.validate({ fix: true })
      expect(fixed).toMatchObject({ ok: true, fix: true, fixed: expected.length, unfixed: 0 })
      expect(await findings(ctx)).toEqual([])
      expect(await ctx.stores.movies.list({ level: 'basic' })).toMatchObject({ totalResults: 1 })
      expect(await ctx.stores.relations.forPerson('tmdb:287')).toEqual([cast('tmdb:287', 'tmdb:550', 'Tyler Durden')])
    })

    it('fix quarantines a movie that is not JSON: bytes kept, the movie rebuilt from its id, listings whole again', async () => {
      await populate(ctx)
      const broken = '{"schemaVersion":1,"id":"tmdb:550","title":"Fight'
      await ctx.writeRaw('movies:tmdb:550', broken)
      expect(await findings(ctx)).toEqual(['record-corrupt movies:tmdb:550'])
      const report = await ctx.stores.validate({ fix: true })
      expect(report).toMatchObject({ ok: true, quarantined: [{ key: 'movies:tmdb:550', keptAt: 'quarantine:movies:tmdb:550' }] })
      expect(await ctx.readRaw('quarantine:movies:tmdb:550')).toBe(broken)
      expect(await ctx.stores.movies.get('tmdb:550')).toMatchObject({ id: 'tmdb:550', ids: { tmdb: 550 }, level: 'initial', locks: [] })
      expect((await ctx.stores.movies.list()).unreadable).toEqual([])
      expect(await findings(ctx)).toEqual([])
    })

    it('fix quarantines a movie its schema refuses and keeps what can be read of it: ids, identity, edits and the locks they carry', async () => {
      await populate(ctx)
      const edited: Movie = {
        ...fightClub(),
        filePath: '/films/Fight Club.mkv',
        overview: 'Mine',
        edits: { overview: { value: 'Mine', at }, title: { value: 'Fight Club', at } },
        locks: ['overview', 'trailer'],
      }
      await ctx.stores.movies.put(edited)
      await ctx.writeRaw('movies:tmdb:550', JSON.stringify({ ...edited, facets: 'all', errors: 7 }))
      expect(await findings(ctx)).toEqual(['record-invalid movies:tmdb:550'])
      await ctx.stores.validate({ fix: true })
      const rebuilt = await ctx.stores.movies.get('tmdb:550')
      expect(rebuilt).toMatchObject({
        ids: { tmdb: 550, imdb: 'tt0137523' },
        title: 'Fight Club',
        filePath: '/films/Fight Club.mkv',
        level: 'initial',
        edits: { overview: { value: 'Mine', at }, title: { value: 'Fight Club', at } },
        locks: ['overview'],
      })
      expect(await ctx.stores.movies.withFile('/films/Fight Club.mkv')).toEqual(['tmdb:550'])
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBe('tmdb:550')
      expect(await findings(ctx)).toEqual([])
    })

    it('fix quarantines unreadable people and stats; a record of a newer schema version is reported and left', async () => {
      await populate(ctx)
      await ctx.writeRaw('people:tmdb:287', '{"name":')
      await ctx.writeRaw('stats:tmdb:550', JSON.stringify({ ...stats('tmdb:550'), views: 'many' }))
      const newer = JSON.stringify({ ...movie(603), schemaVersion: SCHEMA_VERSION + 1 })
      await ctx.writeRaw('movies:tmdb:603', newer)
      const report = await ctx.stores.validate({ fix: true })
      expect(report.issues.map((issue) => `${issue.kind} ${issue.key} ${issue.fixed}`).sort()).toEqual([
        'record-corrupt people:tmdb:287 true',
        'record-invalid stats:tmdb:550 true',
        'relation-person-missing people:tmdb:287 false',
        'schema-newer movies:tmdb:603 false',
      ])
      expect(report).toMatchObject({ ok: false, unfixed: 2 })
      expect(await ctx.readRaw('quarantine:people:tmdb:287')).toBe('{"name":')
      expect(await ctx.readRaw('people:tmdb:287')).toBeNull()
      expect(await ctx.readRaw('movies:tmdb:603')).toBe(newer)
    })

    it('reindex rebuilds every derived entry from the records', async () => {
      await populate(ctx)
      for (const prefix of ['summaries:', 'levels:', 'files:', 'aliases-of:', 'filmography:']) {
        for (const key of await ctx.keys(prefix)) await ctx.writeRaw(key, null)
      }
      const report = await ctx.stores.reindex()
      expect(report.ok).toBe(true)
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(1)
      expect(await ctx.stores.movies.withFile('/films/Fight Club.mkv')).toEqual(['tmdb:550'])
      expect(await ctx.stores.relations.forPerson('tmdb:287')).toHaveLength(1)
      expect(await findings(ctx)).toEqual([])
    })

    it('check marks a new store, finds a healthy one as it is, and repairs one whose derived entries were lost', async () => {
      await populate(ctx)
      expect(await ctx.readRaw('meta:layout')).toBe(JSON.stringify({ version: 2 }))
      expect(await ctx.open().check()).toEqual({ movies: 2, repaired: false })
      await ctx.writeRaw('levels:initial:tmdb:603', null)
      await ctx.writeRaw('summaries:tmdb:550', null)
      const other = ctx.open()
      expect(await other.check()).toMatchObject({ movies: 2, repaired: true, report: { ok: true } })
      // A listing waits for the check: the lost entries are back before it reads them.
      expect(await ctx.open().movies.count({ level: 'initial' })).toBe(1)
      expect(await findings(ctx)).toEqual([])
    })

    it('migrations upgrade older records on read; the next write stores them current; migrate() rewrites the rest', async () => {
      const legacy = (tmdb: number) => {
        const { title, ...rest } = movie(tmdb)
        return JSON.stringify({ ...rest, schemaVersion: 0, name: title })
      }
      const migrations = { movie: { 0: ({ name, ...record }: Record<string, unknown>) => ({ ...record, title: name, level: 'basic' }) } }
      const stores = ctx.open({ migrations })
      await ctx.writeRaw('movies:tmdb:1', legacy(1))
      await ctx.writeRaw('movies:tmdb:2', legacy(2))
      await ctx.writeRaw('stats:tmdb:2', JSON.stringify({ ...stats('tmdb:2'), schemaVersion: 0 }))
      const read = await stores.movies.get('tmdb:1')
      expect(read).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Movie 1', level: 'basic' })
      expect(read).not.toHaveProperty('name')
      expect(JSON.parse((await ctx.readRaw('movies:tmdb:1'))!)).toMatchObject({ schemaVersion: 0 })
      await expect(ctx.stores.movies.get('tmdb:2')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_MIGRATION_MISSING', details: { fromVersion: 0 } })

      const report = await stores.migrate()
      expect(report).toMatchObject({ schemaVersion: SCHEMA_VERSION, migrated: { movies: 2, people: 0, stats: 0 }, upToDate: 0 })
      expect(report.failed).toEqual([{ key: 'stats:tmdb:2', code: 'CINELAYER_ERR_STORAGE_MIGRATION_MISSING', message: expect.stringContaining('stats:tmdb:2') }])
      expect(JSON.parse((await ctx.readRaw('movies:tmdb:1'))!)).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Movie 1' })
      expect(await ctx.open().movies.get('tmdb:2')).toMatchObject({ title: 'Movie 2', level: 'basic' })
      // The migration moved the movies to "basic": their level entries and summaries followed.
      expect(await stores.movies.count({ level: 'basic' })).toBe(2)
      expect((await stores.validate()).issues.map((issue) => `${issue.kind} ${issue.key}`)).toEqual(['migration-failed stats:tmdb:2'])
    })

    it('bytesStored counts records and images, not derived entries', async () => {
      expect(await ctx.stores.bytesStored()).toBe(0)
      await populate(ctx)
      await ctx.stores.images.put('tmdb:550', { size: 'w780', file: 'poster.jpg' }, new Uint8Array(1000))
      const records = await Promise.all(['movies:', 'aliases:', 'people:', 'credits:', 'filmography:', 'stats:'].map(async (base) => {
        let total = 0
        for (const key of await ctx.keys(base)) total += Buffer.byteLength((await ctx.readRaw(key))!)
        return total
      }))
      expect(await ctx.stores.bytesStored()).toBe(records.reduce((sum, bytes) => sum + bytes, 0) + 1000)
      expect(records[0]).toBe(recordBytes({ ...fightClub(), filePath: '/films/Fight Club.mkv' }) + recordBytes(movie(603)))
    })

    it('named state survives in the store', async () => {
      expect(await ctx.stores.state.get('refresh-window')).toBeNull()
      await ctx.stores.state.set('refresh-window', { from: '2026-01-01', pages: [1, 2] })
      expect(await ctx.open().state.get('refresh-window')).toEqual({ from: '2026-01-01', pages: [1, 2] })
    })

    it('after close, every call is refused with CINELAYER_ERR_STORAGE_CLOSED', async () => {
      await populate(ctx)
      const stores = ctx.stores
      await stores.close()
      const calls: Array<() => Promise<unknown>> = [
        () => stores.movies.get('tmdb:550'),
        () => stores.movies.update('tmdb:550', (current) => current && { movie: current }),
        () => stores.movies.list(),
        () => stores.people.get('tmdb:287'),
        () => stores.relations.forMovie('tmdb:550'),
        () => stores.stats.updateMany(['tmdb:550'], (current) => current),
        () => stores.images.get('tmdb:550', { size: 'w780', file: 'poster.jpg' }),
        () => stores.validate(),
      ]
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StorageClosedError)
    })
  })
}
