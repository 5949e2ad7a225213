import { type Enricher, defineEnricher } from '@cinelayer/core'
import { TmdbIdMissingError } from './errors.js'
import { normalizeMovie, tmdbMovieFacetSections, tmdbMovieFacets } from './tmdb-normalizers.js'
import type { TmdbProvider } from './tmdb-provider.js'
import { withTranslationFallback } from './tmdb-translations.js'

/** The sections to append for `facets`, in facet order, without duplicates. */
function sectionsFor(facets: readonly string[]): string[] {
  const sections = new Set<string>()
  for (const facet of facets) {
    const section = Object.hasOwn(tmdbMovieFacetSections, facet) ? tmdbMovieFacetSections[facet as keyof typeof tmdbMovieFacetSections] : undefined
    if (section) sections.add(section)
  }
  return [...sections]
}

/**
 * The TMDB movie enricher (`tmdb-movie`, provider `tmdb`). It provides `details`, `poster`,
 * `credits`, `genres`, `ratings`, `externalIds`, `images` and `keywords`, and fills every facet of
 * a run with one `movie()` call whose `append_to_response` holds only the sections those facets
 * need (no append at all for details, poster, genres and ratings). The patch holds only the
 * fields of the facets asked for. It asks in the first of the engine's languages, else in the
 * provider's language.
 *
 * Language fallback: when the engine gives fallback languages and `details` is asked, the same call
 * appends `translations`, and a `title`, `overview` or `tagline` missing or blank in the first
 * language is taken from the next language that has it, then from the original language; a blank
 * title falls back last to the original title (see {@link withTranslationFallback}).
 * @throws TmdbIdMissingError when the movie has no `ids.tmdb`.
 */
export function createTmdbEnricher(tmdb: TmdbProvider): Enricher {
  return defineEnricher({
    name: 'tmdb-movie',
    provider: 'tmdb',
    provides: tmdbMovieFacets,
    async enrich({ movie, facets, languages, signal }) {
      const id = movie.ids.tmdb
      if (id === undefined) throw new TmdbIdMissingError(movie.id)
      const details = facets.includes('details')
      // One call either way: the fallback languages ride along as a section of the same answer.
      const append = details && languages.length > 1 ? [...sectionsFor(facets), 'translations'] : sectionsFor(facets)
      const answer = await tmdb.movie(id, { append, language: languages[0] ?? tmdb.language, ...(signal ? { signal } : {}) })
      const normalized = normalizeMovie(details ? withTranslationFallback(answer, languages) : answer, facets)
      const output = { patch: normalized.patch, calls: 1 }
      return facets.includes('credits') ? { ...output, people: normalized.people, relations: normalized.relations } : output
    },
  })
}
