import { dirname, extname, relative, resolve as resolvePath } from 'node:path'
import { CinelayerError, type Movie, parseMovieId } from '@cinelayer/core'
import type { MovieEngine } from 'cinelayer'
import { OrganizeFailedError, ResolveInvalidError, UnparseableVideoNameError } from './errors.js'
import { type CollisionPolicy, moveFile } from './file-mover.js'
import { baseNameOf, isInside } from './file-kinds.js'
import { type WatcherFileSystem, errorCode } from './file-system.js'
import type { NamingTemplate } from './naming-template.js'
import type { OrganizeOutcome } from './organize-outcome.js'
import { type ParsedVideoName, parseVideoFilename } from './parse-video-filename.js'
import { byteLength } from './safe-path-segment.js'
import { OrganizedVideos, moveSidecars, sidecarsOf } from './sidecars.js'
import { type SymlinkReports, isThroughLink } from './symbolic-links.js'

/** What the organizer works with. */
export interface OrganizerDeps {
  engine: MovieEngine
  fs: WatcherFileSystem
  /** Absolute, resolved. */
  incoming: string
  /** Absolute, resolved. */
  library: string
  template: NamingTemplate
  collision: CollisionPolicy
  hash: boolean
  links: SymlinkReports
}

/** Longest library path accepted, in bytes: Linux's PATH_MAX with room to spare. */
const MAX_PATH_BYTES = 4000

type Via = 'id' | 'search' | 'manual'

/**
 * Takes a video from the incoming folder into the library: reads its name, has the engine match
 * it, then moves and renames it with its sidecars. Each step is an event; a failure leaves the
 * file where it was, with the reason in a `VideoOrganizeFailed` event.
 */
export class LibraryOrganizer {
  readonly #deps: OrganizerDeps
  readonly #organized = new OrganizedVideos()

  constructor(deps: OrganizerDeps) {
    this.#deps = deps
  }

