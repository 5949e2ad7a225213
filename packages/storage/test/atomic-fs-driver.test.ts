import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StorageReadOnlyError, atomicFsDriver, createStores } from '../src/index.js'
import { describeStoreContract } from './contract.js'
import { atomicFsStorage, temporaryFolder } from './drivers.js'
import { movie } from './records.js'

describeStoreContract('atomic fs driver', atomicFsStorage)

/** Every file name under `root`, relative, hidden ones included. */
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

  it('lists only the folder of the prefix, never temporary or lock files', async () => {
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

  it('reports a removal it could not do (unstorage fs says nothing)', async () => {
    const storage = createStorage({ driver: atomicFsDriver({ base }) })
    await mkdir(join(base, 'stats/tmdb/550'), { recursive: true })
    await expect(storage.removeItem('stats:tmdb:550')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|EPERM/) })
    await expect(storage.removeItem('stats:tmdb:603')).resolves.toBeUndefined()
  })

  it('read-only: reads work, every write is refused with a coded error and nothing changes', async () => {
    const writer = createStores(createStorage({ driver: atomicFsDriver({ base }) }))
    await writer.movies.put(movie(550))
    const before = await files(base)
    const reader = createStores(createStorage({ driver: atomicFsDriver({ base, readOnly: true }) }))
    expect(await reader.movies.get('tmdb:550')).toEqual(movie(550))
    expect(await reader.movies.ids()).toEqual(['tmdb:550'])
    const error = await reader.movies.put(movie(603)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageReadOnlyError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_READ_ONLY', details: { folder: base } })
    await expect(reader.movies.remove('tmdb:550')).rejects.toBeInstanceOf(StorageReadOnlyError)
    await expect(reader.storage.clear()).rejects.toBeInstanceOf(StorageReadOnlyError)
    expect(await files(base)).toEqual(before)
  })
})
