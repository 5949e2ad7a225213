import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPersonRecord } from '@cinelayer/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createStores, openDataFolder } from '../src/index.js'

let folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

async function storesIn(store: 'sqlite' | 'fs') {
  const dir = await mkdtemp(join(tmpdir(), 'cinelayer-person-aliases-'))
  folders.push(dir)
  const folder = openDataFolder(dir, { store })
  const stores = createStores(folder.storage)
  return { stores, close: async () => (await stores.close({ dispose: false }), await folder.close()) }
}

const brad = createPersonRecord({ id: 'tmdb:287', name: 'Brad Pitt', ids: { tmdb: 287, imdb: 'nm0000093', wikidata: 'Q35332' } }, Date.parse('2026-11-21T00:00:00Z'))

describe.each(['sqlite', 'fs'] as const)('person aliases (%s)', (store) => {
  it("are written by the person's commit and resolve to the canonical id", async () => {
    const { stores, close } = await storesIn(store)
    expect(await stores.people.resolve('imdb:nm0000093')).toBeNull()
    await stores.people.update('tmdb:287', () => ({ person: brad }))
    expect(await stores.people.resolve('imdb:nm0000093')).toBe('tmdb:287')
    expect(await stores.people.resolve('wikidata:Q35332')).toBe('tmdb:287')
    expect(await stores.people.resolve('tmdb:287')).toBe('tmdb:287')
    expect(await stores.people.resolve('tmdb:31')).toBeNull()
    expect((await stores.validate()).issues).toEqual([])
    await close()
  })

  it('are rebuilt from the records by a reindex when lost, and an alias of nobody is removed', async () => {
    const { stores, close } = await storesIn(store)
    await stores.people.update('tmdb:287', () => ({ person: brad }))
    await stores.kv.commit({ checks: [], writes: [{ key: 'person-aliases:imdb:nm0000093', value: null }, { key: 'person-aliases:imdb:nm0000001', value: JSON.stringify({ id: 'tmdb:1' }) }] })
    expect(await stores.people.resolve('imdb:nm0000093')).toBeNull()
    const report = await stores.reindex()
    expect(report.issues.map((issue) => [issue.kind, issue.key, issue.fixed])).toEqual(
      expect.arrayContaining([
        ['index-missing', 'person-aliases:imdb:nm0000093', true],
        ['index-extra', 'person-aliases:imdb:nm0000001', true],
      ]),
    )
    expect(await stores.people.resolve('imdb:nm0000093')).toBe('tmdb:287')
    expect(await stores.people.resolve('imdb:nm0000001')).toBeNull()
    expect((await stores.validate()).issues).toEqual([])
    await close()
  })
})
