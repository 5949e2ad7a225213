import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type AnyCinelayerEvent, type MovieEngine, createMovieEngine } from 'cinelayer'
import { type LibraryWatcher, createLibraryWatcher } from '@cinelayer/watcher'

/** Options of {@link startFileWatcherDemo}. */
export interface FileWatcherDemoOptions {
  /** Folder watched for new videos. */
  incoming: string
  /** Folder the videos are organized into. */
  library: string
  /** Folder of the engine's fs store. */
  dataDir: string
  /** Where narration goes. */
  say: (line: string) => void
  /** Size must be stable this long before a file is taken, in ms. Default `1000`. */
  stableMs?: number
}

/** A running demo: the engine and the watcher, and how to stop both. */
export interface FileWatcherDemo {
  engine: MovieEngine
  watcher: LibraryWatcher
  stop(): Promise<void>
}

/**
 * Sample releases, as they arrive from the wild: a scene name with a subtitle, a name carrying its
 * TMDB id, and a year that no Fight Club has (left unmatched, with its candidates). The bytes are
 * placeholders, not videos: the watcher reads names and sizes, never the picture.
 */
export const sampleReleases: Record<string, string> = {
  'Fight.Club.1999.1080p.BluRay.x264-GRP/Fight.Club.1999.1080p.BluRay.x264-GRP.mkv': 'placeholder video',
  'Fight.Club.1999.1080p.BluRay.x264-GRP/Fight.Club.1999.1080p.BluRay.x264-GRP.en.srt': '1\n00:00:01,000 --> 00:00:02,000\n(placeholder)\n',
  'Riddick.2013.{tmdb-87421}.720p.WEB-DL.mkv': 'placeholder video',
  'Fight.Club.1975.DVDRip.avi': 'placeholder video',
}

/** Drops the sample releases into `incoming`. */
export async function seedIncoming(incoming: string): Promise<string[]> {
  const written: string[] = []
  for (const [name, content] of Object.entries(sampleReleases)) {
    const path = join(incoming, name)
    await mkdir(join(path, '..'), { recursive: true })
    await writeFile(path, content)
    written.push(path)
  }
  return written
}

function narrate(event: AnyCinelayerEvent): string | undefined {
  switch (event.type) {
    case 'VideoFileDetected':
      return `• found     ${event.payload.path}`
    case 'VideoMatched':
      return `  matched   ${event.payload.movieId} (score ${event.payload.score}, by ${event.payload.via})`
    case 'VideoAdded':
      return `  organized ${event.payload.path}${event.payload.sidecars?.length ? ` (+${event.payload.sidecars.length} sidecar)` : ''}`
    case 'VideoOrganizeFailed':
      return `  left      ${event.payload.path}\n            ${event.payload.reason}: ${event.payload.message}`
    case 'VideoRemoved':
      return `• removed   ${event.payload.path} → ${event.payload.movieId} marked, its knowledge kept`
    default:
      return undefined
  }
}

/** Starts an engine on replay data and a watcher over the two folders, narrating every file event. */
export async function startFileWatcherDemo(options: FileWatcherDemoOptions): Promise<FileWatcherDemo> {
  const engine = createMovieEngine({ dataDir: options.dataDir, data: 'replay' })
  const off = engine.bus.onCategory('fs', (event) => {
    const line = narrate(event)
    if (line) options.say(line)
  })
  const watcher = createLibraryWatcher({
    engine,
    incoming: options.incoming,
    library: options.library,
    stableMs: options.stableMs ?? 1000,
    onError: (error) => options.say(`! ${error instanceof Error ? error.message : String(error)}`),
  })
  const scan = await watcher.start()
  options.say(`watching ${watcher.incoming} → ${watcher.library}`)
  if (scan.adopted.length + scan.removed.length > 0) options.say(`reconciled: ${scan.adopted.length} adopted, ${scan.removed.length} marked missing`)
  return {
    engine,
    watcher,
    async stop() {
      await watcher.close()
      off()
      await engine.close()
    },
  }
}
