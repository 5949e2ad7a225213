import { basename, dirname, join } from 'node:path'
import type { CinelayerError } from '@cinelayer/core'
import { type MoveOptions, moveFile } from './file-mover.js'
import { baseNameOf, isIgnoredPath, sidecarSuffix } from './file-kinds.js'
import type { WatcherFileSystem } from './file-system.js'

/** A sidecar found beside a video. */
export interface Sidecar {
  path: string
  /** What follows the video's base name: `.en.srt`, `.nfo`. */
  suffix: string
}

/** What happened to the sidecars of one video. */
export interface SidecarMoves {
  moved: string[]
  failed: { path: string; error: CinelayerError }[]
}

/**
 * Sidecars of a video: files beside it named after it with a sidecar extension (`Movie.en.srt`).
 * A symbolic link is no sidecar: moved, a relative one would dangle.
 */
export async function sidecarsOf(fs: WatcherFileSystem, video: string): Promise<Sidecar[]> {
  const base = baseNameOf(video)
  const names = await fs.readdir(dirname(video)).catch(() => [] as string[])
  const found: Sidecar[] = []
  for (const name of names.sort()) {
    const suffix = isIgnoredPath(name) ? undefined : sidecarSuffix(name, base)
    const path = join(dirname(video), name)
    if (suffix !== undefined && (await fs.lstat(path).catch(() => null))?.isFile === true) found.push({ path, suffix })
  }
  return found
}

/** Moves each sidecar beside the placed video, named after it; one failing does not stop the others. */
export async function moveSidecars(sidecars: readonly Sidecar[], placedVideo: string, options: MoveOptions): Promise<SidecarMoves> {
  const result: SidecarMoves = { moved: [], failed: [] }
  const base = join(dirname(placedVideo), baseNameOf(placedVideo))
  for (const sidecar of sidecars) {
    try {
      result.moved.push((await moveFile(sidecar.path, `${base}${sidecar.suffix}`, options)).to)
    } catch (error) {
      result.failed.push({ path: sidecar.path, error: error as CinelayerError })
    }
  }
  return result
}

/** How many organized videos (and moved paths) are remembered. */
const REMEMBERED_VIDEOS = 500

/**
 * Remembers where the videos organized in this session went, so that a subtitle dropped a little
 * after its video still follows it.
 */
export class OrganizedVideos {
  /** `incoming folder/base name` → base path of the placed video (without extension). */
  readonly #placed = new Map<string, string>()
  /** Paths a move of ours emptied or filled: their folder events are our own doing. */
  readonly #moved = new Set<string>()

  remember(from: string, placedVideo: string): void {
    this.#placed.set(join(dirname(from), baseNameOf(from)), join(dirname(placedVideo), baseNameOf(placedVideo)))
    if (this.#placed.size > REMEMBERED_VIDEOS) this.#placed.delete(this.#placed.keys().next().value!)
  }

  /** Records both ends of a move made by the organizer. */
  rememberMove(from: string, to: string): void {
    this.#moved.add(from)
    this.#moved.add(to)
    while (this.#moved.size > REMEMBERED_VIDEOS * 4) this.#moved.delete(this.#moved.values().next().value!)
  }

  /** Whether a folder event on `path` came from a move of ours (answered once per path). */
  consumeMove(path: string): boolean {
    return this.#moved.delete(path)
  }

  /** Where a late sidecar goes, or `undefined` when its video was not organized in this session. */
  destinationOf(sidecar: string): string | undefined {
    const folder = dirname(sidecar)
    const name = basename(sidecar)
    for (const [key, placedBase] of this.#placed) {
      if (dirname(key) !== folder) continue
      const suffix = sidecarSuffix(name, basename(key))
      if (suffix !== undefined) return `${placedBase}${suffix}`
    }
    return undefined
  }
}
