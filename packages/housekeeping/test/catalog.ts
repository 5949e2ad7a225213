import type { ImageStore } from '@cinelayer/storage'
import { type ImageInventory, imageInventory } from '../src/index.js'
import { DAY, T0, type World, createWorld, deepMovie } from './helpers.js'

/** When the catalog's plans are made: 200 days after it was filled. */
export const NOW = T0 + 200 * DAY

/** A world whose movies also have image files. */
export interface CatalogWorld extends World {
  imageStore: ImageStore
  /** The image store as the housekeeper sees it. */
  images: ImageInventory
}

/**
 * The fixture catalog every built-in rule is tried on. Filled at T0, the clock then at {@link NOW}:
 *
 * | movie | level | use | other |
 * |---|---|---|---|
 * | tmdb:550 Fight Club | deep | 10 plays the day before | images: original 3 MB, w1280 1 MB, w500 100 kB |
 * | tmdb:603 The Matrix | deep | never | images: original 2 MB, w780 200 kB |
 * | tmdb:680 Pulp Fiction | deep | 1 view 50 days before | images: original 1.5 MB |
 * | tmdb:13 Forrest Gump | deep | never | locks `overview`, `keywords` |
 * | tmdb:278 The Shawshank Redemption | deep | never | a local video file |
 * | tmdb:238 The Godfather | medium | never | a video file the watcher saw disappear |
 * | tmdb:155 The Dark Knight | basic | never | |
 */
export async function fixtureCatalog(): Promise<CatalogWorld> {
  const world = createWorld()
  const images = world.stores.images
  const put = (tmdb: number, extra: Parameters<typeof deepMovie>[2] = {}) => world.movies.put(deepMovie(tmdb, T0, { title: titles[tmdb]!, ...extra }))
  await put(550)
  await put(603)
  await put(680)
  await put(13, { locks: ['overview', 'keywords'] })
  await put(278, { filePath: '/library/The Shawshank Redemption (1994)/The Shawshank Redemption (1994).mkv' })
  await put(238, { ...atLevel('medium'), filePath: '/library/The Godfather (1972).mkv', fileMissingSince: new Date(T0).toISOString() } as never)
  await put(155, atLevel('basic'))
  for (const [tmdb, size, bytes] of imageFiles) await images.put(`tmdb:${tmdb}`, { size, file: `${size}-${tmdb}.jpg` }, new Uint8Array(bytes))

  world.clock.set(NOW - 50 * DAY)
  await world.tracker.record('tmdb:680', 'views')
  world.clock.set(NOW - DAY)
  for (let play = 0; play < 10; play++) await world.tracker.record('tmdb:550', 'plays')
  await world.tracker.flush()
  world.clock.set(NOW)
  return { ...world, imageStore: images, images: imageInventory(images) }
}

const titles: Record<number, string> = {
  550: 'Fight Club',
  603: 'The Matrix',
  680: 'Pulp Fiction',
  13: 'Forrest Gump',
  278: 'The Shawshank Redemption',
  238: 'The Godfather',
  155: 'The Dark Knight',
}

const imageFiles: Array<[number, string, number]> = [
  [550, 'original', 3_000_000],
  [550, 'w1280', 1_000_000],
  [550, 'w500', 100_000],
  [603, 'original', 2_000_000],
  [603, 'w780', 200_000],
  [680, 'original', 1_500_000],
]

/** Fields and facet stamps of a movie filled only up to `level`. */
function atLevel(level: 'basic' | 'medium'): Record<string, unknown> {
  const full = deepMovie(1, T0)
  const keep = level === 'basic' ? ['identity', 'details', 'poster'] : ['identity', 'details', 'poster', 'credits', 'genres', 'ratings']
  const drop = ['cast', 'crew', 'genres', 'tmdbRating', 'externalIds', 'images', 'keywords', 'wikipedia', 'imdbRating'].filter(
    (field) => level === 'basic' || !['cast', 'crew', 'genres', 'tmdbRating'].includes(field),
  )
  return {
    level,
    facets: Object.fromEntries(Object.entries(full.facets).filter(([facet]) => keep.includes(facet))),
    ...Object.fromEntries(drop.map((field) => [field, undefined])),
  }
}
