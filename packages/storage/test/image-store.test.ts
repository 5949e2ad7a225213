import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidIdError } from '@cinelayer/core'
import { type Storage, createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, describe, expect, it } from 'vitest'
import { createImageStore, createStores } from '../src/index.js'
import { fsStorage, stringOnlyDriver } from './drivers.js'

// A PNG signature and a few bytes that are not valid UTF-8: what a text round trip would mangle.
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80])
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const drivers: Array<[string, () => Promise<Storage>]> = [
  ['memory', async () => createStorage({ driver: memoryDriver() })],
  ['a driver without raw methods (base64 fallback)', async () => createStorage({ driver: stringOnlyDriver() })],
  [
    'fs',
    async () => {
      const { storage, cleanup } = await fsStorage()
      cleanups.push(cleanup)
      return storage
    },
  ],
]

describe.each(drivers)('ImageStore on %s', (_, make) => {
  it('stores bytes by movie, size and file, and reads them back unchanged', async () => {
    const images = createImageStore(await make())
    expect(await images.put('tmdb:550', { size: 'original', file: '/poster.png' }, png)).toBe(png.byteLength)
    await images.put('tmdb:550', { size: 'w780', file: 'backdrop.jpg' }, jpeg)
    await images.put('tmdb:603', { size: 'w780', file: 'backdrop.jpg' }, png)
    expect(await images.get('tmdb:550', { size: 'original', file: 'poster.png' })).toEqual(png)
    expect(await images.get('tmdb:550', { size: 'w500', file: 'poster.png' })).toBeNull()
    expect(await images.has('tmdb:550', { size: 'w780', file: '/backdrop.jpg' })).toBe(true)
    expect(await images.list('tmdb:550')).toEqual([
      { movieId: 'tmdb:550', size: 'original', file: 'poster.png', bytes: png.byteLength },
      { movieId: 'tmdb:550', size: 'w780', file: 'backdrop.jpg', bytes: jpeg.byteLength },
    ])
    expect(await images.bytesOf('tmdb:550')).toBe(png.byteLength + jpeg.byteLength)
  })

  it('prunes what is not kept and reports the bytes freed', async () => {
    const images = createImageStore(await make())
    await images.put('tmdb:550', { size: 'original', file: 'poster.png' }, png)
    await images.put('tmdb:550', { size: 'w780', file: 'backdrop.jpg' }, jpeg)
    const pruned = await images.prune('tmdb:550', [{ size: 'original', file: '/poster.png' }])
    expect(pruned).toEqual({ removed: [{ movieId: 'tmdb:550', size: 'w780', file: 'backdrop.jpg', bytes: jpeg.byteLength }], bytesFreed: jpeg.byteLength })
    expect(await images.list('tmdb:550')).toHaveLength(1)
    await images.remove('tmdb:550', { size: 'original', file: 'poster.png' })
    expect(await images.bytesOf('tmdb:550')).toBe(0)
  })

  it('refuses a malformed id, size or file before anything becomes a key', async () => {
    const storage = await make()
    const images = createImageStore(storage)
    for (const [movieId, size, file] of [
      ['tmdb:../1', 'original', 'a.jpg'],
      ['tmdb:550', '../x', 'a.jpg'],
      ['tmdb:550', 'w780', '../../etc/passwd'],
      ['tmdb:550', 'w780', 'a:b.jpg'],
      ['tmdb:550', 'w780', 'script.js'],
    ] as const) {
      await expect(images.put(movieId, { size, file }, png)).rejects.toBeInstanceOf(InvalidIdError)
    }
    expect(await storage.getKeys()).toEqual([])
  })
})

describe('ImageStore with the stores', () => {
  it('lays images out as files by movie and size on fs, and counts them in bytesStored()', async () => {
    const { storage, base, cleanup } = await fsStorage()
    cleanups.push(cleanup)
    const stores = createStores(storage)
    const before = await stores.bytesStored()
    await stores.images.put('tmdb:550', { size: 'w780', file: 'backdrop.jpg' }, jpeg)
    expect(new Uint8Array(await readFile(join(base, 'images', 'tmdb', '550', 'w780', 'backdrop.jpg')))).toEqual(jpeg)
    expect((await stores.bytesStored()) - before).toBe(jpeg.byteLength)
  })
})
