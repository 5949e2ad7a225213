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
}

/**
 * TMDB sizes wider than 1000 pixels: what a disk budget drops first. Smaller sizes (`w780`,
 * `w500`…) still fill a screen's list or detail view.
 */
export const hdImageSizes: readonly string[] = ['original', 'w1280']
