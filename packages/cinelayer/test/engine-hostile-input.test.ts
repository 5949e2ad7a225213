import { describe, expect, it } from 'vitest'
import { type DataProvider, JsonReplayProvider, MovieNotFoundError, OptionsInvalidError, ProviderHttpError, ReplayMissError } from '../src/index.js'
import { replayEngine, shippedEntries, snapshot } from './engine-harness.js'

/** The recorded answers, and TMDB's 404 for any other movie (as live TMDB answers an id it does not know). */
async function tmdbWith404(): Promise<DataProvider> {
  const replay = new JsonReplayProvider({ entries: await shippedEntries() })
  return {
    name: 'replay-or-404',
    get counters() {
      return replay.counters
    },
    request: <T>(request: Parameters<DataProvider['request']>[0], options?: Parameters<DataProvider['request']>[1]) =>
      replay.request<T>(request, options).catch((error: unknown): never => {
        if (error instanceof ReplayMissError && request.source === 'tmdb') throw new ProviderHttpError(`tmdb GET ${request.path}`, 404)
        throw error
      }),
  }
}

describe('ids no provider knows', () => {
  it('leave the store as it was, however many are asked for, and are not asked upstream twice in a row', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false, data: await tmdbWith404() })
    await h.engine.movies.get('tmdb:550', { level: 'basic' })
    await h.engine.stats.flush()
    const before = await snapshot(h.storage)
    const ids = Array.from({ length: 60 }, (_, index) => `tmdb:${900_000 + index * 7919}`)
    for (const id of ids) await expect(h.engine.movies.get(id, { level: 'basic' })).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(h.engine.movies.get('imdb:tt9999999')).rejects.toBeInstanceOf(MovieNotFoundError)
    await expect(h.engine.enrichMany(ids.slice(0, 5), 'medium')).resolves.toMatchObject({ failed: 5 })
    await h.engine.stats.flush()
    expect(await snapshot(h.storage)).toEqual(before)
    // Remembered: asked again, no run, no upstream call.
    const runs = () => h.eventsOf('EnrichmentRequested').length
    const before10 = runs()
    for (const id of ids.slice(0, 10)) await expect(h.engine.movies.get(id)).rejects.toMatchObject({ code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' })
    expect(runs()).toBe(before10)
    // Until the memory of the miss runs out (ten minutes by default).
    h.clock.advance(10 * 60_000 + 1)
    await expect(h.engine.movies.get(ids[0]!)).rejects.toBeInstanceOf(MovieNotFoundError)
    expect(runs()).toBe(before10 + 1)
    await h.engine.close()
  })

  it('asked without waiting, leave nothing behind either', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const answered = await h.engine.movies.get('tmdb:424242', { level: 'basic', wait: false })
    expect(answered).toMatchObject({ id: 'tmdb:424242', level: 'initial' })
    await h.engine.movies.settled()
    expect(await h.engine.movies.peek('tmdb:424242')).toBeNull()
    expect(h.eventsOf('EnrichmentFailed').map((event) => event.payload.movieId)).toEqual(['tmdb:424242'])
    await h.engine.close()
  })
})

describe('arguments of the public entry points', () => {
  it('are checked first: a bad one fails with a coded error naming it, and nothing is done', async () => {
    const h = await replayEngine({ wikipedia: false, imdb: false })
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['downgrade(selection.ids', () => h.engine.downgrade({ ids: null as never, to: 'basic' })],
      ['downgrade(selection)', () => h.engine.downgrade(null as never)],
      ['downgrade(selection.to)', () => h.engine.downgrade({ ids: ['tmdb:550'], to: 3 as never })],
      ['downgrade(selection.notReadForDays)', () => h.engine.downgrade({ notReadForDays: -1 })],
      ['importMany(list[0])', () => h.engine.importMany([null as never])],
      ['importMany(list)', () => h.engine.importMany('tmdb:550' as never)],
      ['importMany(list[1])', () => h.engine.importMany(['tmdb:550', { tmdb: -3 }])],
      ['enrichMany(list[0])', () => h.engine.enrichMany([42 as never], 'basic')],
    ]
    for (const [name, call] of cases) {
      const error = await call().catch((caught: unknown) => caught)
      expect(error, name).toBeInstanceOf(OptionsInvalidError)
      expect((error as Error).message, name).toContain(name)
    }
    expect(h.events.filter((event) => event.type !== 'MovieRequested')).toEqual([])
    await h.engine.close()
  })
})
