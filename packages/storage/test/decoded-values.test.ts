import { RecordInvalidError, recordBytes } from '@cinelayer/core'
import { type Driver, createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { createStores } from '../src/index.js'
import { fightClub } from './records.js'

// Some drivers (KV stores with a JSON codec) give values back already decoded.
function decodingDriver(): Driver {
  const data = new Map<string, unknown>()
  return {
    name: 'decoding',
    hasItem: (key) => data.has(key),
    getItem: (key) => (data.has(key) ? structuredClone(data.get(key)) : null) as never,
    setItem(key, value) {
      data.set(key, JSON.parse(value))
    },
    removeItem(key) {
      data.delete(key)
    },
    getKeys: () => [...data.keys()],
  }
}

describe('a driver that hands back decoded values', () => {
  it('reads records it decoded itself, still validated, and measures them as JSON', async () => {
    const storage = createStorage({ driver: decodingDriver() })
    const stores = createStores(storage)
    await stores.movies.put(fightClub())
    expect(await stores.movies.get('tmdb:550')).toEqual(fightClub())
    expect(await stores.movies.sizeOf('tmdb:550')).toBe(recordBytes(fightClub()))
    await storage.setItem('movies:tmdb:603', '{"title":"The Matrix"}')
    await expect(stores.movies.get('tmdb:603')).rejects.toBeInstanceOf(RecordInvalidError)
  })
})
