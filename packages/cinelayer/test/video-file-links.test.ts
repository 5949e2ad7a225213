import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { describe, expect, it } from 'vitest'
import { type AnyCinelayerEvent, InvalidIdError, MovieNotFoundError, createManualClock, createMovieEngine } from '../src/index.js'

function memoryEngine() {
  const clock = createManualClock(new Date('2026-11-21T00:00:00Z'))
  const engine = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay', clock })
  const events: AnyCinelayerEvent[] = []
  engine.bus.onAny((event) => {
    events.push(event)
  })
  return { engine, clock, events }
}

describe('movies and their video files', () => {
  it('finds a movie by its file and follows the file when it moves', async () => {
    const { engine, clock } = memoryEngine()
    await engine.movies.addFile('/in/Fight.Club.1999.mkv', { title: 'Fight Club', year: 1999 })
    expect(await engine.movies.byFile('/in/Fight.Club.1999.mkv')).toMatchObject({ id: 'tmdb:550' })
    expect(await engine.movies.byFile('/in/other.mkv')).toBeNull()
    clock.advance(1000)
    const moved = await engine.movies.markFileMoved('/in/Fight.Club.1999.mkv', '/lib/Fight Club (1999)/Fight Club (1999).mkv')
    expect(moved.map((movie) => movie.id)).toEqual(['tmdb:550'])
    expect(await engine.movies.byFile('/in/Fight.Club.1999.mkv')).toBeNull()
    expect(await engine.movies.peek('tmdb:550')).toMatchObject({ filePath: '/lib/Fight Club (1999)/Fight Club (1999).mkv', updatedAt: '2026-11-21T00:00:01.000Z' })
    expect(await engine.movies.markFileMoved('/in/nothing.mkv', '/lib/nothing.mkv')).toEqual([])
    await engine.close()
  })

  it('records the candidates a file was compared with, on a sure match too', async () => {
    const { engine } = memoryEngine()
    const movie = await engine.movies.addFile('/in/Fight.Club.1999.mkv', { title: 'Fight Club', year: 1999 })
    expect(movie.match).toMatchObject({ status: 'matched', score: 1, candidates: [{ tmdb: 550, title: 'Fight Club', year: 1999 }] })
    await engine.close()
  })

  it('marks a vanished file without forgetting the movie, and unmarks it when the file is back', async () => {
    const { engine } = memoryEngine()
    await engine.movies.addFile('/lib/fc.mkv', { title: 'Fight Club', year: 1999 })
    await engine.movies.get('tmdb:550', { level: 'basic' })
    const marked = await engine.movies.markFileRemoved('/lib/fc.mkv')
    expect(marked).toHaveLength(1)
    const movie = await engine.movies.peek('tmdb:550')
    expect(movie).toMatchObject({ level: 'basic', title: 'Fight Club', fileMissingSince: '2026-11-21T00:00:00.000Z', overview: expect.any(String) })
    expect(movie).not.toHaveProperty('filePath')
    expect(await engine.movies.markFileRemoved('/lib/fc.mkv')).toEqual([])
    const back = await engine.movies.addFile('/lib/fc.mkv', { title: 'Fight Club', year: 1999 })
    expect(back.filePath).toBe('/lib/fc.mkv')
    expect(back).not.toHaveProperty('fileMissingSince')
    await engine.close()
  })

  it('resolves an unmatched movie to a TMDB id, aliasing the local id and keeping its file and locks', async () => {
    const { engine, events } = memoryEngine()
    const local = await engine.movies.addFile('/in/Fight.Club.1975.mkv', { title: 'Fight Club', year: 1975 })
    expect(local.match?.status).toBe('unmatched')
    const resolved = await engine.movies.resolveMatch(local.id, 550)
    expect(resolved).toMatchObject({
      id: 'tmdb:550',
      ids: { tmdb: 550, local: local.ids.local },
      filePath: '/in/Fight.Club.1975.mkv',
      match: { status: 'matched', score: 1, candidates: local.match!.candidates },
    })
    expect((await engine.movies.peek(local.id))?.id).toBe('tmdb:550')
    expect(await engine.movies.byFile('/in/Fight.Club.1975.mkv')).toMatchObject({ id: 'tmdb:550' })
    expect(events.filter((event) => event.type === 'MovieAliased').map((event) => event.payload)).toEqual([{ from: local.id, to: 'tmdb:550' }])
    const ids = (await engine.movies.list()).results.map((movie) => movie.id)
    expect(ids).toEqual(['tmdb:550'])
    await engine.close()
  })

  it('refuses to resolve what is not an unmatched local movie', async () => {
    const { engine } = memoryEngine()
    await expect(engine.movies.resolveMatch('tmdb:550', 550)).rejects.toBeInstanceOf(InvalidIdError)
    await expect(engine.movies.resolveMatch(`local:${'a'.repeat(32)}`, 550)).rejects.toBeInstanceOf(MovieNotFoundError)
    const local = await engine.movies.addFile('/in/Fight.Club.1975.mkv', { title: 'Fight Club', year: 1975 })
    await expect(engine.movies.resolveMatch(local.id, -1)).rejects.toBeInstanceOf(InvalidIdError)
    expect(await engine.movies.peek(local.id)).toMatchObject({ id: local.id, match: { status: 'unmatched' } })
    await engine.close()
  })
})
