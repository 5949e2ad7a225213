import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME, StorageOpenFailedError, StorageReadOnlyError, type StoreKind, createStores, openDataFolder, storeIn } from '../src/index.js'
import { temporaryFolder } from './drivers.js'
import { movie } from './records.js'

/** The error a synchronous call throws. */
function thrown(call: () => unknown): unknown {
  try {
    call()
  } catch (error) {
    return error
  }
  return undefined
}

describe('openDataFolder', () => {
  let folder: { path: string; remove: () => Promise<void> }
  let base: string

  beforeEach(async () => {
    folder = await temporaryFolder()
    base = join(folder.path, 'data')
  })
  afterEach(() => folder.remove())

  it('opens a new folder as SQLite (one database file), and finds it so the next time', async () => {
    const opened = openDataFolder(base)
    expect(opened).toMatchObject({ path: base, store: 'sqlite', readOnly: false, lock: null })
    await createStores(opened.storage).movies.put(movie(550))
    await opened.close()
    await opened.close()
    expect(existsSync(join(base, DATABASE_FILE_NAME))).toBe(true)
    expect(storeIn(base)).toBe('sqlite')
    const again = openDataFolder(base)
    expect(await createStores(again.storage).movies.get('tmdb:550')).toEqual(movie(550))
    await again.close()
  })

  it('opens an fs folder under its writer lock, and finds it so the next time', async () => {
    const opened = openDataFolder(base, { store: 'fs' })
    expect(opened.lock).not.toBeNull()
    await createStores(opened.storage).movies.put(movie(550))
    await opened.close()
    expect(storeIn(base)).toBe('fs')
    const again = openDataFolder(base)
    expect(again.store).toBe('fs')
    await again.close()
  })

  it.each<[StoreKind, StoreKind]>([
    ['sqlite', 'fs'],
    ['fs', 'sqlite'],
  ])('refuses a %s folder opened as %s, naming both, and changes nothing', async (found, asked) => {
    const opened = openDataFolder(base, { store: found })
    await createStores(opened.storage).movies.put(movie(550))
    await opened.close()
    const error = thrown(() => openDataFolder(base, { store: asked }))
    expect(error).toBeInstanceOf(StorageOpenFailedError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_OPEN_FAILED', details: { folder: base } })
    expect((error as Error).message).toMatch(/cinelayer export/)
    expect(storeIn(base)).toBe(found)
  })

  it('refuses an unknown store kind, a read-only open of nothing, and a database file that is not one', async () => {
    expect(thrown(() => openDataFolder(base, { store: 'postgres' as StoreKind }))).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_OPEN_FAILED' })
    expect(thrown(() => openDataFolder(base, { readOnly: true }))).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_OPEN_FAILED' })
    await mkdir(base, { recursive: true })
    await writeFile(join(base, DATABASE_FILE_NAME), 'not a database, only text long enough to be read as a header')
    const error = thrown(() => openDataFolder(base))
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_STORAGE_OPEN_FAILED', message: expect.stringContaining(DATABASE_FILE_NAME) })
    expect((error as Error).cause).toBeInstanceOf(Error)
  })

  it('a SQLite folder opened read-only reads beside its writer and refuses every write', async () => {
    const writer = openDataFolder(base)
    const stores = createStores(writer.storage)
    await stores.movies.put(movie(550))
    const reader = openDataFolder(base, { readOnly: true })
    const readerStores = createStores(reader.storage)
    expect(await readerStores.movies.get('tmdb:550')).toEqual(movie(550))
    await expect(readerStores.movies.put(movie(603))).rejects.toBeInstanceOf(StorageReadOnlyError)
    // The writer goes on; the reader sees its next commit.
    await stores.movies.put(movie(603))
    expect(await readerStores.movies.ids()).toEqual(['tmdb:550', 'tmdb:603'])
    await reader.close()
    await writer.close()
  })
})
