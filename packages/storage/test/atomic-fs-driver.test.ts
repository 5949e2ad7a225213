import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StorageCorruptError, StorageReadOnlyError, StorageWriteError, atomicFsDriver, createStores } from '../src/index.js'
import { describeStoreContract } from '../src/contract/index.js'
import { atomicFsStorage, temporaryFolder } from './drivers.js'
import { cast, fightClub, largeCredits, movie, person, stats } from './records.js'

describeStoreContract('atomic fs driver', atomicFsStorage)

/** Every file under `root`, relative, hidden ones included. */
async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort()
}

describe('atomicFsDriver', () => {
  let folder: { path: string; remove: () => Promise<void> }
  let base: string
  const open = (readOnly = false) => createStores(createStorage({ driver: atomicFsDriver({ base, readOnly }) }))

  beforeEach(async () => {
    folder = await temporaryFolder()
    base = join(folder.path, 'store')
  })
  afterEach(() => folder.remove())

  it('maps keys to paths as unstorage fs does, and leaves no temporary file behind', async () => {
    const storage = createStorage({ driver: atomicFsDriver({ base }) })
    await storage.setItem('movies:tmdb:550', 'first')
    await storage.setItem('movies:tmdb:550', 'second')
    await storage.setItemRaw('images:tmdb:550:poster', new Uint8Array([1, 2, 3]))
    expect(await files(base)).toEqual(['images/tmdb/550/poster', 'movies/tmdb/550'])
    expect(await readFile(join(base, 'movies/tmdb/550'), 'utf8')).toBe('second')
    expect(await storage.getItem('movies:tmdb:550')).toBe('second')
    expect(Buffer.from((await storage.getItemRaw('images:tmdb:550:poster')) as Uint8Array)).toEqual(Buffer.from([1, 2, 3]))
    expect(await storage.hasItem('movies:tmdb')).toBe(false)
    expect(await storage.getItem('movies:tmdb:603')).toBeNull()
  })

  it('keeps one readable JSON file per record, in folders that follow the key layout', async () => {
    const stores = open()
    await stores.movies.update('tmdb:550', () => ({
      movie: fightClub(),
      credits: [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')],
      people: [person(287, 'Brad Pitt')],
      aliases: ['imdb:tt0137523'],
      stats: stats('tmdb:550'),
    }))
    expect((await files(base)).filter((path) => !path.startsWith('summaries/'))).toEqual([
      'aliases-of/tmdb/550/imdb/tt0137523',
      'aliases/imdb/tt0137523',
      'credits/tmdb/550',
      'filmography/tmdb/287/tmdb/550',
      'levels/basic/tmdb/550',
      'meta/layout',
      'movies/tmdb/550',
      'people/tmdb/287',
      'stats/tmdb/550',
    ])
    expect(await readFile(join(base, 'movies/tmdb/550'), 'utf8')).toBe(JSON.stringify(fightClub()))
    expect(await readFile(join(base, 'aliases/imdb/tt0137523'), 'utf8')).toBe('{"id":"tmdb:550"}')
    expect(await stores.movies.sizeOf('tmdb:550')).toBe((await stat(join(base, 'movies/tmdb/550'))).size)
  })

  it('lays images out as files by movie and size, with their bytes as they are', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80])
    await open().images.put('tmdb:550', { size: 'w780', file: '/backdrop.jpg' }, jpeg)
    expect(new Uint8Array(await readFile(join(base, 'images/tmdb/550/w780/backdrop.jpg')))).toEqual(jpeg)
  })

  it.each([
    ['truncated JSON', Buffer.from('{"schemaVersion":1,"id":"tmdb:550","ti')],
    ['a plain word', Buffer.from('Fight Club')],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['an empty file', Buffer.alloc(0)],
  ])('a corrupt file (%s) is reported with its key, skipped by listings, and left byte-identical', async (_label, bytes) => {
    const stores = open()
    // The layout mark: a store without it is repaired (quarantine included) by its first listing.
    await stores.check()
    await stores.movies.put(movie(550))
    await stores.movies.put(movie(603))
    await writeFile(join(base, 'movies/tmdb/550'), bytes)
    const reader = open()
    await expect(reader.movies.get('tmdb:550')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'movies:tmdb:550' } })
    await expect(reader.movies.get('tmdb:550')).rejects.toBeInstanceOf(StorageCorruptError)
    expect((await reader.movies.list()).unreadable.map((entry) => entry.key)).toEqual(['movies:tmdb:550'])
    expect(await reader.movies.sizeOf('tmdb:550')).toBe(bytes.length)
    expect(await readFile(join(base, 'movies/tmdb/550'))).toEqual(bytes)
  })

  it('stray files in the store folders are not taken for records', async () => {
    const stores = open()
    await stores.movies.put(movie(550))
    await writeFile(join(base, 'movies/tmdb/.DS_Store'), 'junk')
    await writeFile(join(base, 'movies/tmdb/notes.txt'), 'junk')
    expect(await stores.movies.ids()).toEqual(['tmdb:550'])
  })

  it('lists only the folder of the prefix, never temporary, journal or lock files', async () => {
    const storage = createStorage({ driver: atomicFsDriver({ base }) })
    await storage.setItem('movies:tmdb:550', '{}')
    await storage.setItem('people:tmdb:287', '{}')
    await writeFile(join(base, 'movies/tmdb/.cinelayer-tmp-123-1-abcd'), '{"half')
    await writeFile(join(base, '.cinelayer-lock'), '{}')
    expect(await storage.getKeys('movies')).toEqual(['movies:tmdb:550'])
    expect((await storage.getKeys('')).sort()).toEqual(['movies:tmdb:550', 'people:tmdb:287'])
    expect(await storage.getKeys('stats')).toEqual([])
  })

  it('refuses keys that climb out of the folder or name its own files', async () => {
    const driver = atomicFsDriver({ base })
    await expect(async () => driver.setItem!('movies:..', 'x', {})).rejects.toThrow(/\.\. segments/)
    await expect(async () => driver.getItem('..:..:etc:passwd', {})).rejects.toThrow(/\.\. segments/)
    await expect(async () => driver.setItem!('movies:.cinelayer-lock', 'x', {})).rejects.toThrow(/reserved/)
    await expect(async () => driver.setItem!('.cinelayer-journal:x', 'x', {})).rejects.toThrow(/reserved/)
    await expect(readdir(folder.path)).resolves.toEqual([])
  })

  it('a failed write leaves the old value and no temporary file', async () => {
    const storage = createStorage({ driver: atomicFsDriver({ base }) })
    await storage.setItem('movies:tmdb:550', 'kept')
    // A folder with content where the new file must go: the rename fails after the temp file is written.
    await mkdir(join(base, 'movies/tmdb/603/inside'), { recursive: true })
    await expect(storage.setItem('movies:tmdb:603', 'lost')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY/) })
    expect(await files(base)).toEqual(['movies/tmdb/550'])
    expect(await storage.getItem('movies:tmdb:550')).toBe('kept')
  })

  it('read-only: reads work, every write is refused with a coded error and nothing changes', async () => {
    const writer = open()
    await writer.movies.put(movie(550))
    const before = await files(base)
    const reader = open(true)
    expect(await reader.movies.get('tmdb:550')).toEqual(movie(550))
    expect(await reader.movies.ids()).toEqual(['tmdb:550'])
    const error = await reader.movies.put(movie(603)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(StorageReadOnlyError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ_ONLY', details: { folder: base } })
    await expect(reader.movies.remove('tmdb:550')).rejects.toBeInstanceOf(StorageReadOnlyError)
    await expect(reader.storage.clear()).rejects.toBeInstanceOf(StorageReadOnlyError)
    expect(await files(base)).toEqual(before)
  })

  describe('the commit journal', () => {
    /** Makes the file of `key` impossible to write: a folder with content stands where it goes. */
    const block = (path: string) => mkdir(join(base, path, 'inside'), { recursive: true })
    const unblock = (path: string) => rm(join(base, path), { recursive: true, force: true })
    const journal = () => readdir(join(base, '.cinelayer-journal')).catch(() => [])

    it('a batch that fails half-way is applied whole once it can be, before anything is read or written, and never over a newer one', async () => {
      const stores = open()
      await stores.movies.put(movie(550, { title: 'v1' }))
      // The stats are written before the record, in the batch: the failure comes half-way.
      await block('stats/tmdb/550')
      const { credits, people } = largeCredits('tmdb:550', 30)
      const failed = stores.movies.update('tmdb:550', (current) => current && { movie: { ...current, title: 'v2', level: 'medium' }, credits, people, stats: stats('tmdb:550', 2) })
      await expect(failed).rejects.toBeInstanceOf(StorageWriteError)
      expect(await journal()).toHaveLength(1)
      // Nothing is read or written over the half-applied batch while it cannot be finished.
      await expect(stores.movies.get('tmdb:550')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ' })
      await expect(stores.movies.put(movie(550, { title: 'v3' }))).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ' })
      await expect(open().movies.get('tmdb:550')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ' })

      await unblock('stats/tmdb/550')
      expect(await stores.movies.get('tmdb:550')).toMatchObject({ title: 'v2', level: 'medium' })
      expect(await stores.relations.forMovie('tmdb:550')).toEqual(credits)
      expect(await stores.stats.get('tmdb:550')).toEqual(stats('tmdb:550', 2))
      expect(await journal()).toEqual([])
      expect((await stores.validate()).issues).toEqual([])

      await stores.movies.put(movie(550, { title: 'v3' }))
      expect(await open().movies.get('tmdb:550')).toMatchObject({ title: 'v3' })
    })

    it("a journal entry left by a commit that did not finish is applied at the next open, before the first read, with the writer's temporary files", async () => {
      const stores = open()
      await stores.movies.put(movie(550, { title: 'v1' }))
      await block('stats/tmdb/550')
      await expect(stores.movies.update('tmdb:550', (current) => current && { movie: { ...current, title: 'v2' }, stats: stats('tmdb:550', 2) })).rejects.toBeInstanceOf(StorageWriteError)
      await unblock('stats/tmdb/550')
      // What a writer killed while applying the entry leaves beside it: the temporary file of a key.
      await writeFile(join(base, 'movies/tmdb/.cinelayer-tmp-999999-1-abcd'), '{"half')
      await writeFile(join(base, '.cinelayer-journal/.cinelayer-tmp-999999-2-abcd'), '[{"key":')

      const reopened = open()
      expect(await reopened.movies.get('tmdb:550')).toMatchObject({ title: 'v2' })
      expect(await reopened.stats.get('tmdb:550')).toEqual(stats('tmdb:550', 2))
      expect(await journal()).toEqual([])
      expect((await files(base)).filter((path) => path.includes('.cinelayer-tmp-'))).toEqual([])
      expect((await reopened.validate()).issues).toEqual([])
    })
  })
})
