import { existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestEngine } from '../src/subpaths/testing.js'

const savedToken = process.env.TMDB_TOKEN
afterEach(() => {
  if (savedToken === undefined) delete process.env.TMDB_TOKEN
  else process.env.TMDB_TOKEN = savedToken
})

describe('createTestEngine (cinelayer/testing)', () => {
  it('gives engines that run side by side, each on its own temporary folder, offline', async () => {
    const engines = [createTestEngine(), createTestEngine()]
    expect(engines[0]!.dataDir).not.toBe(engines[1]!.dataDir)
    const movies = await Promise.all(engines.map((engine) => engine.movies.get('tmdb:550', { level: 'medium' })))
    expect(movies.map((movie) => [movie.title, movie.level])).toEqual([
      ['Fight Club', 'medium'],
      ['Fight Club', 'medium'],
    ])
    await Promise.all(engines.map((engine) => engine.close()))
    for (const engine of engines) expect(existsSync(engine.dataDir)).toBe(false)
  })

  it('stays on the replay data when a TMDB token is in the environment', async () => {
    process.env.TMDB_TOKEN = 'a-developer-token-0123456789'
    const engine = createTestEngine()
    try {
      // Live TMDB would need the network (refused by the test guard): the recorded answer comes back.
      await expect(engine.movies.get('tmdb:550', { level: 'basic' })).resolves.toMatchObject({ title: 'Fight Club' })
    } finally {
      await engine.close()
    }
  })

  it('removes its folder when the options are refused', () => {
    const folders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('cinelayer-test-'))
    const before = folders()
    expect(() => createTestEngine({ defaultLevel: 'no-such-level' })).toThrow(/no-such-level/)
    expect(folders()).toEqual(before)
  })
})
