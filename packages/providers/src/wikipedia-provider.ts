import { InvalidIdError } from '@cinelayer/core'
import { type DataProvider, type DataRequest, requestKey } from './data-provider.js'
import { ProviderHttpError, ProviderInputError, ProviderResponseError } from './errors.js'
import { isValidSite } from './source-urls.js'
import { validatedRequest } from './validated-request.js'
import { type WikipediaSummary, WikidataEntitiesSchema, WikipediaSearchSchema, WikipediaSummarySchema } from './wikipedia-schemas.js'

/** Options of {@link WikipediaProvider}. */
export interface WikipediaProviderOptions {
  /** Carries the requests (sources `wikidata` and `wikipedia`, one site per language). */
  data: DataProvider
}

/** Options every Wikipedia call takes. */
export interface WikipediaCallOptions {
  /** Aborts the call (`CINELAYER_ERR_PROVIDER_ABORTED`). */
  signal?: AbortSignal
}

/** A Wikipedia article as cinelayer keeps it (the `wikipedia` facet). */
export interface WikipediaArticle {
  /** Title of the article, e.g. `Fight Club`. */
  title: string
  /** Wiki language it was read in, e.g. `en`. */
  language: string
  /** The lead of the article as plain text. */
  summary: string
  /** Address of the article for people. */
  url?: string
  /** One-line description (from Wikidata), e.g. `1999 film by David Fincher`. */
  description?: string
}

const wikidataItem = /^Q[1-9]\d{0,11}$/

function assertLanguage(language: string): void {
  if (typeof language !== 'string' || !isValidSite(language)) throw new ProviderInputError('Wikipedia language', language, 'expected a wiki code such as "en" or "fr"')
}

/** A title as the REST API addresses it: underscores for spaces, every reserved character escaped (`/` too). */
function encodeTitle(title: string): string {
  const cleaned = title.trim().replace(/ /g, '_')
  if (cleaned.length === 0 || cleaned === '.' || cleaned === '..') throw new ProviderInputError('Wikipedia title', title, 'it names no article')
  return encodeURIComponent(cleaned)
}

/** The wiki language of a site key (`enwiki` → `en`, `be_x_oldwiki` → `be-x-old`); `undefined` for other projects (`enwikiquote`). */
function languageOfSite(site: string): string | undefined {
  const match = /^([a-z0-9_]+)wiki$/.exec(site)
  return match && !['commons', 'species', 'meta', 'wikidata', 'mediawiki', 'sources', 'outreach', 'incubator'].includes(match[1]!) ? match[1]!.replace(/_/g, '-') : undefined
}

/**
 * Wikipedia and Wikidata as cinelayer reads them: an item's article titles per language (Wikidata
 * sitelinks), a search for an article, and the REST page summary of an article. Every answer is
 * validated at the boundary.
 */
export class WikipediaProvider {
  /** The data provider carrying the requests. */
  readonly data: DataProvider

  constructor(options: WikipediaProviderOptions) {
    this.data = options.data
  }

  /**
   * Article titles of a Wikidata item by wiki language (`{ en: 'Fight Club', fr: 'Fight Club' }`),
   * from `wbgetentities` sitelinks. `null` when Wikidata does not know the item.
   * @throws InvalidIdError for a malformed item id.
   */
  async sitelinks(item: string, options: WikipediaCallOptions = {}): Promise<Record<string, string> | null> {
    if (typeof item !== 'string' || !wikidataItem.test(item)) throw new InvalidIdError('Wikidata', item, 'expected Q followed by digits')
    const request: DataRequest = { source: 'wikidata', path: '/w/api.php', query: { action: 'wbgetentities', ids: item, props: 'sitelinks', format: 'json' } }
    const answer = await validatedRequest(this.data, WikidataEntitiesSchema, request, options.signal)
    if (answer.error !== undefined) {
      if (answer.error.code === 'no-such-entity') return null
      throw new ProviderResponseError(requestKey(request), `Wikidata answered with error "${answer.error.code}"`)
    }
    const entities = answer.entities ?? {}
    // A merged item comes back under the id it was merged into.
    const entity = entities[item] ?? (Object.keys(entities).length === 1 ? Object.values(entities)[0] : undefined)
    if (!entity || entity.missing !== undefined) return null
    const titles: Record<string, string> = {}
    for (const [site, link] of Object.entries(entity.sitelinks ?? {})) {
      const language = languageOfSite(site)
      if (language !== undefined) titles[language] = link.title
    }
    return titles
  }

  /**
   * Titles of the articles a full-text search finds on the Wikipedia of `language`, best first.
   * @param options `limit`: number of titles, 1 to 50 (default 5); `signal` aborts the request.
   */
  async search(language: string, text: string, options: WikipediaCallOptions & { limit?: number } = {}): Promise<string[]> {
    assertLanguage(language)
    const wanted = typeof text === 'string' ? text.trim() : ''
    if (wanted.length === 0) throw new ProviderInputError('Wikipedia search text', text, 'it is blank')
    const limit = options.limit ?? 5
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ProviderInputError('Wikipedia search limit', limit, 'expected 1 to 50')
    const request: DataRequest = {
      source: 'wikipedia',
      site: language,
      path: '/w/api.php',
      query: { action: 'query', list: 'search', srsearch: wanted, srlimit: limit, format: 'json' },
    }
    const answer = await validatedRequest(this.data, WikipediaSearchSchema, request, options.signal)
    return answer.query.search.map((hit) => hit.title)
  }

  /**
   * The REST summary of an article on the Wikipedia of `language`: its lead as plain text, its
   * address and description. `null` when the article does not exist (HTTP 404) or is a
   * disambiguation page.
   */
  async summary(language: string, title: string, options: WikipediaCallOptions = {}): Promise<WikipediaArticle | null> {
    assertLanguage(language)
    const request: DataRequest = { source: 'wikipedia', site: language, path: `/api/rest_v1/page/summary/${encodeTitle(title)}` }
    let answer: WikipediaSummary
    try {
      answer = await validatedRequest(this.data, WikipediaSummarySchema, request, options.signal)
    } catch (error) {
      if (error instanceof ProviderHttpError && error.status === 404) return null
      throw error
    }
    if (answer.type === 'disambiguation') return null
    const url = answer.content_urls?.desktop?.page
    return { title: answer.title, language: answer.lang ?? language, summary: answer.extract, ...(url ? { url } : {}), ...(answer.description ? { description: answer.description } : {}) }
  }
}
