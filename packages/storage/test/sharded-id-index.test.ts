import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { StorageIndexBrokenError, createLocalMutex } from '../src/index.js'
import { JsonRecords } from '../src/json-records.js'
import { ShardedIdIndex } from '../src/sharded-id-index.js'
import { compareIds } from '../src/storage-keys.js'
import { randomGenerator } from './crash-workload.js'

function index(maxShardSize = 5) {
  const storage = createStorage()
  return { storage, index: new ShardedIdIndex(new JsonRecords(storage), 'things', createLocalMutex(), maxShardSize) }
}

describe('ShardedIdIndex', () => {
  it('agrees with a plain sorted set through random adds and removes, in shards of bounded size', async () => {
    const { storage, index: things } = index(5)
    const expected = new Set<string>()
    const random = randomGenerator(7)
    for (let step = 0; step < 300; step++) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `tmdb:${1 + Math.floor(random() * 80)}`)
      if (random() < 0.65) {
        await things.add(batch)
        batch.forEach((id) => expected.add(id))
      } else {
        await things.remove(batch)
        batch.forEach((id) => expected.delete(id))
      }
    }
    const sorted = [...expected].sort(compareIds)
    expect(await things.all()).toEqual(sorted)
    expect(await things.count()).toBe(sorted.length)
    for (const [offset, limit] of [[0, 7], [3, 11], [sorted.length - 2, 10], [sorted.length + 5, 3]] as const) {
      expect((await things.page(offset, limit)).ids).toEqual(sorted.slice(offset, offset + limit))
    }
    const shardKeys = (await storage.getKeys('index:things:s')).filter((key) => key.startsWith('index:things:s:'))
    for (const key of shardKeys) expect(((await storage.getItem(key)) as unknown as string[]).length).toBeLessThanOrEqual(5)
    expect(await things.strayShards()).toEqual([])
  })

  it('a reader running beside a writer always sees a sorted page without duplicates', async () => {
    const { index: things } = index(4)
    await things.add(Array.from({ length: 40 }, (_, i) => `tmdb:${i * 2}`))
    const pages: string[][] = []
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => things.add([`tmdb:${i * 2 + 1}`])),
      ...Array.from({ length: 40 }, async () => pages.push((await things.page(10, 12)).ids)),
    ])
    for (const page of pages) {
      expect(page).toEqual([...page].sort(compareIds))
      expect(new Set(page).size).toBe(page.length)
      expect(page).toHaveLength(12)
    }
    expect(await things.count()).toBe(80)
  })

  it('a directory naming a shard that is gone is reported, to be rebuilt by reindex()', async () => {
    const { storage, index: things } = index(4)
    await things.add(['tmdb:1', 'tmdb:2'])
    for (const key of await storage.getKeys('index:things:s')) await storage.removeItem(key)
    await expect(things.add(['tmdb:3'])).rejects.toBeInstanceOf(StorageIndexBrokenError)
    await expect(things.page(0, 10)).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_INDEX_BROKEN', details: { index: 'things' } })
    await things.replace(['tmdb:3', 'tmdb:1'])
    expect(await things.all()).toEqual(['tmdb:1', 'tmdb:3'])
  })

  it('a rebuild replaces a directory that is not even JSON (left by an in-place write), shards and all', async () => {
    const { storage, index: things } = index(2)
    await things.add(['tmdb:1', 'tmdb:2', 'tmdb:3', 'tmdb:4', 'tmdb:5'])
    const before = (await storage.getKeys('index:things:s')).length
    await storage.setItem('index:things:dir', '{"format":1,"ne')
    await expect(things.count()).rejects.toMatchObject({ code: 'CINELAYER_ERR_STORAGE_CORRUPT', details: { key: 'index:things:dir' } })
    await things.replace(['tmdb:7'])
    expect(await things.all()).toEqual(['tmdb:7'])
    expect(await storage.getKeys('index:things:s')).toHaveLength(1)
    expect(before).toBeGreaterThan(1)
  })
})
