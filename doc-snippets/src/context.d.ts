/**
 * What the documentation's snippets use without defining it, as a reader takes it: "an engine",
 * "a data provider". Type-checking only: offline snippets get real ones (snippet-modules.ts).
 */
import type { DataProvider, HttpDataProvider, Movie, MovieEngine, Relation, StatsTracker, TmdbProvider, UnstorageInstance } from 'cinelayer'
import type { LibraryWatcher } from '@cinelayer/watcher'

declare global {
  var engine: MovieEngine
  var data: DataProvider
  var tmdb: TmdbProvider
  var live: HttpDataProvider
  var id: string
  var movie: Movie
  var storage: UnstorageInstance
  var tracker: StatsTracker
  var url: string
  var credits: Relation[]
  var watcher: LibraryWatcher
  /** The `payload` field of a Plex webhook's multipart body. */
  var payloadField: string
}
