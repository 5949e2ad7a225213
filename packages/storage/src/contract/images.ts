import { InvalidIdError } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import type { ContractContext } from './context.js'

// A PNG signature and bytes that are not UTF-8, and a JPEG start.
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80])
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])

/** Part of the store contract: image bytes by movie, size and file. */
export function describeImageContract(ctx: ContractContext): void {
  describe('images', () => {
    it('stores bytes by movie, size and file and reads them back unchanged', async () => {
      const { images } = ctx.stores
      expect(await images.put('tmdb:550', { size: 'original', file: '/poster.png' }, png)).toBe(png.byteLength)
      await images.put('tmdb:550', { size: 'w780', file: 'backdrop.jpg' }, jpeg)
      await images.put('tmdb:603', { size: 'w780', file: 'backdrop.jpg' }, png)
      expect(await images.get('tmdb:550', { size: 'original', file: 'poster.png' })).toEqual(png)
      expect(await images.get('tmdb:550', { size: 'w500', file: 'poster.png' })).toBeNull()
      expect(await images.has('tmdb:550', { size: 'w780', file: '/backdrop.jpg' })).toBe(true)
      expect(await images.has('tmdb:550', { size: 'w780', file: 'other.jpg' })).toBe(false)
      expect(await images.list('tmdb:550')).toEqual([
        { movieId: 'tmdb:550', size: 'original', file: 'poster.png', bytes: png.byteLength },
        { movieId: 'tmdb:550', size: 'w780', file: 'backdrop.jpg', bytes: jpeg.byteLength },
      ])
      expect(await images.bytesOf('tmdb:550')).toBe(png.byteLength + jpeg.byteLength)
    })

    it('keeps its own copy of the bytes given and handed out', async () => {
      const bytes = png.slice()
      await ctx.stores.images.put('tmdb:550', { size: 'original', file: 'poster.png' }, bytes)
      bytes.fill(0)
      const read = await ctx.stores.images.get('tmdb:550', { size: 'original', file: 'poster.png' })
      read!.fill(1)
      expect(await ctx.stores.images.get('tmdb:550', { size: 'original', file: 'poster.png' })).toEqual(png)
    })

    it('prunes what is not kept and tells the bytes freed', async () => {
      const { images } = ctx.stores
      await images.put('tmdb:550', { size: 'original', file: 'poster.png' }, png)
      await images.put('tmdb:550', { size: 'w780', file: 'backdrop.jpg' }, jpeg)
      const pruned = await images.prune('tmdb:550', [{ size: 'original', file: '/poster.png' }])
      expect(pruned).toEqual({ removed: [{ movieId: 'tmdb:550', size: 'w780', file: 'backdrop.jpg', bytes: jpeg.byteLength }], bytesFreed: jpeg.byteLength })
      await images.remove('tmdb:550', { size: 'original', file: 'poster.png' })
      expect(await images.bytesOf('tmdb:550')).toBe(0)
    })

    it('refuses a malformed movie id, size or file name before it becomes a key', async () => {
      for (const [movieId, size, file] of [
        ['tmdb:../1', 'original', 'a.jpg'],
        ['tmdb:550', '../x', 'a.jpg'],
        ['tmdb:550', 'w780', '../../etc/passwd'],
        ['tmdb:550', 'w780', 'a:b.jpg'],
        ['tmdb:550', 'w780', 'script.js'],
        ['tmdb:550', 'w780', '.cinelayer-lock.jpg'],
      ] as const) {
        await ctx.refusedUntouched(() => ctx.stores.images.put(movieId, { size, file }, png), InvalidIdError)
      }
    })
  })
}
