import { type Enricher, type EnrichmentEngine, type EventBus, type Movie, type MovieStore, type Unsubscribe, defineEnricher } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import type { ImageRef, ImageStore } from '@cinelayer/storage'

/** Image downloads of `MovieEngineOptions.images`. */
export interface ImageDownloadOptions {
  /**
   * Store image bytes when the `poster` (basic) and `images` (deep) facets are fetched; a failed
   * download fails the facet like any provider failure. With live data, point
   * `tmdb.imageBaseURL` at a mirror or a local fake in tests. Default `false`.
   */
  download?: boolean
  /** Size the poster is stored in. Default `'original'`. */
  posterSize?: string
  /** Size backdrops are stored in. Default `'w780'`. */
  backdropSize?: string
  /** Size logos are stored in. Default `'w300'`. */
  logoSize?: string
  /** Backdrops stored per movie (the first ones TMDB lists). Default `3`. */
  maxBackdrops?: number
  /** Logos stored per movie. Default `1`. */
  maxLogos?: number
}

const defaults = { posterSize: 'original', backdropSize: 'w780', logoSize: 'w300', maxBackdrops: 3, maxLogos: 1 }

interface PatchedImage {
  path: string
  bytes?: number
  size?: string
}

interface DownloadDeps {
  tmdb: TmdbProvider
  images: ImageStore
  options: ImageDownloadOptions
}

/**
 * Wraps the TMDB movie enricher so that the facets it fills come with their image bytes: the poster
 * at basic, the first backdrops and logos at deep, each stored by size in the image store, with the
 * bytes and size written on the record's image reference. The bytes are stored before the record
 * (its write is the commit point); a field that is locked or edited is not downloaded again.
 */
export function withImageDownloads(enricher: Enricher, deps: DownloadDeps): Enricher {
  const options = { ...defaults, ...deps.options }
  return defineEnricher({
    ...enricher,
    async enrich(input) {
      const output = await enricher.enrich(input)
      const { movie, facets } = input
      const kept = new Set([...movie.locks, ...Object.keys(movie.edits ?? {})])
      const store = async (image: PatchedImage, size: string): Promise<PatchedImage> => {
        const bytes = await deps.tmdb.downloadImage(image.path, size, input.signal ? { signal: input.signal } : {})
        return { ...image, bytes: await deps.images.put(movie.id, { size, file: image.path }, bytes), size }
      }
      const patch: Record<string, unknown> = { ...output.patch }
      const poster = patch.poster as PatchedImage | null | undefined
      if (facets.includes('poster') && !kept.has('poster') && poster) patch.poster = await store(poster, options.posterSize)
      const images = patch.images as { backdrops: PatchedImage[]; logos: PatchedImage[]; posters: PatchedImage[] } | undefined
      if (facets.includes('images') && !kept.has('images') && images) {
        const first = (list: PatchedImage[], count: number, size: string) =>
          Promise.all(list.map((image, index) => (index < count ? store(image, size) : image)))
        patch.images = {
          ...images,
          backdrops: await first(images.backdrops, options.maxBackdrops, options.backdropSize),
          logos: await first(images.logos, options.maxLogos, options.logoSize),
        }
      }
      return { ...output, patch }
    },
  })
}

/** The images a record refers to with stored bytes: what pruning keeps. */
export function storedImagesOf(movie: Movie | null): ImageRef[] {
  if (!movie) return []
  const refs: ImageRef[] = []
  const add = (image: { path: string; size?: string | undefined } | null | undefined) => {
    if (image?.size) refs.push({ size: image.size, file: image.path })
  }
  add(movie.poster)
  for (const list of [movie.images?.backdrops, movie.images?.logos, movie.images?.posters]) for (const image of list ?? []) add(image)
  return refs
}

/**
 * Removes image bytes no record refers to any more: after a downgrade (the facets that held them
 * are gone), after an enrichment (a refreshed poster replaces the old one) and after a failed one
 * (what it downloaded before failing). A movie with a run in flight is left alone; that run's end
 * prunes it.
 */
export function pruneImagesOnChange(deps: { bus: EventBus; movies: MovieStore; images: ImageStore; engine: EnrichmentEngine }): Unsubscribe {
  const prune = async (movieId: string) => {
    // EnrichmentCompleted is published from inside its run: wait for it to end. A run started since
    // then stores its images before its record, so it is left alone, and its completion prunes.
    await deps.engine.whenIdle(movieId)
    if (deps.engine.isEnriching(movieId)) return
    const movie = await deps.movies.get(movieId)
    await deps.images.prune(movieId, storedImagesOf(movie))
  }
  return deps.bus.on(['MovieDowngraded', 'EnrichmentCompleted', 'EnrichmentFailed'], (event) => prune(event.payload.movieId))
}
