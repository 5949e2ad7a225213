import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock, createMovieEngine } from '../src/index.js'

type Options = NonNullable<Parameters<typeof createMovieEngine>[0]>

function engineWith(options: Options) {
  return createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), clock: createManualClock(new Date('2026-11-21T00:00:00Z')), trace: false, ...options })
}

/** Runs `body` with OMDB_API_KEY and TMDB_TOKEN unset, so only the options decide. */
async function withoutKeysInEnvironment(body: () => Promise<void>): Promise<void> {
  const saved = { omdb: process.env.OMDB_API_KEY, tmdb: process.env.TMDB_TOKEN }
  delete process.env.OMDB_API_KEY
  delete process.env.TMDB_TOKEN
  try {
    await body()
  } finally {
    if (saved.omdb !== undefined) process.env.OMDB_API_KEY = saved.omdb
    if (saved.tmdb !== undefined) process.env.TMDB_TOKEN = saved.tmdb
  }
}

describe('createMovieEngine: the Wikipedia and IMDb providers', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cinelayer-provider-options-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('are on by default with replay data: deep holds the Wikipedia summary and the IMDb rating', async () => {
    const engine = engineWith({ data: 'replay' })
    expect(engine.levels.facetsFor('deep')).toEqual(expect.arrayContaining(['wikipedia', 'imdbRating']))
    const movie = await engine.movies.get('tmdb:550', { level: 'deep' })
    expect(movie.wikipedia?.summary).toMatch(/^Fight Club is a 1999 American film/)
    expect(movie.imdbRating).toEqual({ rating: 8.8, votes: 2_400_000 })
    await engine.close()
  })

  it('turned off, leave deep to TMDB alone: one call, no facet of theirs', async () => {
    const engine = engineWith({ data: 'replay', wikipedia: false, imdb: false })
    expect(engine.levels.facetsFor('deep')).not.toContain('wikipedia')
    expect(engine.levels.facetsFor('deep')).not.toContain('imdbRating')
    const movie = await engine.movies.get('tmdb:550', { level: 'deep' })
    expect(movie.level).toBe('deep')
    expect(movie).not.toHaveProperty('wikipedia')
    expect(movie).not.toHaveProperty('imdbRating')
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1 })
    await engine.close()
  })

  it('read IMDb ratings from a dataset file with no request', async () => {
    const datasetPath = join(dir, 'title.ratings.tsv')
    await writeFile(datasetPath, 'tconst\taverageRating\tnumVotes\ntt0137523\t8.8\t2412345\n')
    const engine = engineWith({ data: 'replay', wikipedia: false, imdb: { datasetPath } })
    expect((await engine.movies.get('tmdb:550', { level: 'deep' })).imdbRating).toEqual({ rating: 8.8, votes: 2_412_345 })
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1 })
    await engine.close()
  })

  it('use the Wikipedia languages given, and the engine languages otherwise', async () => {
    // Rock Crystal has no Wikidata id: it is searched, English first, then its original language (de).
    const engine = engineWith({ data: 'replay', imdb: false, wikipedia: { languages: ['de'] } })
    const movie = await engine.movies.get('tmdb:12313', { level: 'deep' })
    expect(movie.wikipedia).toMatchObject({ title: 'Bergkristall (Film)', language: 'de' })
    expect((await engine.summary()).providerCalls).toEqual({ tmdb: 1, wikipedia: 2 })
    await engine.close()
  })

  it('leave IMDb off for live data without an OMDb key or a dataset, and on with one', async () => {
    await withoutKeysInEnvironment(async () => {
      const keyless = engineWith({ data: 'http', tmdb: { token: 'test-token' } })
      expect(keyless.levels.facetsFor('deep')).not.toContain('imdbRating')
      expect(keyless.levels.facetsFor('deep')).toContain('wikipedia')
      await keyless.close()
      const keyed = engineWith({ data: 'http', tmdb: { token: 'test-token' }, imdb: { apiKey: 'test-key' } })
      expect(keyed.levels.facetsFor('deep')).toContain('imdbRating')
      await keyed.close()
    })
  })
})
