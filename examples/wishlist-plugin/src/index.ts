/**
 * A cinelayer plugin that keeps wishlisted movies deep: housekeeping never takes them below
 * `deep`, and their weight puts them last wherever the order matters (a disk budget drops the
 * lowest scores first). The core knows nothing about wishlists: this is all a rule.
 *
 * ```ts
 * const engine = createMovieEngine({ plugins: [wishlist({ ids: ['tmdb:603', 'imdb:tt0137523'] })] })
 * ```
 * @packageDocumentation
 */
import { type CinelayerPlugin, type HousekeepingRule, type Movie, definePlugin, defineRule, parseMovieId } from 'cinelayer'

/** Options of {@link wishlist}. */
export interface WishlistOptions {
  /** Movies on the wishlist, by any id cinelayer knows: `tmdb:603`, `imdb:tt0133093`, `wikidata:Q83495`. */
  ids: Iterable<string>
  /** The lowest level a wishlisted movie keeps. Default `'deep'`. */
  level?: string
  /** Added to a wishlisted movie's score. Default `100`. */
  weight?: number
}

/** A wishlist plugin; `ids` can change while the engine runs. */
export interface WishlistPlugin extends CinelayerPlugin {
  /** The wishlisted ids, normalized (`tmdb:603`). Add or delete to change the wishlist. */
  readonly ids: Set<string>
}

/**
 * Creates the plugin.
 * @throws InvalidIdError (`CINELAYER_ERR_ID_INVALID`) for an id that is not a movie id.
 */
export function wishlist(options: WishlistOptions): WishlistPlugin {
  const ids = new Set([...options.ids].map((id) => parseMovieId(id).id))
  const plugin = definePlugin({ name: 'wishlist', version: '1.0.0', rules: [wishlistRule(ids, options.level ?? 'deep', options.weight ?? 100)] })
  return Object.assign(plugin, { ids })
}

function wishlistRule(ids: ReadonlySet<string>, level: string, weight: number): HousekeepingRule {
  return defineRule({
    name: 'wishlist',
    evaluate({ movie }) {
      // A wish may name the movie by an id other than its canonical one.
      const on = knownIds(movie).find((id) => ids.has(id))
      return on ? { minLevel: level, weight, reason: `on the wishlist (${on})` } : null
    },
  })
}

function knownIds(movie: Readonly<Pick<Movie, 'id' | 'ids'>>): string[] {
  const { tmdb, imdb, wikidata } = movie.ids
  return [movie.id, tmdb && `tmdb:${tmdb}`, imdb && `imdb:${imdb}`, wikidata && `wikidata:${wikidata}`].filter((id): id is string => Boolean(id))
}
