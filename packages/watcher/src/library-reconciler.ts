import { join, relative } from 'node:path'
import { CinelayerError, type Movie } from '@cinelayer/core'
import type { MovieEngine } from 'cinelayer'
import { OrganizeFailedError } from './errors.js'
import { isIgnoredPath, isInside, kindOf } from './file-kinds.js'
import { type WatcherFileSystem, errorCode } from './file-system.js'
import type { OrganizeOutcome } from './organize-outcome.js'
import { parseVideoFilename } from './parse-video-filename.js'
import type { SymlinkReports } from './symbolic-links.js'

/** What the reconciler works with. */
export interface ReconcilerDeps {
  engine: MovieEngine
  fs: WatcherFileSystem
  incoming: string
  library: string
  videoExtensions: ReadonlySet<string>
  links: SymlinkReports
}

/** What a scan found. */
export interface ScanResult {
  /** Videos and sidecars waiting in the incoming folder. */
  incoming: string[]
  /** Videos of the library no movie had: each was adopted (matched where it lies, or left unmatched). */
  adopted: OrganizeOutcome[]
  /** Movies whose file is gone: marked, with their knowledge kept. */
  removed: { path: string; movieId: string }[]
  /** Symbolic links found in either folder: not followed, not moved, reported once each (`symlink`). */
  symlinks: string[]
}

/** Deepest folder nesting walked (links are not followed, so this bounds only real nesting). */
const MAX_DEPTH = 12
/** Movies read per page when listing the store. */
const PAGE_SIZE = 200

/**
 * Brings the store and the folders into agreement: a library video no movie knows is adopted
 * where it lies; a movie whose file vanished from the library or incoming is marked, never
 * deleted; videos waiting in incoming are handed back to be organized.
 */
export class LibraryReconciler {
  readonly #deps: ReconcilerDeps

  constructor(deps: ReconcilerDeps) {
    this.#deps = deps
  }

