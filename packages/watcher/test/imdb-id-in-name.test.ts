import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MovieEngine } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UnparseableVideoNameError, parseVideoFilename } from '../src/index.js'
import { type EventLog, type Sandbox, createSandbox, recordEvents, sandboxEngine, sandboxWatcher } from './helpers.js'

describe('parseVideoFilename: an IMDb id anywhere in the name or its folder', () => {
  it.each([
    'Fight Club (1999) [tt0137523].avi',
    'Fight Club (1999) (tt0137523).avi',
    'Fight Club (1999) {imdb-tt0137523}.avi',
    'Fight Club (1999) [imdbid-tt0137523].avi',
    'Fight Club (1999) [imdbid=tt0137523].avi',
    'Fight Club (1999) [IMDB tt0137523].avi',
    'Fight Club (1999) [imdb:tt0137523].avi',
    'Fight Club (1999)-tt0137523.avi',
    'Fight.Club.1999.imdb=tt0137523.avi',
    'Fight.Club.1999.1080p.tt0137523.mkv',
    'Fight Club [tt0137523] (1999).avi',
  ])('%s', (name) => {
    const parsed = parseVideoFilename(name)
    expect(parsed).toMatchObject({ title: 'Fight Club', year: 1999, imdbId: 'tt0137523' })
    // The id is not taken for a release group.
    expect(parsed.group).toBeUndefined()
  })

  it('reads the id of the parent folder', () => {
    expect(parseVideoFilename('Fight Club (1999) [imdbid-tt0137523]/fight.club.avi')).toMatchObject({ title: 'Fight Club', imdbId: 'tt0137523' })
    expect(parseVideoFilename('Der Club [tt0137523]/movie.avi').imdbId).toBe('tt0137523')
  })

  it('gives the id of a name that is only an id in the error, not "[]" as a title', () => {
    const error = (() => {
      try {
        return parseVideoFilename('[tt0137523].avi')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(UnparseableVideoNameError)
    expect((error as UnparseableVideoNameError).ids).toEqual({ imdbId: 'tt0137523' })
  })
})

describe('the watcher matches by the IMDb id of a name, without a search', () => {
  let sandbox: Sandbox
  let engine: MovieEngine
  let log: EventLog

  beforeEach(async () => {
    sandbox = await createSandbox()
    engine = sandboxEngine(sandbox)
    log = recordEvents(engine)
    await mkdir(sandbox.incoming, { recursive: true })
  })

  afterEach(async () => {
    await engine.close()
    await sandbox.cleanup()
  })

  async function organize(relativePath: string) {
    const watcher = sandboxWatcher(sandbox, engine)
    const path = join(sandbox.incoming, relativePath)
    await mkdir(join(path, '..'), { recursive: true })
    await writeFile(path, 'the movie')
    try {
      return await watcher.organize(path)
    } finally {
      await watcher.close()
    }
  }

  const fightClub = (ext: string) => join(sandbox.library, 'Fight Club (1999)', `Fight Club (1999).${ext}`)

  // "Der Club" is found by no search (the replay data has none recorded): only the id can match it.
  it('Der Club (1999) [tt0137523].avi is Fight Club, named from TMDB', async () => {
    expect(await organize('Der Club (1999) [tt0137523].avi')).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: fightClub('avi') })
    expect(log.of('VideoMatched')[0]!.payload).toMatchObject({ movieId: 'tmdb:550', score: 1, via: 'id', candidates: [] })
  })

  it('a name that is only an IMDb id, and an id on the parent folder', async () => {
    expect(await organize('[tt0137523].avi')).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: fightClub('avi') })
    expect(await organize(join('Der Club [imdbid-tt0137523]', 'der.club.mkv'))).toMatchObject({ status: 'organized', movieId: 'tmdb:550', path: fightClub('mkv') })
    expect(await readdir(sandbox.incoming)).toEqual([])
  })

  it('an IMDb id TMDB does not know leaves the choice to the search', async () => {
    expect(await organize('Fight Club (1999) [tt0000001].mkv')).toMatchObject({ status: 'organized', movieId: 'tmdb:550' })
    expect(log.of('VideoMatched')[0]!.payload).toMatchObject({ via: 'search' })
  })
})
