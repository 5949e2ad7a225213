import { type Enricher, defineEnricher } from '@cinelayer/core'
import type { ImdbProvider } from './imdb-provider.js'

/**
 * The IMDb enricher (`imdb`, provider `imdb`): it provides `imdbRating` (`{ rating, votes }`) and
 * needs `externalIds`, where the IMDb id comes from. One OMDb call per movie, none with the dataset.
 * A movie without an IMDb id, or that IMDb does not rate, gets the facet with no field.
 */
export function createImdbEnricher(imdb: ImdbProvider): Enricher {
  return defineEnricher({
    name: 'imdb',
    provider: 'imdb',
    provides: ['imdbRating'],
    needs: ['externalIds'],
    async enrich({ movie, signal }) {
      const id = movie.ids.imdb
      if (id === undefined) return { patch: {}, calls: 0 }
      const rating = await imdb.rating(id, signal ? { signal } : {})
      const calls = imdb.source === 'omdb' ? 1 : 0
      return rating === null ? { patch: {}, calls } : { patch: { imdbRating: rating }, calls }
    },
  })
}
