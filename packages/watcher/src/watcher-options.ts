import { resolve } from 'node:path'
import { type Clock, type Timer, systemTimer } from '@cinelayer/core'
import type { MovieEngine } from 'cinelayer'
import { WatcherOptionsInvalidError } from './errors.js'
import { type CollisionPolicy } from './file-mover.js'
import { defaultVideoExtensions, extensionSet, isInside, sidecarExtensions } from './file-kinds.js'
import { type WatcherFileSystem, nodeFileSystem } from './file-system.js'
import { type NamingTemplate, compileTemplate, defaultNamingTemplate } from './naming-template.js'

/** Options of {@link createLibraryWatcher}. */
export interface LibraryWatcherOptions {
  /** The engine that matches files and keeps their movies. The watcher never closes it. */
  engine: MovieEngine
  /** Folder where new videos arrive. Created if missing. */
  incoming: string
  /** Folder the videos are organized into. Created if missing. Must not overlap `incoming`. */
  library: string
  /**
   * Where a video goes in the library. Tokens: `{title}`, `{year}`, `{tmdbId}`, `{imdbId}`,
   * `{resolution}`, `{edition}`, `{ext}`. Default `'{title} ({year})/{title} ({year}){ext}'`.
   */
  template?: string
  /** Extensions picked up as videos (with or without the dot). Default: mkv, mp4, m4v, avi, mov, wmv, mpg, mpeg, ts, m2ts, webm, ogm, divx, flv. */
  videoExtensions?: readonly string[]
  /** How long a file's size must stay unchanged before it counts as fully written, in ms. Default `3000`. */
  stableMs?: number
  /** How often a file being written is looked at, in ms. Default `stableMs / 4`, between 10 and 1000. */
  pollMs?: number
  /**
   * How long to wait before trying again a file that was still being written when its turn came
   * (held open for writing, or changed during a copy), in ms. A write to it starts the stability
   * window again sooner. Default `60000`.
   */
  busyRetryMs?: number
  /** Also compare sha256 digests after a copy across devices (size is always compared). Default `false`. */
  hash?: boolean
  /** On a name already taken in the library: `'suffix'` (`Name (2).mkv`) or `'skip'` (the file stays in incoming). Default `'suffix'`. Nothing is ever overwritten. */
  onCollision?: CollisionPolicy
  /** Source of "now" for the stability window. Default: the timer's clock. Give a manual clock only with a manual timer. */
  clock?: Clock
  /** Timer of every wait: `createManualTimer()` from `@cinelayer/core` in tests. Default: core's `systemTimer`. */
  timer?: Timer
  /** File operations (an extension point: a remote store, fault injection). Default: Node's `fs`. */
  fs?: WatcherFileSystem
  /** Polls the folders instead of native events (network shares where events do not arrive). Default `false`. */
  usePolling?: boolean
  /** Told of errors no event carries (the folder watcher failing). Default: `console.warn`. */
  onError?: (error: unknown) => void
}

/** Options with their defaults applied. */
export interface ResolvedWatcherOptions {
  engine: MovieEngine
  incoming: string
  library: string
  template: NamingTemplate
  videoExtensions: ReadonlySet<string>
  stableMs: number
  pollMs: number
  busyRetryMs: number
  hash: boolean
  collision: CollisionPolicy
  timer: Timer
  fs: WatcherFileSystem
  usePolling: boolean
  onError: (error: unknown) => void
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0) throw new WatcherOptionsInvalidError(name, `expected a finite number of ms ≥ 0, got ${value}`)
  return value
}

/**
 * Checks the options and applies the defaults.
 * @throws WatcherOptionsInvalidError when they cannot work.
 */
export function resolveWatcherOptions(options: LibraryWatcherOptions): ResolvedWatcherOptions {
  if (!options.engine) throw new WatcherOptionsInvalidError('engine', 'an engine is required')
  for (const name of ['incoming', 'library'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '') throw new WatcherOptionsInvalidError(name, 'expected a folder path')
  }
  const incoming = resolve(options.incoming)
  const library = resolve(options.library)
  if (isInside(incoming, library) || isInside(library, incoming)) {
    throw new WatcherOptionsInvalidError('library', `${JSON.stringify(library)} and incoming ${JSON.stringify(incoming)} overlap; a moved file would be picked up again`)
  }
  const videoExtensions = extensionSet(options.videoExtensions ?? defaultVideoExtensions)
  if (videoExtensions.size === 0 || [...videoExtensions].some((extension) => !/^[\p{L}\p{N}]{1,10}$/u.test(extension))) {
    throw new WatcherOptionsInvalidError('videoExtensions', 'expected extensions of letters and digits, such as "mkv"')
  }
  const sidecar = [...videoExtensions].find((extension) => sidecarExtensions.includes(extension))
  if (sidecar !== undefined) throw new WatcherOptionsInvalidError('videoExtensions', `"${sidecar}" is a sidecar extension`)
  const stableMs = nonNegative('stableMs', options.stableMs, 3000)
  const collision = options.onCollision ?? 'suffix'
  if (collision !== 'suffix' && collision !== 'skip') throw new WatcherOptionsInvalidError('onCollision', `expected "suffix" or "skip", got ${JSON.stringify(collision)}`)
  const baseTimer = options.timer ?? systemTimer
  return {
    engine: options.engine,
    incoming,
    library,
    template: compileTemplate(options.template ?? defaultNamingTemplate),
    videoExtensions,
    stableMs,
    pollMs: nonNegative('pollMs', options.pollMs, Math.min(1000, Math.max(10, stableMs / 4))),
    busyRetryMs: nonNegative('busyRetryMs', options.busyRetryMs, 60_000),
    hash: options.hash ?? false,
    collision,
    timer: options.clock === undefined ? baseTimer : { clock: options.clock, sleep: (ms, signal) => baseTimer.sleep(ms, signal) },
    fs: options.fs ?? nodeFileSystem,
    usePolling: options.usePolling ?? false,
    onError: options.onError ?? ((error: unknown) => console.warn('[cinelayer/watcher]', error instanceof Error ? error.message : error)),
  }
}
