import { DAY } from './clock.js'
import { OptionsInvalidError } from './errors.js'
import type { Movie } from './schemas.js'

/**
 * How long a facet stays fresh, in milliseconds, by facet name. A facet older than its max age is
 * stale: the next request that needs it fetches it again. A facet not listed (or listed as
 * `Infinity`) never goes stale.
 */
export type FacetMaxAge = Readonly<Record<string, number>>

/**
 * The default max ages: ratings and IMDb votes move weekly, so they are fresh for 30 days; what
 * describes the film (details, poster, credits, genres, keywords, images, Wikipedia summary) for
 * 180 days; external ids for 365 days. Identity never goes stale.
 */
export const defaultFacetMaxAge: FacetMaxAge = {
  details: 180 * DAY,
  poster: 180 * DAY,
  credits: 180 * DAY,
  genres: 180 * DAY,
  ratings: 30 * DAY,
  externalIds: 365 * DAY,
  images: 180 * DAY,
  keywords: 180 * DAY,
  wikipedia: 180 * DAY,
  imdbRating: 30 * DAY,
}

/**
 * The facets of `movie` among `candidates` that are older than their max age at `now`.
 * A stamp whose time cannot be read is left alone: an age that is not known is not a reason to call.
 */
export function staleFacets(movie: Movie, candidates: Iterable<string>, maxAge: FacetMaxAge, now: number): string[] {
  const stale: string[] = []
  for (const facet of candidates) {
    const stamp = movie.facets[facet]
    const age = maxAge[facet]
    if (!stamp || age === undefined || !(age < Number.POSITIVE_INFINITY)) continue
    const at = Date.parse(stamp.at)
    if (Number.isFinite(at) && now - at > age) stale.push(facet)
  }
  return stale
}

/**
 * Checks max ages before an engine uses them.
 * @throws OptionsInvalidError for an age that is not a number of ms > 0 (`Infinity` allowed)
 */
export function checkFacetMaxAge(maxAge: FacetMaxAge | undefined): void {
  for (const [facet, age] of Object.entries(maxAge ?? {})) {
    if (typeof age !== 'number' || !(age > 0)) throw new OptionsInvalidError(`maxAge.${facet}`, `expected a number of ms > 0 (or Infinity), got ${String(age)}`)
  }
}
