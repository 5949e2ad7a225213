import { EnricherInvalidError } from './errors.js'
import type { Movie, Person, Relation } from './schemas.js'

/** What an enricher is asked to do. */
export interface EnrichmentInput {
  /** The movie as it is now, with whatever earlier enrichers of the same run added. */
  movie: Readonly<Movie>
  /** The facets wanted from this enricher in this run: fetch them in as few calls as possible. */
  facets: readonly string[]
  /** Language the host asked for (e.g. `fr-FR`), then its fallbacks. */
  languages: readonly string[]
  signal?: AbortSignal
}

/** A person named by an enrichment (a credit). Created at `initial` if unknown. */
export type PersonSeed = Pick<Person, 'id' | 'name'> & Partial<Omit<Person, 'id' | 'name'>>

/** What an enricher returns. */
export interface EnrichmentOutput {
  /** Fields to set on the movie. Locked fields are never overwritten. `ids` merge. */
  patch: Partial<Omit<Movie, 'id' | 'schemaVersion' | 'level' | 'facets' | 'locks' | 'edits' | 'errors' | 'createdAt' | 'updatedAt'>>
  /** People named by the enrichment. */
  people?: readonly PersonSeed[]
  /** Replaces the movie's relations when given (credits). */
  relations?: readonly Relation[]
  /** Upstream calls made (for the request-economy counters). Default 1. */
  calls?: number
}

/**
 * Fills facets of a movie from one provider. Everything one enricher provides for one run is
 * fetched together, so a jump of several levels costs one call per provider where the source allows.
 */
export interface Enricher {
  /** Unique name, e.g. `tmdb-movie`. */
  name: string
  /** Provider it talks to (`tmdb`, `wikipedia`, `imdb`), for counters and errors. */
  provider: string
  /** Facets it can fill. */
  provides: readonly string[]
  /** Facets that must be present before it runs (e.g. `externalIds` for Wikipedia). */
  needs?: readonly string[]
  enrich(input: EnrichmentInput): Promise<EnrichmentOutput>
}

/**
 * Declares an enricher, checking its shape.
 * @throws EnricherInvalidError (`CINELAYER_ERR_ENRICHER_INVALID`) without a name, a provider,
 *   provided facets or `enrich()`, or when it needs a facet it provides.
 */
export function defineEnricher(enricher: Enricher): Enricher {
  const problems: string[] = []
  if (!enricher.name) problems.push('a name')
  if (!enricher.provider) problems.push('a provider')
  if (!enricher.provides?.length) problems.push('at least one provided facet')
  if (typeof enricher.enrich !== 'function') problems.push('an enrich() function')
  if (problems.length > 0) {
    throw new EnricherInvalidError(String(enricher.name ?? '?'), `Enricher "${enricher.name ?? '?'}" needs ${problems.join(', ')}`)
  }
  // An enricher that needs a facet only it provides would never become ready to run.
  const circular = (enricher.needs ?? []).filter((facet) => enricher.provides.includes(facet))
  if (circular.length > 0) {
    throw new EnricherInvalidError(enricher.name, `Enricher "${enricher.name}" needs facets it provides itself: ${circular.join(', ')}`)
  }
  return enricher
}
