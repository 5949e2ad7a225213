import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import * as fs from 'node:fs/promises'
import { isOpenForWriting } from './open-writers.js'

/** What the watcher needs to know of a file. */
export interface FileFacts {
  size: number
  mtimeMs: number
  isFile: boolean
  isDirectory: boolean
  /** The path is a symbolic link (only `lstat` says so; `stat` describes the link's target). */
  isSymbolicLink?: boolean
}

/**
 * The file operations the organizer uses, as an extension point: the default is Node's `fs`;
 * wrap it to move files on a remote store, to count operations, or to make `rename` answer
 * `EXDEV` as a second device would. Every method rejects with Node's error (`code` set).
 */
export interface WatcherFileSystem {
  /** Facts of a path, following symbolic links. */
  stat(path: string): Promise<FileFacts>
  /** Facts of a path itself: a symbolic link is described as a link (`isSymbolicLink`), never followed. */
  lstat(path: string): Promise<FileFacts>
  /** The path with every symbolic link resolved. */
  realpath(path: string): Promise<string>
  /** Names of the entries of a folder. */
  readdir(path: string): Promise<string[]>
  /** Creates a folder and its parents. */
  mkdir(path: string): Promise<void>
  /** Renames within one device; may overwrite on POSIX, so callers check first. */
  rename(from: string, to: string): Promise<void>
  /** A second name for a file; fails with `EEXIST` rather than overwrite, `EXDEV` across devices. */
  link(existing: string, newPath: string): Promise<void>
  /** Copies bytes; fails with `EEXIST` when `to` exists. */
  copyFile(from: string, to: string): Promise<void>
  /** Removes a file. */
  unlink(path: string): Promise<void>
  /** Removes an empty folder; fails with `ENOTEMPTY` otherwise. */
  rmdir(path: string): Promise<void>
  /** The sha256 of a file's bytes, in hex. */
  sha256(path: string): Promise<string>
  /**
   * Whether a process holds the file open for writing (a download still running), or `undefined`
   * where the system cannot tell. Without this method, or where it answers `undefined`, only size
   * and modification time show that a file is still changing.
   */
  openForWriting?(path: string): Promise<boolean | undefined>
}

function facts(stats: { size: number; mtimeMs: number; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileFacts {
  return { size: stats.size, mtimeMs: stats.mtimeMs, isFile: stats.isFile(), isDirectory: stats.isDirectory(), isSymbolicLink: stats.isSymbolicLink() }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Node's file system, as {@link WatcherFileSystem}. */
export const nodeFileSystem: WatcherFileSystem = {
  stat: async (path) => facts(await fs.stat(path)),
  lstat: async (path) => facts(await fs.lstat(path)),
  realpath: (path) => fs.realpath(path),
  readdir: (path) => fs.readdir(path),
  mkdir: async (path) => {
    await fs.mkdir(path, { recursive: true })
  },
  rename: (from, to) => fs.rename(from, to),
  link: (existing, newPath) => fs.link(existing, newPath),
  copyFile: (from, to) => fs.copyFile(from, to, fs.constants.COPYFILE_EXCL),
  unlink: (path) => fs.unlink(path),
  rmdir: (path) => fs.rmdir(path),
  sha256: sha256Of,
  openForWriting: (path) => isOpenForWriting(path),
}

/** The `code` of a Node file-system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
