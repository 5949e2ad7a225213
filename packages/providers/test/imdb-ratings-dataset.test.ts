import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ImdbDatasetError, ImdbProvider, ImdbRatingsIndex, createImdbEnricher } from '../src/index.js'
import { useTempDirs } from './temp-dir.js'

// The layout of IMDb's title.ratings.tsv (https://developer.imdb.com/non-commercial-datasets/): a header, then one title per line.
const ratings = ['tconst\taverageRating\tnumVotes', 'tt0000001\t5.7\t2104', 'tt0137523\t8.8\t2412345', 'tt0409732\t6\t312', 'tt10872600\t7.9\t982134', ''].join('\n')

describe('the IMDb ratings dataset', () => {
  const tempDir = useTempDirs()

  async function datasetFile(name: string, content: string | Buffer): Promise<string> {
    const file = join(await tempDir(), name)
    await writeFile(file, content)
    return file
  }

  it('answers ratings from a .tsv, indexed once and then without any I/O', async () => {
    const file = await datasetFile('title.ratings.tsv', ratings)
    const imdb = new ImdbProvider({ datasetPath: file })
    expect(imdb.source).toBe('dataset')
    expect(await imdb.rating('tt0137523')).toEqual({ rating: 8.8, votes: 2_412_345 })
    // The file is gone: every later answer comes from memory.
    await rm(file)
    expect(await imdb.rating('tt0409732')).toEqual({ rating: 6, votes: 312 })
    expect(await imdb.rating('tt10872600')).toEqual({ rating: 7.9, votes: 982_134 })
    expect(await imdb.rating('tt0000002')).toBeNull()
  })

  it('reads a .tsv.gz, recognised by its bytes whatever its name', async () => {
    const gzipped = gzipSync(Buffer.from(ratings))
    for (const name of ['title.ratings.tsv.gz', 'ratings.download']) {
      const imdb = new ImdbProvider({ datasetPath: await datasetFile(name, gzipped) })
      expect(await imdb.rating('tt0137523')).toEqual({ rating: 8.8, votes: 2_412_345 })
    }
  })

  it('accepts CRLF line ends, a byte order mark and lines out of order', async () => {
    const shuffled = ['\uFEFFtconst\taverageRating\tnumVotes', 'tt0409732\t6.0\t312', 'tt0000001\t5.7\t2104', 'tt0137523\t8.8\t2412345'].join('\r\n')
    const index = await ImdbRatingsIndex.load(await datasetFile('title.ratings.tsv', shuffled))
    expect(index.size).toBe(3)
    expect(['tt0000001', 'tt0137523', 'tt0409732'].map((id) => index.get(id)?.rating)).toEqual([5.7, 8.8, 6])
    expect(index.get('nm0000093')).toBeNull()
  })

  it.each([
    ['without the header', 'tt0000001\t5.7\t2104\n', /line 1 is not the header/],
    ['with a malformed line', 'tconst\taverageRating\tnumVotes\ntt0000001\t5.7\t2104\ntt0000002\tfive\t12\n', /line 3 is not "tt…<TAB>rating<TAB>votes"/],
    ['with a rating above 10', 'tconst\taverageRating\tnumVotes\ntt0000001\t12.5\t2104\n', /line 2/],
    ['empty', '', /it is empty/],
  ])('refuses a file %s, naming the file', async (_, content, reason) => {
    const file = await datasetFile('title.ratings.tsv', content)
    const error = await ImdbRatingsIndex.load(file).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ImdbDatasetError)
    expect(error).toMatchObject({ code: 'CINELAYER_ERR_IMDB_DATASET_INVALID', file })
    expect((error as Error).message).toMatch(reason)
  })

  it('refuses a truncated .gz with the decompression error as the cause', async () => {
    const gzipped = gzipSync(Buffer.from(ratings.repeat(50)))
    const file = await datasetFile('title.ratings.tsv.gz', gzipped.subarray(0, gzipped.length - 40))
    const error = await ImdbRatingsIndex.load(file).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ImdbDatasetError)
    expect((error as Error).message).toMatch(/could not be read to the end/)
    expect((error as Error).cause).toBeInstanceOf(Error)
  })

  it('names a missing file, and reads it once it exists (a failure is not kept)', async () => {
    const file = join(await tempDir(), 'title.ratings.tsv')
    const imdb = new ImdbProvider({ datasetPath: file })
    await expect(imdb.rating('tt0137523')).rejects.toThrow(/cannot be opened/)
    await writeFile(file, ratings)
    expect(await imdb.rating('tt0137523')).toEqual({ rating: 8.8, votes: 2_412_345 })
  })

  it('makes the IMDb enricher free of calls', async () => {
    const enricher = createImdbEnricher(new ImdbProvider({ datasetPath: await datasetFile('title.ratings.tsv', ratings) }))
    const movie = { schemaVersion: 1, id: 'tmdb:550', ids: { tmdb: 550, imdb: 'tt0137523' }, level: 'medium', facets: {}, locks: [], errors: [], createdAt: '', updatedAt: '' }
    expect(await enricher.enrich({ movie, facets: ['imdbRating'], languages: ['en-US'] })).toEqual({ patch: { imdbRating: { rating: 8.8, votes: 2_412_345 } }, calls: 0 })
    const unrated = { ...movie, ids: { tmdb: 1, imdb: 'tt7654321' } }
    expect(await enricher.enrich({ movie: unrated, facets: ['imdbRating'], languages: ['en-US'] })).toEqual({ patch: {}, calls: 0 })
  })
})