  /** Matches and moves a fully written video of the incoming folder. */
  async organize(path: string): Promise<OrganizeOutcome> {
    const { engine, fs } = this.#deps
    if (!isInside(this.#deps.incoming, path)) return { status: 'skipped', path }
    if (await isThroughLink(fs, this.#deps.incoming, path)) return this.#deps.links.report(path)
    const facts = await fs.lstat(path).catch(() => null)
    if (facts === null || !facts.isFile) return { status: 'skipped', path }
    const known = await engine.movies.byFile(path)
    if (known?.match?.status === 'unmatched') return this.#unmatched(path, known)
    engine.bus.publish({ type: 'VideoFileDetected', payload: { path, size: facts.size } })
    let movie = known
    let via: Via = 'search'
    if (movie === null) {
      const reading = this.#read(path, this.#deps.incoming)
      if (!('title' in reading)) return this.#fail(path, reading.error)
      via = reading.tmdbId === undefined && reading.imdbId === undefined ? 'search' : 'id'
      try {
        movie = await engine.movies.addFile(path, { title: reading.title, ...yearOf(reading), ...idsOf(reading) })
      } catch (error) {
        return this.#fail(path, matchFailure(path, reading, error))
      }
      if (movie.match?.status === 'unmatched') return this.#unmatched(path, movie)
      // An IMDb id TMDB did not know left the choice to a search, whose candidates the match keeps.
      if (reading.tmdbId === undefined && movie.match?.candidates?.length) via = 'search'
      this.#matched(path, movie, via)
    }
    return this.#place(path, movie, via)
  }

  /**
   * Matches the file of an unmatched movie to a TMDB id by hand, then organizes it when it is in
   * the incoming folder. `target` is the movie id (`local:…`) or the file's path.
   */
  async resolve(target: string, tmdbId: number): Promise<OrganizeOutcome> {
    const { engine } = this.#deps
    const wanted = parseMovieId(`tmdb:${tmdbId}`).id
    const byId = isMovieId(target)
    const movie = byId ? await engine.movies.peek(target) : await engine.movies.byFile(resolvePath(target))
    const path = movie?.filePath ?? (byId ? undefined : resolvePath(target))
    if (path === undefined) throw new ResolveInvalidError(target, movie ? 'the movie has no file' : 'no movie has that id')
    if ((await this.#deps.fs.stat(path).catch(() => null)) === null) throw new ResolveInvalidError(target, `its file ${JSON.stringify(path)} is gone`)
    let matched: Movie
    if (movie === null) {
      if (!isInside(this.#deps.incoming, path)) throw new ResolveInvalidError(target, 'no movie has that file, and it is not in the incoming folder')
      const reading = this.#read(path, this.#deps.incoming)
      matched = await engine.movies.addFile(path, { title: 'title' in reading ? reading.title : baseNameOf(path), tmdbId })
    } else if (movie.id.startsWith('local:')) {
      matched = await engine.movies.resolveMatch(movie.id, tmdbId)
    } else if (movie.id === wanted) {
      matched = movie
    } else {
      throw new ResolveInvalidError(target, `it is already matched to ${movie.id}`)
    }
    this.#matched(path, matched, 'manual', movie?.match?.candidates)
    if (!isInside(this.#deps.incoming, path)) return { status: 'organized', movieId: matched.id, path, sidecars: [] }
    if (await isThroughLink(this.#deps.fs, this.#deps.incoming, path)) return this.#deps.links.report(path)
    return this.#place(path, matched, 'manual')
  }

  /**
   * Whether a folder event on `path` (a video leaving incoming, arriving in the library) came
   * from a move of the organizer: then the store already knows, and nothing needs looking up.
   */
  isOwnMove(path: string): boolean {
    return this.#organized.consumeMove(path)
  }

  /** Moves a late sidecar after its video, when that video was organized in this session. */
  async followSidecar(path: string): Promise<string | undefined> {
    const destination = this.#organized.destinationOf(path)
    // Gone already: it travelled with its video.
    if (destination === undefined || (await this.#deps.fs.lstat(path).catch(() => null))?.isFile !== true) return undefined
    try {
      const { to } = await moveFile(path, destination, this.#moveOptions())
      await this.#cleanIncoming(dirname(path))
      return to
    } catch (error) {
      this.#fail(path, asOrganizeError(path, error))
      return undefined
    }
  }

  /** Reads a file's name relative to `root`; the folders above the root say nothing about it. */
  #read(path: string, root: string): ParsedVideoName | { error: CinelayerError } {
    try {
      return parseVideoFilename(relative(root, path))
    } catch (error) {
      // "{tmdb-603}.mkv", "[tt0137523].avi": no title, but an id names the movie.
      if (error instanceof UnparseableVideoNameError && (error.ids.tmdbId !== undefined || error.ids.imdbId !== undefined)) {
        return { title: baseNameOf(path), ...error.ids, confidence: 0 }
      }
      return { error: error instanceof CinelayerError ? error : new CinelayerError('CINELAYER_ERR_WATCHER_NAME_INVALID', String(error)) }
    }
  }

  #matched(path: string, movie: Movie, via: Via, candidates = movie.match?.candidates): void {
    this.#deps.engine.bus.publish({
      type: 'VideoMatched',
      payload: { path, movieId: movie.id, score: via === 'manual' ? 1 : (movie.match?.score ?? 1), candidates: candidates ?? [], via },
    })
  }

  #unmatched(path: string, movie: Movie): OrganizeOutcome {
    const best = movie.match?.candidates?.[0]
    const message =
      `No TMDB movie is a sure match for ${JSON.stringify(movie.title ?? path)}${movie.year ? ` (${movie.year})` : ''}` +
      ` (best score ${movie.match?.score ?? 0}${best ? `, best candidate tmdb:${best.tmdb} "${best.title}"` : ''});` +
      ` the file stays in incoming until resolve(${JSON.stringify(movie.id)}, tmdbId)`
    this.#deps.engine.bus.publish({ type: 'VideoOrganizeFailed', payload: { path, reason: 'unmatched', message, movieId: movie.id } })
    return { status: 'unmatched', movieId: movie.id, path }
  }

  #fail(path: string, error: CinelayerError, movieId?: string): OrganizeOutcome {
    // Anything else comes from reading the name.
    const reason = error instanceof OrganizeFailedError ? error.reason : 'unparseable'
    this.#deps.engine.bus.publish({
      type: 'VideoOrganizeFailed',
      payload: { path, reason, message: error.message, code: error.code, ...(movieId === undefined ? {} : { movieId }) },
    })
    return { status: 'failed', path, reason, error, ...(movieId === undefined ? {} : { movieId }) }
  }

  /** Names the file from the movie, moves it and its sidecars, and tells the engine where it went. */
  async #place(path: string, matched: Movie, via: Via): Promise<OrganizeOutcome> {
    const { engine, fs } = this.#deps
    const movie = await this.#namingFacts(matched, via)
    const destination = this.#destination(path, movie)
    if (destination instanceof OrganizeFailedError) return this.#fail(path, destination, movie.id)
    const sidecars = await sidecarsOf(fs, path)
    let moved
    try {
      moved = await moveFile(path, destination, this.#moveOptions())
    } catch (error) {
      // A movie folder made for this file goes too, when nothing else is in it.
      if (dirname(destination) !== this.#deps.library) await fs.rmdir(dirname(destination)).catch(() => undefined)
      return this.#fail(path, asOrganizeError(path, error), movie.id)
    }
    try {
      await engine.movies.markFileMoved(path, moved.to)
    } catch (error) {
      // The file is in the library: the next start adopts it there.
      return this.#fail(path, asOrganizeError(path, error, 'recording the new path'), movie.id)
    }
    this.#organized.remember(path, moved.to)
    this.#organized.rememberMove(path, moved.to)
    const followed = await moveSidecars(sidecars, moved.to, this.#moveOptions())
    for (const failure of followed.failed) this.#fail(failure.path, failure.error, movie.id)
    engine.bus.publish({ type: 'VideoAdded', payload: { path: moved.to, movieId: movie.id, from: path, sidecars: followed.moved } })
    await this.#cleanIncoming(dirname(path))
    return {
      status: 'organized',
      movieId: movie.id,
      path: moved.to,
      from: path,
      sidecars: followed.moved,
      method: moved.method,
      ...(moved.collidedWith === undefined ? {} : { collidedWith: moved.collidedWith }),
    }
  }

  /** A movie matched by an id knows only the title the file gave: TMDB's title and year name it. */
  async #namingFacts(movie: Movie, via: Via): Promise<Movie> {
    const { engine } = this.#deps
    if ((via === 'search' && movie.year !== undefined) || !engine.levels.names.includes('basic')) return movie
    if (engine.levels.rank(movie.level) >= engine.levels.rank('basic')) return movie
    return engine.movies.get(movie.id, { level: 'basic' }).catch(() => movie)
  }

  #destination(path: string, movie: Movie): string | OrganizeFailedError {
    const { library, template } = this.#deps
    const parsed = this.#read(path, this.#deps.incoming)
    const details = 'title' in parsed ? parsed : undefined
    const segments = template.render({
      title: movie.title ?? details?.title ?? baseNameOf(path),
      ...(movie.year === undefined ? {} : { year: movie.year }),
      ...(movie.ids.tmdb === undefined ? {} : { tmdbId: movie.ids.tmdb }),
      ...((movie.ids.imdb ?? details?.imdbId) === undefined ? {} : { imdbId: (movie.ids.imdb ?? details?.imdbId)! }),
      ...(details?.resolution === undefined ? {} : { resolution: details.resolution }),
      ...(details?.edition === undefined ? {} : { edition: details.edition }),
      ext: extname(path).toLowerCase(),
    })
    const destination = resolvePath(library, ...segments)
    if (!isInside(library, destination) || destination === library) {
      return new OrganizeFailedError('CINELAYER_ERR_WATCHER_PATH_UNSAFE', 'path-unsafe', path, `the name ${JSON.stringify(segments.join('/'))} leaves the library`)
    }
    if (byteLength(destination) > MAX_PATH_BYTES) {
      return new OrganizeFailedError('CINELAYER_ERR_WATCHER_PATH_UNSAFE', 'path-unsafe', path, `the library path would be ${byteLength(destination)} bytes long`)
    }
    return destination
  }

  #moveOptions() {
    return { fs: this.#deps.fs, collision: this.#deps.collision, hash: this.#deps.hash }
  }

  /** Removes folders of incoming left empty by a move, up to (never including) incoming itself. */
  async #cleanIncoming(folder: string): Promise<void> {
    const { incoming, fs } = this.#deps
    let current = folder
    while (current !== incoming && isInside(incoming, current)) {
      try {
        await fs.rmdir(current)
      } catch {
        return
      }
      current = dirname(current)
    }
  }
}

function yearOf(reading: ParsedVideoName): { year?: number } {
  return reading.year === undefined ? {} : { year: reading.year }
}

/** Ids written in the name: the engine looks them up instead of searching. */
function idsOf(reading: ParsedVideoName): { tmdbId?: number; imdbId?: string } {
  return {
    ...(reading.tmdbId === undefined ? {} : { tmdbId: reading.tmdbId }),
    ...(reading.imdbId === undefined ? {} : { imdbId: reading.imdbId }),
  }
}

function matchFailure(path: string, reading: ParsedVideoName, error: unknown): OrganizeFailedError {
  const code = error instanceof CinelayerError ? error.code : errorCode(error)
  const detail = error instanceof Error ? error.message : String(error)
  const read = `${JSON.stringify(reading.title)}${reading.year === undefined ? '' : ` (${reading.year})`}`
  return new OrganizeFailedError('CINELAYER_ERR_WATCHER_MATCH_FAILED', 'match-failed', path, `matching it as ${read} failed (${detail}); it will be tried again on the next start`, {
    cause: error,
    details: { matchCode: code },
  })
}

function asOrganizeError(path: string, error: unknown, step = 'moving it'): OrganizeFailedError {
  if (error instanceof OrganizeFailedError) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new OrganizeFailedError('CINELAYER_ERR_WATCHER_MOVE_FAILED', 'move-failed', path, `${step} failed (${detail})`, { cause: error })
}

function isMovieId(target: string): boolean {
  try {
    parseMovieId(target)
    return true
  } catch {
    return false
  }
}
