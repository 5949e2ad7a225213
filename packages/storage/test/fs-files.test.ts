import { readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidIdError, RecordInvalidError, SCHEMA_VERSION, SchemaVersionError } from '@cinelayer/core'
import { type Driver, createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CinelayerStores, StorageCorruptError, StorageReadError, StorageWriteError, atomicFsDriver, createStores } from '../src/index.js'
import { temporaryFolder } from './drivers.js'
import { cast, fightClub, hostileMovieIds, hostilePersonIds, movie, person, stats } from './records.js'

/** Every file under `root`, relative, with its bytes. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[path.slice(root.length + 1)] = (await readFile(path)).toString('base64')
  }
  return files
}

/** The files of records, index files left out. */
async function recordFiles(root: string): Promise<string[]> {
  return Object.keys(await snapshot(root))
    .filter((path) => !path.startsWith('index/'))
    .sort()
}

const drivers: Array<[string, (base: string) => Driver]> = [
  ['fs', (base) => fsDriver({ base })],
  ['atomic-fs', (base) => atomicFsDriver({ base })],
]

describe.each(drivers)('%s driver on a real folder', (driverName, makeDriver) => {
  let folder: { path: string; remove: () => Promise<void> }
  let base: string
  let stores: CinelayerStores

  beforeEach(async () => {
    folder = await temporaryFolder()
    base = join(folder.path, 'store')
    stores = createStores(createStorage({ driver: makeDriver(base) }))
  })
  afterEach(() => folder.remove())

  it('writes one file per record, in folders that follow the key layout', async () => {
    await stores.movies.put(fightClub())
    await stores.movies.alias('imdb:tt0137523', 'tmdb:550')
    await stores.people.put(person(287, 'Brad Pitt'))
    await stores.relations.setForMovie('tmdb:550', [cast('tmdb:287', 'tmdb:550', 'Tyler Durden')])
    await stores.stats.put(stats('tmdb:550'))
    expect(await recordFiles(base)).toEqual([
      'aliases/imdb/tt0137523',
      'movies/tmdb/550',
      'people/tmdb/287',
      'relations/movie/tmdb/550',
      'relations/person/tmdb/287',
      'stats/tmdb/550',
    ])
    expect(await readFile(join(base, 'movies/tmdb/550'), 'utf8')).toBe(JSON.stringify(fightClub()))
    expect(await readFile(join(base, 'aliases/imdb/tt0137523'), 'utf8')).toBe('{"id":"tmdb:550"}')
    expect(await stores.movies.sizeOf('tmdb:550')).toBe((await stat(join(base, 'movies/tmdb/550'))).size)
  })

  it.each([
    ['truncated JSON', Buffer.from('{"schemaVersion":1,"id":"tmdb:550","ti')],
    ['a plain word', Buffer.from('Fight Club')],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['an empty file', Buffer.alloc(0)],
  ])('a corrupt file (%s) is reported with its key and left byte-identical', async (_label, bytes) => {
    await stores.movies.put(movie(550))
    await writeFile(join(base, 'movies/tmdb/550'), bytes)
    const before = await snapshot(base)
    const error = await stores.movies.get('tmdb:550').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageCorruptError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'movies:tmdb:550' } })
    expect((error as Error).cause).toBeInstanceOf(Error)
    await expect(stores.movies.list()).rejects.toBeInstanceOf(StorageCorruptError)
    expect(await stores.movies.resolve('tmdb:550')).toBe('tmdb:550')
    expect(await stores.movies.sizeOf('tmdb:550')).toBe(bytes.length)
    expect(await stores.bytesStored()).toBe(bytes.length)
    expect(await snapshot(base)).toEqual(before)
  })

  it('a record from a newer schema version is refused and left as it is', async () => {
    await mkdir(join(base, 'people/tmdb'), { recursive: true })
    const future = JSON.stringify({ ...person(287, 'Brad Pitt'), schemaVersion: SCHEMA_VERSION + 1, names: { en: 'Brad Pitt' } })
    await writeFile(join(base, 'people/tmdb/287'), future)
    await expect(stores.people.get('tmdb:287')).rejects.toBeInstanceOf(SchemaVersionError)
    expect(await readFile(join(base, 'people/tmdb/287'), 'utf8')).toBe(future)
  })

  it('an invalid record is refused with no file or folder created', async () => {
    await expect(stores.movies.put({ ...movie(550), errors: 'none' } as never)).rejects.toBeInstanceOf(RecordInvalidError)
    await expect(stores.stats.put({ ...stats('tmdb:550'), plays: 1.5 })).rejects.toBeInstanceOf(RecordInvalidError)
    await expect(readdir(folder.path)).resolves.toEqual([])
  })

  it('hostile ids create nothing, inside the store or next to it', async () => {
    await stores.movies.put(movie(550))
    const before = await snapshot(folder.path)
    for (const id of hostileMovieIds) {
      await expect(stores.movies.put({ ...movie(550), id })).rejects.toBeInstanceOf(InvalidIdError)
      await expect(stores.movies.alias(id, 'tmdb:550')).rejects.toBeInstanceOf(InvalidIdError)
      await expect(stores.stats.put({ ...stats('tmdb:550'), movieId: id })).rejects.toBeInstanceOf(InvalidIdError)
      await expect(stores.relations.setForMovie(id, [])).rejects.toBeInstanceOf(InvalidIdError)
    }
    for (const id of hostilePersonIds) {
      await expect(stores.people.put({ ...person(287, 'Brad Pitt'), id })).rejects.toBeInstanceOf(InvalidIdError)
      await expect(stores.relations.addForPerson(id, [])).rejects.toBeInstanceOf(InvalidIdError)
    }
    expect(await snapshot(folder.path)).toEqual(before)
  })

  it('stray files in the store folders are not taken for records', async () => {
    await stores.movies.put(movie(550))
    await writeFile(join(base, 'movies/tmdb/.DS_Store'), 'junk')
    await writeFile(join(base, 'movies/tmdb/notes.txt'), 'junk')
    expect(await stores.movies.ids()).toEqual(['tmdb:550'])
  })

  it.runIf(driverName === 'fs')('a removal the driver could not do is reported, and the movie stays for a retry', async () => {
    await stores.movies.put(fightClub())
    // A folder where the stats file should be: unlink fails (EISDIR) and the fs driver says nothing.
    await mkdir(join(base, 'stats/tmdb/550'), { recursive: true })
    await expect(stores.movies.remove('tmdb:550')).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_WRITE', details: { key: 'stats:tmdb:550' } })
    expect(await stores.movies.get('tmdb:550')).toEqual(fightClub())
  })

  describe('when the driver fails', () => {
    let blocked: CinelayerStores
    let file: string

    beforeEach(async () => {
      // The store folder is a plain file: every read, listing and write hits ENOTDIR.
      file = join(folder.path, 'not-a-folder')
      await writeFile(file, 'occupied')
      blocked = createStores(createStorage({ driver: makeDriver(file) }))
    })

    it('a write failure is a StorageWriteError naming the key and the driver, with the cause', async () => {
      // A folder with content where the record's file should be: the write fails, reads do not.
      await mkdir(join(base, 'movies/tmdb/550/inside'), { recursive: true })
      const error = await stores.movies.put(fightClub()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageWriteError)
      expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_WRITE', details: { key: 'movies:tmdb:550', driver: driverName } })
      expect((error as Error).message).toMatch(new RegExp(`movies:tmdb:550.*"${driverName}".*\\((EISDIR|ENOTEMPTY)\\)`))
      expect((error as Error).cause).toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY/) })
      await expect(blocked.relations.setForMovie('tmdb:550', [])).rejects.toBeInstanceOf(StorageReadError)
      expect(await readFile(file, 'utf8')).toBe('occupied')
    })

    it('a read or listing failure is a StorageReadError with the cause', async () => {
      await expect(blocked.movies.get('tmdb:550')).rejects.toMatchObject({
        code: 'CINELAYER_ERR_STORAGE_READ',
        details: { key: 'movies:tmdb:550', driver: driverName },
        cause: { code: 'ENOTDIR' },
      })
      await expect(blocked.movies.ids()).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ', details: { key: 'index:movies:dir' } })
      await expect(blocked.movies.put(fightClub())).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ', cause: { code: 'ENOTDIR' } })
      await expect(blocked.stats.all()).rejects.toBeInstanceOf(StorageReadError)
      await expect(blocked.bytesStored()).rejects.toBeInstanceOf(StorageReadError)
      expect(await readFile(file, 'utf8')).toBe('occupied')
    })
  })
})