  /** Walks both folders and the store once. */
  async scan(): Promise<ScanResult> {
    const { incoming, library } = this.#deps
    const byPath = await this.#moviesWithFiles()
    const symlinks: string[] = []
    const libraryFiles = await this.#walk(library, library, 0, symlinks)
    const incomingFiles = await this.#walk(incoming, incoming, 0, symlinks)
    const present = new Set([...libraryFiles, ...incomingFiles])
    const result: ScanResult = { incoming: incomingFiles, adopted: [], removed: [], symlinks }
    for (const link of symlinks) await this.#deps.links.report(link)
    // Missing files first: a file renamed by hand is then adopted, not taken for a second copy.
    for (const [path, movie] of byPath) {
      const ours = isInside(library, path) || isInside(incoming, path)
      if (ours && !present.has(path) && !(await this.#exists(path))) {
        await this.removed(path)
        byPath.delete(path)
        result.removed.push({ path, movieId: movie.id })
      }
    }
    for (const path of libraryFiles) {
      if (kindOf(relative(library, path), this.#deps.videoExtensions) === 'video' && !byPath.has(path)) result.adopted.push(await this.adopt(path, byPath))
    }
    return result
  }

  /**
   * A library video without a movie: matched where it lies (the folder name helps), never moved.
   * A second copy of a movie whose file is still in place is reported, and the movie keeps its file.
   * @param known the movies with files by path (listed once by a scan, and kept up to date here).
   */
  async adopt(path: string, known?: Map<string, Movie>): Promise<OrganizeOutcome> {
    const { engine } = this.#deps
    const byPath = known ?? (await this.#moviesWithFiles())
    if (byPath.has(path)) return { status: 'skipped', path }
    if ((await this.#deps.fs.lstat(path).catch(() => null))?.isSymbolicLink) return this.#deps.links.report(path)
    let movie: Movie
    let via: 'id' | 'search' = 'search'
    try {
      const reading = parseVideoFilename(relative(this.#deps.library, path))
      via = reading.tmdbId === undefined && reading.imdbId === undefined ? 'search' : 'id'
      engine.bus.publish({ type: 'VideoFileDetected', payload: { path } })
      movie = await engine.movies.addFile(path, {
        title: reading.title,
        ...(reading.year === undefined ? {} : { year: reading.year }),
        ...(reading.tmdbId === undefined ? {} : { tmdbId: reading.tmdbId }),
        ...(reading.imdbId === undefined ? {} : { imdbId: reading.imdbId }),
      })
    } catch (error) {
      const failure =
        error instanceof CinelayerError && error.code.startsWith('CINELAYER_ERR_WATCHER_NAME')
          ? error
          : new OrganizeFailedError('CINELAYER_ERR_WATCHER_MATCH_FAILED', 'match-failed', path, `matching it failed (${(error as Error).message})`, { cause: error })
      const reason = failure instanceof OrganizeFailedError ? failure.reason : 'unparseable'
      engine.bus.publish({ type: 'VideoOrganizeFailed', payload: { path, reason, message: failure.message, code: failure.code } })
      return { status: 'failed', path, reason, error: failure }
    }
    if (movie.match?.status === 'unmatched') {
      const message = `No TMDB movie is a sure match for the library file; it stays where it is as ${movie.id} until resolved`
      engine.bus.publish({ type: 'VideoOrganizeFailed', payload: { path, reason: 'unmatched', message, movieId: movie.id } })
      return { status: 'unmatched', movieId: movie.id, path }
    }
    const duplicate = await this.#duplicate(path, movie, byPath)
    if (duplicate) return duplicate
    byPath.set(path, movie)
    const { match } = movie
    engine.bus.publish({
      type: 'VideoMatched',
      payload: { path, movieId: movie.id, score: match?.score ?? 1, candidates: match?.candidates ?? [], via },
    })
    engine.bus.publish({ type: 'VideoAdded', payload: { path, movieId: movie.id } })
    return { status: 'organized', movieId: movie.id, path, sidecars: [] }
  }

  /** When the movie already has its file elsewhere and that file is there, it keeps it: `path` is a second copy. */
  async #duplicate(path: string, movie: Movie, byPath: Map<string, Movie>): Promise<OrganizeOutcome | undefined> {
    const previous = [...byPath].find(([other, owner]) => owner.id === movie.id && other !== path)?.[0]
    if (previous === undefined || !(await this.#exists(previous))) return undefined
    const { engine } = this.#deps
    await engine.movies.markFileMoved(path, previous)
    const error = new OrganizeFailedError('CINELAYER_ERR_WATCHER_DUPLICATE', 'duplicate', path, `${movie.id} already has its file at ${JSON.stringify(previous)}; this copy is left unlinked`, {
      details: { movieId: movie.id, file: previous },
    })
    engine.bus.publish({ type: 'VideoOrganizeFailed', payload: { path, reason: 'duplicate', message: error.message, code: error.code, movieId: movie.id } })
    return { status: 'failed', path, reason: 'duplicate', error, movieId: movie.id }
  }

  /** A video left the library (or incoming): its movie is marked, its knowledge kept. */
  async removed(path: string): Promise<string[]> {
    const { engine } = this.#deps
    const marked = await engine.movies.markFileRemoved(path)
    for (const movie of marked) engine.bus.publish({ type: 'VideoRemoved', payload: { path, movieId: movie.id } })
    return marked.map((movie) => movie.id)
  }

  /** A folder left the library: every movie whose file was in it and is gone is marked. */
  async removedFolder(folder: string): Promise<void> {
    for (const path of (await this.#moviesWithFiles()).keys()) {
      if (isInside(folder, path) && !(await this.#exists(path))) await this.removed(path)
    }
  }

  async #moviesWithFiles(): Promise<Map<string, Movie>> {
    const byPath = new Map<string, Movie>()
    for (let page = 1; ; page += 1) {
      const found = await this.#deps.engine.movies.list({ page, pageSize: PAGE_SIZE })
      for (const movie of found.results) if (movie.filePath !== undefined) byPath.set(movie.filePath, movie)
      if (page >= found.totalPages) return byPath
    }
  }

  async #exists(path: string): Promise<boolean> {
    try {
      await this.#deps.fs.stat(path)
      return true
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false
      throw error
    }
  }

  /** Files (videos and sidecars) under a folder, hidden and partial ones left out; links go to `links`, unfollowed. */
  async #walk(root: string, folder: string, depth: number, links: string[]): Promise<string[]> {
    if (depth > MAX_DEPTH) return []
    const names = await this.#deps.fs.readdir(folder).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return [] as string[]
      throw error
    })
    const found: string[] = []
    for (const name of names.sort()) {
      const path = join(folder, name)
      if (isIgnoredPath(relative(root, path))) continue
      const facts = await this.#deps.fs.lstat(path).catch(() => null)
      if (facts?.isSymbolicLink) links.push(path)
      else if (facts?.isDirectory) found.push(...(await this.#walk(root, path, depth + 1, links)))
      else if (facts?.isFile && kindOf(relative(root, path), this.#deps.videoExtensions) !== 'ignored') found.push(path)
    }
    return found
  }
}
