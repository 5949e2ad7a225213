/**
 * The stored image files of movies, as the housekeeper sees them: bytes per size, and removal
 * of whole sizes. The engine adapts `@cinelayer/storage`'s image store to it; a host that keeps
 * images elsewhere (a CDN cache, a media server's folder) can give its own.
 */
export interface ImageInventory {
  /**
   * Bytes stored for one movie per image size (`{ original: 2_400_000, w500: 61_000 }`), every
   * image of that size together. Empty when the movie has none.
   */
  sizesOf(movieId: string): Promise<Readonly<Record<string, number>>>
  /**
   * Removes every stored image of the given sizes of one movie, and resolves with the bytes that
   * freed. The movie record's image metadata stays, so the files can be fetched again.
   */
  removeSizes(movieId: string, sizes: readonly string[]): Promise<number>
  /**
   * Every movie's stored image bytes per size, in one listing; movies without images are absent.
   * Optional: when present, a plan lists once instead of movie by movie, which on drivers whose
   * prefix listing scans every key (memory, Redis) turns a pass from quadratic to linear.
   */
  all?(): Promise<ReadonlyMap<string, Readonly<Record<string, number>>>>
}

/**
 * TMDB sizes wider than 1000 pixels: what a disk budget drops first. Smaller sizes (`w780`,
 * `w500`…) still fill a screen's list or detail view.
 */
export const hdImageSizes: readonly string[] = ['original', 'w1280']

/** The part of `@cinelayer/storage`'s `ImageStore` an inventory is built on. */
export interface ImageStoreLike {
  list(movieId: string): Promise<ReadonlyArray<{ size: string; file: string; bytes: number }>>
  prune(movieId: string, keep: Iterable<{ size: string; file: string }>): Promise<{ bytesFreed: number }>
  /** Every movie's image bytes per size, in one listing (optional: see {@link ImageInventory.all}). */
  sizesByMovie?(): Promise<ReadonlyMap<string, Readonly<Record<string, number>>>>
}

/**
 * An {@link ImageInventory} over `@cinelayer/storage`'s image store (what the engine uses), which
 * lists every image at once (`all()`).
 */
export function imageInventory(store: ImageStoreLike): ImageInventory {
  return {
    ...(store.sizesByMovie ? { all: () => store.sizesByMovie!() } : {}),
    async sizesOf(movieId) {
      const sizes: Record<string, number> = {}
      for (const image of await store.list(movieId)) sizes[image.size] = (sizes[image.size] ?? 0) + image.bytes
      return sizes
    },
    async removeSizes(movieId, sizes) {
      const dropped = new Set(sizes)
      const keep = (await store.list(movieId)).filter((image) => !dropped.has(image.size))
      return (await store.prune(movieId, keep)).bytesFreed
    },
  }
}
