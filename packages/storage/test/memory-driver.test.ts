import { describe, expect, it } from 'vitest'
import { memoryDriver } from '../src/index.js'
import { describeStoreContract } from '../src/contract/index.js'
import { memoryStorage, plainMemoryStorage } from './drivers.js'

describeStoreContract('cinelayer memory driver', memoryStorage)

// Any unstorage driver plugs in: without commits of its own, writes go one by one (not atomic).
describeStoreContract("unstorage's memory driver (no atomic commits)", plainMemoryStorage, { atomic: false })

describe('cinelayer memory driver: bytesUnder', () => {
  it('counts the UTF-8 bytes of the values under a base in one call, text and bytes alike', async () => {
    const driver = memoryDriver()
    await driver.commit({
      checks: [],
      writes: [
        { key: 'movies:1', value: 'é' },
        { key: 'movies:2', value: new Uint8Array([1, 2, 3]) },
        { key: 'people:1', value: 'abcd' },
      ],
    })
    expect(await driver.bytesUnder?.('movies:')).toBe(5)
    expect(await driver.bytesUnder?.('people:')).toBe(4)
    expect(await driver.bytesUnder?.('stats:')).toBe(0)
  })
})

describe('cinelayer memory driver: listings by prefix', () => {
  it('lists, counts and measures the keys under a base, whatever segment they are in, through writes and removals', async () => {
    const driver = memoryDriver()
    await driver.commit({ checks: [], writes: ['movies:1', 'movies:10', 'movies-of:1', 'images:tmdb:1:w500:a.jpg', 'plain'].map((key) => ({ key, value: 'x' })) })
    await driver.setItem?.('movies:2', 'yy', {})
    expect(await driver.getKeys('movies:', {})).toEqual(['movies:1', 'movies:10', 'movies:2'])
    expect(await driver.getKeys('movies', {})).toEqual(['movies-of:1', 'movies:1', 'movies:10', 'movies:2'])
    expect(await driver.getKeys('movies:1', {})).toEqual(['movies:1', 'movies:10'])
    expect(await driver.getKeys('', {})).toHaveLength(6)
    await driver.commit({ checks: [], writes: [{ key: 'movies:10', value: null }] })
    await driver.removeItem?.('movies:2', {})
    expect(await driver.getKeys('movies:', {})).toEqual(['movies:1'])
    expect(await driver.countKeys?.('movies:')).toBe(1)
    expect(await driver.bytesUnder?.('images:tmdb:1:')).toBe(1)
    await driver.clear?.('images:', {})
    expect(await driver.getKeys('images:', {})).toEqual([])
    expect(await driver.getKeys('plain', {})).toEqual(['plain'])
  })
})
