import { InvalidIdError, type Movie, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError, recordBytes } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError } from '../src/index.js'
import { type ContractContext, dump, recordKeys } from './contract.js'
import { cast, fightClub, hostileMovieIds, movie, stats } from './records.js'

/** Part of the store contract: the movie store: records, aliases, ids, sizes, listing, corruption. */
export function describeMovieContract(ctx: ContractContext): void {
  describe('movies', () => {
    it('get gives null for a movie never stored', async () => {
      expect(await ctx.stores.movies.get('tmdb:550')).toBeNull()
    })

    it('put then get gives the same record back, unknown plugin fields included', async () => {
      await ctx.stores.movies.put(fightClub())
      expect(await ctx.stores.movies.get('tmdb:550')).toEqual(fightClub())
    })

    it('stores one JSON record under movies:<namespace>:<value>', async () => {
      await ctx.stores.movies.put(fightClub())
      expect(await recordKeys(ctx.storage)).toEqual(['movies:tmdb:550'])
      const raw: unknown = await ctx.storage.getItemRaw('movies:tmdb:550')
      expect(JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('utf8'))).toEqual(fightClub())
    })

    it('put replaces the whole record', async () => {
      await ctx.stores.movies.put(fightClub())
      const downgraded: Movie = { ...movie(550), title: 'Fight Club' }
      await ctx.stores.movies.put(downgraded)
      expect(await ctx.stores.movies.get('tmdb:550')).toEqual(downgraded)
    })

    it('put refuses a record that does not match the schema, and writes nothing', async () => {
      await ctx.stores.movies.put(movie(603))
      const broken = { ...movie(550), level: 42 } as unknown as Movie
      await ctx.refusedUntouched(() => ctx.stores.movies.put(broken), RecordInvalidError)
      await expect(ctx.stores.movies.put(broken)).rejects.toMatchObject({ code: 'CINELAYER_ERR_RECORD_INVALID', details: { key: 'movies:tmdb:550' } })
    })

    it('put refuses a record of a newer schema version, and writes nothing', async () => {
      await ctx.refusedUntouched(() => ctx.stores.movies.put(movie(550, { schemaVersion: SCHEMA_VERSION + 1 })), SchemaVersionError)
    })

    it.each(hostileMovieIds)('refuses the id %j everywhere before it becomes a key', async (id) => {
      await ctx.stores.movies.put(movie(550))
      await ctx.refusedUntouched(() => ctx.stores.movies.put({ ...movie(550), id }), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.get(id), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.remove(id), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.resolve(id), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.alias(id, 'tmdb:550'), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.alias('imdb:tt0137523', id), InvalidIdError)
      await ctx.refusedUntouched(() => ctx.stores.movies.sizeOf(id), InvalidIdError)
    })

    it('resolve gives a stored movie its own id, an alias its canonical id, anything else null', async () => {
      await ctx.stores.movies.put(fightClub())
      await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
      expect(await ctx.stores.movies.resolve('tmdb:550')).toBe('tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBe('tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0133093')).toBeNull()
      expect(await ctx.stores.movies.resolve('tmdb:603')).toBeNull()
      expect(await ctx.storage.getKeys('aliases')).toEqual(['aliases:imdb:tt0137523'])
    })

    it('resolve does not follow an alias to a movie that is not stored', async () => {
      await ctx.stores.movies.alias('wikidata:Q190050', 'tmdb:550')
      expect(await ctx.stores.movies.resolve('wikidata:Q190050')).toBeNull()
    })

    it('alias refuses to point an id at itself', async () => {
      await ctx.refusedUntouched(() => ctx.stores.movies.alias('tmdb:550', 'tmdb:550'), InvalidIdError)
    })

    it('ids lists every movie, digits ordered as numbers, namespaces apart', async () => {
      for (const tmdb of [603, 10, 9, 550]) await ctx.stores.movies.put(movie(tmdb))
      await ctx.stores.movies.put({ ...movie(1), id: 'imdb:tt0133093', ids: { imdb: 'tt0133093' } })
      await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
      expect(await ctx.stores.movies.ids()).toEqual(['imdb:tt0133093', 'tmdb:9', 'tmdb:10', 'tmdb:550', 'tmdb:603'])
    })

    it('sizeOf gives the bytes of the serialized record, 0 when absent', async () => {
      expect(await ctx.stores.movies.sizeOf('tmdb:550')).toBe(0)
      await ctx.stores.movies.put(fightClub())
      expect(await ctx.stores.movies.sizeOf('tmdb:550')).toBe(recordBytes(fightClub()))
    })

    it('remove takes the movie, its aliases, its stats and its credits, and nothing of other movies', async () => {
      await ctx.stores.movies.put(fightClub())
      await ctx.stores.movies.put(movie(603))
      await ctx.stores.relations.setForMovie('tmdb:550', [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')])
      await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')
      await ctx.stores.movies.alias('wikidata:Q190050', 'tmdb:550')
      await ctx.stores.movies.alias('imdb:tt0133093', 'tmdb:603')
      await ctx.stores.stats.put(stats('tmdb:550'))
      await ctx.stores.stats.put(stats('tmdb:603'))
      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.stores.movies.get('tmdb:550')).toBeNull()
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBeNull()
      expect(await ctx.stores.stats.get('tmdb:550')).toBeNull()
      expect(await recordKeys(ctx.storage)).toEqual(['aliases:imdb:tt0133093', 'movies:tmdb:603', 'relations:person:tmdb:287', 'stats:tmdb:603'])
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([])
      // The person keeps the movie in their filmography.
      expect(await ctx.stores.relations.forPerson('tmdb:287')).toEqual([cast('tmdb:287', 'tmdb:550', 'Tyler Durden')])
      expect(await ctx.stores.movies.ids()).toEqual(['tmdb:603'])
      expect(await ctx.stores.stats.all()).toEqual([stats('tmdb:603')])
      expect(await ctx.stores.movies.resolve('imdb:tt0133093')).toBe('tmdb:603')
    })

    it('remove of a movie never stored does nothing', async () => {
      await ctx.stores.movies.put(movie(603))
      const before = await dump(ctx.storage)
      await ctx.stores.movies.remove('tmdb:550')
      expect(await dump(ctx.storage)).toEqual(before)
    })

    it('list pages through movies sorted by id', async () => {
      for (const tmdb of [5, 4, 3, 2, 1]) await ctx.stores.movies.put(movie(tmdb))
      const page = await ctx.stores.movies.list({ page: 2, pageSize: 2 })
      expect(page).toMatchObject({ page: 2, pageSize: 2, totalResults: 5, totalPages: 3 })
      expect(page.results.map((m) => m.id)).toEqual(['tmdb:3', 'tmdb:4'])
      expect((await ctx.stores.movies.list({ page: 3, pageSize: 2 })).results.map((m) => m.id)).toEqual(['tmdb:5'])
      expect((await ctx.stores.movies.list({ page: 4, pageSize: 2 })).results).toEqual([])
    })

    it('list defaults to the first page of 20', async () => {
      for (let tmdb = 1; tmdb <= 25; tmdb++) await ctx.stores.movies.put(movie(tmdb))
      const page = await ctx.stores.movies.list()
      expect(page).toMatchObject({ page: 1, pageSize: 20, totalResults: 25, totalPages: 2 })
      expect(page.results.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `tmdb:${i + 1}`))
      expect(page.results[0]).toEqual(movie(1))
    })

    it('list filters on a level before paging', async () => {
      for (const tmdb of [1, 2, 3, 4]) await ctx.stores.movies.put(movie(tmdb, { level: tmdb % 2 === 0 ? 'basic' : 'initial' }))
      const page = await ctx.stores.movies.list({ level: 'basic', pageSize: 1, page: 2 })
      expect(page).toMatchObject({ page: 2, pageSize: 1, totalResults: 2, totalPages: 2 })
      expect(page.results.map((m) => m.id)).toEqual(['tmdb:4'])
      expect((await ctx.stores.movies.list({ level: 'deep' })).totalResults).toBe(0)
    })

    it('get refuses a stored value that is not JSON, naming the key, and leaves it as it was', async () => {
      await ctx.stores.movies.put(fightClub())
      await ctx.storage.setItem('movies:tmdb:550', '{"schemaVersion":1,"id":"tmdb:5')
      const before = await dump(ctx.storage)
      const error = await ctx.stores.movies.get('tmdb:550').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageCorruptError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'movies:tmdb:550' } })
      expect((error as Error).message).toContain('movies:tmdb:550')
      expect((error as Error).cause).toBeInstanceOf(SyntaxError)
      await expect(ctx.stores.movies.list()).rejects.toBeInstanceOf(StorageCorruptError)
      expect(await dump(ctx.storage)).toEqual(before)
    })

    it('get refuses a record written by a newer schema version', async () => {
      await ctx.storage.setItem('movies:tmdb:550', JSON.stringify({ ...fightClub(), schemaVersion: SCHEMA_VERSION + 1, shape: 'unknown' }))
      await expect(ctx.stores.movies.get('tmdb:550')).rejects.toMatchObject({
        code: 'CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED',
        details: { key: 'movies:tmdb:550', found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION },
      })
    })

    it('get refuses a stored record that does not match the schema, or sits under another id', async () => {
      await ctx.storage.setItem('movies:tmdb:550', JSON.stringify({ ...fightClub(), facets: 'all' }))
      await expect(ctx.stores.movies.get('tmdb:550')).rejects.toBeInstanceOf(RecordInvalidError)
      await ctx.storage.setItem('movies:tmdb:551', JSON.stringify(fightClub()))
      await expect(ctx.stores.movies.get('tmdb:551')).rejects.toThrow(/tmdb:550.*does not match the key/)
    })

    it('resolve refuses a corrupt alias record', async () => {
      await ctx.stores.movies.put(fightClub())
      await ctx.storage.setItem('aliases:imdb:tt0137523', 'tmdb:550')
      await expect(ctx.stores.movies.resolve('imdb:tt0137523')).rejects.toBeInstanceOf(StorageCorruptError)
    })
  })
}
