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
