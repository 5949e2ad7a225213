import { type Enricher, type Movie, defineEnricher } from '@cinelayer/core'
import { isValidSite } from './source-urls.js'
import type { WikipediaArticle, WikipediaProvider } from './wikipedia-provider.js'

/** Options of {@link createWikipediaEnricher}. */
export interface WikipediaEnricherOptions {
  /**
   * Wiki languages tried in order (`['fr', 'en']`). Default: the engine's languages reduced to their
   * language part (`fr-FR` → `fr`), then `en`. The movie's original language is always tried last.
   */
  languages?: readonly string[]
}

/** Where an article was found, and whether a search (not Wikidata) named it. */
interface Candidate {
  language: string
  title: string
  bySearch: boolean
}

// TMDB names Cantonese and Chinese films' language `cn`, which is no wiki.
const wikiOfTmdbLanguage: Readonly<Record<string, string>> = { cn: 'zh' }

/** `['fr-FR', 'en-US']` → `['fr', 'en']`, deduplicated, then `en`. */
export function wikipediaLanguagesOf(tags: readonly string[]): string[] {
  const languages = tags.map((tag) => tag.split(/[-_]/)[0]!.toLowerCase()).filter((language) => isValidSite(language))
  return [...new Set([...languages, 'en'])]
}

/** The wiki of the movie's original language, when it has a usable one. */
function originalWikiOf(movie: Readonly<Movie>): string | undefined {
  const original = movie.originalLanguage?.toLowerCase()
  const wiki = original === undefined ? undefined : (wikiOfTmdbLanguage[original] ?? original)
  return wiki !== undefined && isValidSite(wiki) ? wiki : undefined
}

const filmWord = /\b(film|movie|filme|película|pel·lícula|cortometraggio)\b/i

function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * The search hit that names the film: the movie's title (or original title) followed by a film
 * qualifier wins (`Bergkristall (Film)`, `Solaris (1972 film)`), then a bare title. A search also
 * finds the novel and the mineral, so a hit whose title differs is never taken.
 */
function pickFilmArticle(hits: readonly string[], titles: readonly string[], year: number | undefined): string | undefined {
  const wanted = new Set(titles.map(comparable))
  let best: { title: string; score: number } | undefined
  for (const hit of hits) {
    const match = /^(.*?)\s*\(([^)]*)\)$/.exec(hit)
    const base = comparable(match ? match[1]! : hit)
    if (!wanted.has(base)) continue
    const qualifier = match?.[2]
    const namesYear = year !== undefined && qualifier?.includes(String(year)) === true
    const score = qualifier === undefined ? 1 : filmWord.test(qualifier) ? (namesYear ? 4 : 3) : namesYear ? 3 : 0
    if (score > 0 && (!best || score > best.score)) best = { title: hit, score }
  }
  return best?.title
}

/** A searched bare title may be another thing of the same name: its summary must read like the film. */
function readsLikeTheFilm(article: WikipediaArticle, year: number | undefined): boolean {
  const text = `${article.description ?? ''} ${article.summary}`
  return filmWord.test(text) || (year !== undefined && text.includes(String(year)))
}

async function findByWikidata(wikipedia: WikipediaProvider, item: string, chain: readonly string[], signal?: AbortSignal): Promise<Candidate | null | undefined> {
  const titles = await wikipedia.sitelinks(item, signal ? { signal } : {})
  // `null`: Wikidata does not know the item, so a search may still find the article.
  if (titles === null) return undefined
  const language = chain.find((candidate) => titles[candidate] !== undefined)
  return language === undefined ? null : { language, title: titles[language]!, bySearch: false }
}

/**
 * The Wikipedia enricher (`wikipedia`, provider `wikipedia`): it provides the `wikipedia` facet (the
 * article's title, language, lead as plain text and address) and needs `externalIds`.
 *
 * With a Wikidata id it asks Wikidata for the item's sitelinks and reads the summary of the article
 * in the first language that has one: two calls, whatever the number of fallback languages.
 * Without one (or when Wikidata does not know the item) it searches each language in turn for an
 * article named after the film, then reads its summary: one call per language searched, plus one.
 * A movie without any article gets the facet with no field (nothing is known, and the level is reached).
 */
export function createWikipediaEnricher(wikipedia: WikipediaProvider, options: WikipediaEnricherOptions = {}): Enricher {
  return defineEnricher({
    name: 'wikipedia',
    provider: 'wikipedia',
    provides: ['wikipedia'],
    needs: ['externalIds'],
    async enrich({ movie, languages, signal }) {
      const originalWiki = originalWikiOf(movie)
      const chain = [...new Set([...(options.languages ?? wikipediaLanguagesOf(languages)), ...(originalWiki ? [originalWiki] : [])])]
      const call = signal ? { signal } : {}
      let calls = 0
      let candidate: Candidate | null | undefined
      if (movie.ids.wikidata !== undefined) {
        calls++
        candidate = await findByWikidata(wikipedia, movie.ids.wikidata, chain, signal)
      }
      if (candidate === undefined) {
        candidate = null
        for (const language of chain) {
          const title = language === originalWiki && movie.originalTitle ? movie.originalTitle : movie.title
          if (!title) continue
          calls++
          const hits = await wikipedia.search(language, movie.year === undefined ? title : `${title} ${movie.year}`, call)
          const found = pickFilmArticle(hits, [movie.title, movie.originalTitle].filter((known) => known !== undefined), movie.year)
          if (found !== undefined) {
            candidate = { language, title: found, bySearch: true }
            break
          }
        }
      }
      if (candidate === null) return { patch: {}, calls }
      calls++
      const article = await wikipedia.summary(candidate.language, candidate.title, call)
      if (article === null || (candidate.bySearch && !readsLikeTheFilm(article, movie.year))) return { patch: {}, calls }
      const { title, language, summary, url } = article
      return { patch: { wikipedia: { title, language, summary, ...(url ? { url } : {}) } }, calls }
    },
  })
}
