import { LevelSet, type Movie, type MovieSummary, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError, recordBytes, summarizeMovie } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { StorageCorruptError } from '../errors.js'
import type { ContractContext } from './context.js'
import { cast, fightClub, movie, person, stats } from './fixtures.js'

const levels = new LevelSet()

/** Every summary the store walks, in order. */
export async function allSummaries(ctx: ContractContext): Promise<MovieSummary[]> {
  const found: MovieSummary[] = []
  for await (const summary of ctx.stores.movies.summaries()) found.push(summary)
  return found
}

/** Part of the store contract: movie records through the one write path, their derived entries, listings. */
export function describeMovieContract(ctx: ContractContext): void {
  describe('movies', () => {
    it('get gives null for a movie never stored; put then get gives the record back, unknown plugin fields and non-ASCII text included', async () => {
      expect(await ctx.stores.movies.get('tmdb:550')).toBeNull()
      await ctx.stores.movies.put(fightClub())
      expect(await ctx.stores.movies.get('tmdb:550')).toEqual(fightClub())
      expect(await ctx.open().movies.get('tmdb:550')).toEqual(fightClub())
    })

    it('keeps the record as one JSON text under movies:<id>, the text getStored hands out', async () => {
      await ctx.stores.movies.put(fightClub())
      const text = await ctx.readRaw('movies:tmdb:550')
      expect(JSON.parse(text!)).toEqual(fightClub())
      expect(await ctx.stores.movies.getStored('tmdb:550')).toEqual({ movie: fightClub(), text })
      expect(await ctx.keys('movies:')).toEqual(['movies:tmdb:550'])
    })

    it('update runs the change on the record as stored (null when there is none) and tells what it did', async () => {
      const seen: Array<Movie | null> = []
      const created = await ctx.stores.movies.update('tmdb:550', (current) => {
        seen.push(current)
        return { movie: fightClub() }
      })
      expect(created).toEqual({ before: null, after: fightClub(), changed: true, peopleCreated: [], aliasesAdded: [] })
      const renamed = await ctx.stores.movies.update('tmdb:550', (current) => {
        seen.push(current)
        return current && { movie: { ...current, title: 'Fight Club (1999)' } }
      })
      expect(seen).toEqual([null, fightClub()])
      expect(renamed).toMatchObject({ before: fightClub(), after: { ...fightClub(), title: 'Fight Club (1999)' }, changed: true })
      expect(await ctx.stores.movies.get('tmdb:550')).toEqual({ ...fightClub(), title: 'Fight Club (1999)' })
    })

    it('a change that returns null writes nothing', async () => {
      await ctx.stores.movies.put(fightClub())
      const before = await ctx.dump()
      const result = await ctx.stores.movies.update('tmdb:550', () => null)
      expect(result).toEqual({ before: fightClub(), after: fightClub(), changed: false, peopleCreated: [], aliasesAdded: [] })
      expect(await ctx.stores.movies.update('tmdb:603', () => null)).toMatchObject({ before: null, after: null, changed: false })
      expect(await ctx.dump()).toEqual(before)
    })

    it('refuses a record its schema refuses, of a newer schema version, or of another movie, and writes nothing', async () => {
      await ctx.stores.movies.put(movie(603))
      await ctx.refusedUntouched(() => ctx.stores.movies.put({ ...movie(550), level: 42 } as unknown as Movie), RecordInvalidError)
      await ctx.refusedUntouched(() => ctx.stores.movies.put(movie(550, { schemaVersion: SCHEMA_VERSION + 1 })), SchemaVersionError)
      await ctx.refusedUntouched(() => ctx.stores.movies.update('tmdb:603', () => ({ movie: movie(550) })), Error)
      await expect(ctx.stores.movies.put({ ...movie(550), facets: 'all' } as unknown as Movie)).rejects.toMatchObject({
        code: 'CINELAYER_ERR_RECORD_INVALID',
        details: { key: 'movies:tmdb:550' },
      })
    })

    it('the summary, level entry and file entry follow the record through every change', async () => {
      const first = movie(550, { filePath: '/films/Fight Club (1999).mkv' })
      await ctx.stores.movies.put(first)
      expect(await ctx.keys('levels:')).toEqual(['levels:initial:tmdb:550'])
      expect(await ctx.stores.movies.withFile('/films/Fight Club (1999).mkv')).toEqual(['tmdb:550'])
      const text = await ctx.readRaw('movies:tmdb:550')
      expect(await allSummaries(ctx)).toEqual([summarizeMovie(first, levels, text!)])

      const moved = { ...fightClub(), filePath: '/library/Fight Club (1999)/Fight Club.mkv' }
      await ctx.stores.movies.put(moved)
      expect(await ctx.keys('levels:')).toEqual(['levels:basic:tmdb:550'])
      expect(await ctx.stores.movies.withFile('/films/Fight Club (1999).mkv')).toEqual([])
      expect(await ctx.stores.movies.withFile('/library/Fight Club (1999)/Fight Club.mkv')).toEqual(['tmdb:550'])
      expect(await allSummaries(ctx)).toEqual([summarizeMovie(moved, levels, (await ctx.readRaw('movies:tmdb:550'))!)])
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(1)
      expect(await ctx.stores.movies.count({ level: 'initial' })).toBe(0)

      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.keys('levels:')).toEqual([])
      expect(await ctx.keys('files:')).toEqual([])
      expect(await allSummaries(ctx)).toEqual([])
    })

    it('two movies of one file are both found by it', async () => {
      await ctx.stores.movies.put(movie(550, { filePath: '/films/double feature.mkv' }))
      await ctx.stores.movies.put(movie(603, { filePath: '/films/double feature.mkv' }))
      expect(await ctx.stores.movies.withFile('/films/double feature.mkv')).toEqual(['tmdb:550', 'tmdb:603'])
      expect(await ctx.stores.movies.withFile('/films/other.mkv')).toEqual([])
    })

    it('ids, list, count and scan go in id order (tmdb:9 before tmdb:10), namespaces apart, levels filtered before paging', async () => {
      for (const tmdb of [603, 10, 9, 550, 2]) await ctx.stores.movies.put(movie(tmdb, { level: tmdb % 2 === 0 ? 'basic' : 'initial' }))
      await ctx.stores.movies.put({ ...movie(1), id: 'imdb:tt0133093', ids: { imdb: 'tt0133093' } })
      expect(await ctx.stores.movies.ids()).toEqual(['imdb:tt0133093', 'tmdb:2', 'tmdb:9', 'tmdb:10', 'tmdb:550', 'tmdb:603'])
      const page = await ctx.stores.movies.list({ page: 2, pageSize: 4 })
      expect(page).toMatchObject({ page: 2, pageSize: 4, totalResults: 6, totalPages: 2, unreadable: [] })
      expect(page.results.map((found) => found.id)).toEqual(['tmdb:550', 'tmdb:603'])
      const basic = await ctx.stores.movies.list({ level: 'basic', pageSize: 2, page: 2 })
      expect(basic).toMatchObject({ totalResults: 3, totalPages: 2 })
      expect(basic.results.map((found) => found.id)).toEqual(['tmdb:550'])
      expect(await ctx.stores.movies.count()).toBe(6)
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(3)
      expect(await ctx.stores.movies.count({ level: 'deep' })).toBe(0)
      const scanned: string[] = []
      for await (const found of ctx.stores.movies.scan({ batchSize: 2, level: 'initial' })) scanned.push(found.id)
      expect(scanned).toEqual(['imdb:tt0133093', 'tmdb:9', 'tmdb:603'])
    })

    it('list gives the first page of 20 by default', async () => {
      for (let tmdb = 1; tmdb <= 23; tmdb++) await ctx.stores.movies.put(movie(tmdb))
      const page = await ctx.stores.movies.list()
      expect(page).toMatchObject({ page: 1, pageSize: 20, totalResults: 23, totalPages: 2 })
      expect(page.results.map((found) => found.id)).toEqual(Array.from({ length: 20 }, (_, index) => `tmdb:${index + 1}`))
      expect(page.results[0]).toEqual(movie(1))
    })

    it('sizeOf gives the bytes of the stored record (UTF-8), 0 when absent', async () => {
      expect(await ctx.stores.movies.sizeOf('tmdb:550')).toBe(0)
      await ctx.stores.movies.put(fightClub())
      expect(await ctx.stores.movies.sizeOf('tmdb:550')).toBe(recordBytes(fightClub()))
      expect((await allSummaries(ctx))[0]?.bytes).toBe(recordBytes(fightClub()))
    })

    it('aliases go both ways: resolve and find follow them, the reverse entry lets a removal take them', async () => {
      await ctx.stores.movies.put(fightClub())
      const aliased = await ctx.stores.movies.update('tmdb:550', (current) => current && { movie: current, aliases: ['imdb:tt0137523', 'wikidata:Q190050', 'tmdb:550'] })
      expect(aliased.aliasesAdded).toEqual(['imdb:tt0137523', 'wikidata:Q190050'])
      expect((await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')).aliasesAdded).toEqual([])
      expect(await ctx.keys('aliases:')).toEqual(['aliases:imdb:tt0137523', 'aliases:wikidata:Q190050'])
      expect(await ctx.keys('aliases-of:')).toEqual(['aliases-of:tmdb:550:imdb:tt0137523', 'aliases-of:tmdb:550:wikidata:Q190050'])
      expect(await ctx.stores.movies.resolve('tmdb:550')).toBe('tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBe('tmdb:550')
      expect((await ctx.stores.movies.find('wikidata:Q190050'))?.id).toBe('tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0133093')).toBeNull()
      expect(await ctx.stores.movies.find('tmdb:603')).toBeNull()

      // An alias taken by another movie leaves the first one's reverse entries.
      await ctx.stores.movies.put(movie(603))
      await ctx.stores.movies.alias('wikidata:Q190050', 'tmdb:603')
      expect(await ctx.stores.movies.resolve('wikidata:Q190050')).toBe('tmdb:603')
      expect(await ctx.keys('aliases-of:')).toEqual(['aliases-of:tmdb:550:imdb:tt0137523', 'aliases-of:tmdb:603:wikidata:Q190050'])

      await ctx.stores.movies.remove('tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBeNull()
      expect(await ctx.keys('aliases:')).toEqual(['aliases:wikidata:Q190050'])
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('merging an id that still names another movie moves it whole: no reverse entry left behind, and removing that movie keeps it', async () => {
      // A local movie merged into tmdb:1, then a movie stored again under the same local id and merged into tmdb:3.
      const local = 'local:0000000000abc001'
      const localMovie = () => ({ movie: { ...movie(1), id: local, ids: { local: local.slice(6) } } })
      await ctx.stores.movies.put(movie(1))
      await ctx.stores.movies.update(local, localMovie)
      await ctx.stores.movies.update('tmdb:1', (current) => current && { movie: current, absorbs: [local] })
      await ctx.stores.movies.update(local, localMovie)
      await ctx.stores.movies.put(movie(3))
      await ctx.stores.movies.update('tmdb:3', (current) => current && { movie: current, absorbs: [local] })
      expect(await ctx.keys('aliases-of:')).toEqual([`aliases-of:tmdb:3:${local}`])
      expect((await ctx.stores.validate()).issues).toEqual([])

      await ctx.stores.movies.remove('tmdb:1')
      expect(await ctx.stores.movies.resolve(local)).toBe('tmdb:3')
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('alias of a movie not stored writes nothing; resolve never follows an alias to a movie that is gone', async () => {
      const before = await ctx.dump()
      expect(await ctx.stores.movies.alias('imdb:tt0137523', 'tmdb:550')).toMatchObject({ changed: false })
      expect(await ctx.dump()).toEqual(before)
      await ctx.writeRaw('aliases:wikidata:Q190050', JSON.stringify({ id: 'tmdb:550' }))
      expect(await ctx.stores.movies.resolve('wikidata:Q190050')).toBeNull()
    })

    it('remove takes the movie with its summary, entries, credits both ways, aliases, stats and images, and nothing of other movies', async () => {
      const pitt = 'tmdb:287'
      const people = [person(287, 'Brad Pitt')]
      await ctx.stores.movies.update('tmdb:550', () => ({ movie: fightClub(), credits: [cast(pitt, 'tmdb:550', 'Tyler Durden')], people, aliases: ['imdb:tt0137523'], stats: stats('tmdb:550') }))
      await ctx.stores.movies.update('tmdb:1422', () => ({ movie: movie(1422), credits: [cast(pitt, 'tmdb:1422', 'Rusty Ryan')], people, aliases: ['imdb:tt0240772'], stats: stats('tmdb:1422') }))
      await ctx.stores.images.put('tmdb:550', { size: 'w780', file: 'poster.jpg' }, new Uint8Array([0xff, 0xd8, 0xff]))
      await ctx.stores.images.put('tmdb:1422', { size: 'w780', file: 'poster.jpg' }, new Uint8Array([0xff, 0xd8, 0xff]))
      const removed = await ctx.stores.movies.remove('tmdb:550')
      expect(removed).toMatchObject({ before: fightClub(), after: null, changed: true })
      expect(await ctx.stores.movies.get('tmdb:550')).toBeNull()
      expect(await ctx.stores.relations.forMovie('tmdb:550')).toEqual([])
      expect(await ctx.stores.relations.forPerson(pitt)).toEqual([cast(pitt, 'tmdb:1422', 'Rusty Ryan')])
      expect(await ctx.stores.stats.get('tmdb:550')).toBeNull()
      expect(await ctx.stores.images.list('tmdb:550')).toEqual([])
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBeNull()
      // The person stays: other movies name them.
      expect((await ctx.keys()).filter((key) => key.includes('550') || key.includes('tt0137523'))).toEqual([])
      expect(await ctx.stores.movies.get('tmdb:1422')).toEqual(movie(1422))
      expect(await ctx.stores.images.list('tmdb:1422')).toHaveLength(1)
      expect((await ctx.stores.validate()).issues).toEqual([])
    })

    it('remove of a movie never stored writes nothing', async () => {
      await ctx.stores.movies.put(movie(603))
      const before = await ctx.dump()
      expect(await ctx.stores.movies.remove('tmdb:550')).toMatchObject({ changed: false })
      expect(await ctx.dump()).toEqual(before)
    })

    it('updateMany commits several changes, and gives their results in the order given', async () => {
      await ctx.stores.movies.put(movie(1))
      const results = await ctx.stores.movies.updateMany([
        { id: 'tmdb:2', change: () => ({ movie: movie(2, { level: 'basic' }) }) },
        { id: 'tmdb:1', change: (current) => current && { movie: { ...current, title: 'One' } } },
        { id: 'tmdb:3', change: () => null },
      ])
      expect(results.map((result) => (result.status === 'fulfilled' ? [result.value.after?.id ?? null, result.value.changed] : result.reason))).toEqual([
        ['tmdb:2', true],
        ['tmdb:1', true],
        [null, false],
      ])
      expect(await ctx.stores.movies.ids()).toEqual(['tmdb:1', 'tmdb:2'])
      expect((await ctx.stores.movies.get('tmdb:1'))?.title).toBe('One')
      expect(await ctx.stores.movies.count({ level: 'basic' })).toBe(1)
    })

    it('a record that is not JSON: get names its key, listings and walks skip and report it, nothing is written', async () => {
      for (const tmdb of [1, 2, 3]) await ctx.stores.movies.put(movie(tmdb))
      await ctx.writeRaw('movies:tmdb:2', '{"schemaVersion":1,"id":"tmdb:2')
      const before = await ctx.dump()
      const error = await ctx.stores.movies.get('tmdb:2').catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(StorageCorruptError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'movies:tmdb:2' } })
      expect((error as Error).message).toContain('movies:tmdb:2')
      expect((error as Error).cause).toBeInstanceOf(SyntaxError)

      const page = await ctx.stores.movies.list()
      expect(page.results.map((found) => found.id)).toEqual(['tmdb:1', 'tmdb:3'])
      expect(page.unreadable).toEqual([{ key: 'movies:tmdb:2', code: 'CINELAYER_ERR_STORAGE_CORRUPT', message: expect.stringContaining('movies:tmdb:2') }])
      const walk = async (onUnreadable?: (id: string) => void) => {
        const ids: string[] = []
        for await (const found of ctx.stores.movies.scan(onUnreadable ? { onUnreadable } : {})) ids.push(found.id)
        return ids
      }
      await expect(walk()).rejects.toBeInstanceOf(StorageCorruptError)
      const skipped: string[] = []
      expect(await walk((id) => skipped.push(id))).toEqual(['tmdb:1', 'tmdb:3'])
      expect(skipped).toEqual(['tmdb:2'])
      // Its summary, written with the last good record, still lists it.
      expect((await allSummaries(ctx)).map((summary) => summary.id)).toEqual(['tmdb:1', 'tmdb:2', 'tmdb:3'])
      expect(await ctx.stores.movies.count()).toBe(3)
      expect(await ctx.dump()).toEqual(before)
    })

    it('a corrupt summary is skipped and reported by the summary walk', async () => {
      for (const tmdb of [1, 2]) await ctx.stores.movies.put(movie(tmdb))
      await ctx.writeRaw('summaries:tmdb:1', '{"id":')
      const skipped: string[] = []
      const found: string[] = []
      for await (const summary of ctx.stores.movies.summaries({ onUnreadable: (id) => skipped.push(id) })) found.push(summary.id)
      expect([found, skipped]).toEqual([['tmdb:2'], ['tmdb:1']])
    })

    it('get refuses a record of a newer schema version, one its schema refuses, and one under another id', async () => {
      await ctx.writeRaw('movies:tmdb:550', JSON.stringify({ ...fightClub(), schemaVersion: SCHEMA_VERSION + 1 }))
      await expect(ctx.stores.movies.get('tmdb:550')).rejects.toMatchObject({
        code: 'CINELAYER_ERR_SCHEMA_VERSION_UNSUPPORTED',
        details: { key: 'movies:tmdb:550', found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION },
      })
      await ctx.writeRaw('movies:tmdb:551', JSON.stringify({ ...fightClub(), id: 'tmdb:551', facets: 'all' }))
      await expect(ctx.stores.movies.get('tmdb:551')).rejects.toBeInstanceOf(RecordInvalidError)
      await ctx.writeRaw('movies:tmdb:552', JSON.stringify(fightClub()))
      await expect(ctx.stores.movies.get('tmdb:552')).rejects.toThrow(/tmdb:550.*does not match the key/)
    })

    it('a corrupt alias record is not followed; validate reports it and fix removes it', async () => {
      await ctx.stores.movies.put(fightClub())
      await ctx.writeRaw('aliases:imdb:tt0137523', 'tmdb:550')
      expect(await ctx.stores.movies.resolve('imdb:tt0137523')).toBeNull()
      expect((await ctx.stores.validate()).issues.map((issue) => [issue.kind, issue.key])).toEqual([['record-corrupt', 'aliases:imdb:tt0137523']])
      expect(await ctx.stores.validate({ fix: true })).toMatchObject({ ok: true, fixed: 1 })
      expect(await ctx.keys('aliases:')).toEqual([])
    })
  })
}
