import type { Enricher } from '@cinelayer/core'
import { type DataProvider, ImdbProvider, WikipediaProvider, createImdbEnricher, createWikipediaEnricher } from '@cinelayer/providers'
import type { MovieEngineOptions } from './engine-options.js'

/**
 * Whether the IMDb enricher can work with these options: it reads a dataset, or OMDb through the
 * data provider, which answers only from recordings, a provider of the caller's, or with a key.
 */
function imdbProviderOf(options: MovieEngineOptions, data: DataProvider): ImdbProvider | undefined {
  if (options.imdb === false) return undefined
  if (options.imdb?.datasetPath) return new ImdbProvider({ datasetPath: options.imdb.datasetPath })
  const key = options.imdb?.apiKey ?? process.env.OMDB_API_KEY
  // The same default as the data provider choice: live when TMDB credentials are set, else replay.
  const live = Boolean(options.tmdb?.token ?? process.env.TMDB_TOKEN) || Boolean(options.tmdb?.apiKey)
  const mode = options.data ?? (live ? 'http' : 'replay')
  const canAnswer = typeof mode === 'object' || mode === 'replay' || Boolean(key)
  return canAnswer ? new ImdbProvider({ data }) : undefined
}

/**
 * The enrichers of the providers beside TMDB that the options leave on (Wikipedia, IMDb). A provider
 * left out provides no facet, so the levels need none of its facets.
 */
export function providerEnrichers(options: MovieEngineOptions, data: DataProvider): Enricher[] {
  const enrichers: Enricher[] = []
  if (options.wikipedia !== false) {
    const languages = options.wikipedia?.languages
    enrichers.push(createWikipediaEnricher(new WikipediaProvider({ data }), languages ? { languages } : {}))
  }
  const imdb = imdbProviderOf(options, data)
  if (imdb) enrichers.push(createImdbEnricher(imdb))
  return enrichers
}
