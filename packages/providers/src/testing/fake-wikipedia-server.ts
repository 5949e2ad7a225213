import { type FakeMovieIdentity, fakeArticleTitle, fakeMovie, tmdbIdOfFakeWikidataId } from './fake-catalog.js'
import { type FakeAnswer, type FakeServer, type FakeServerOptions, startFakeHttpServer } from './fake-http-server.js'
import { hashText } from './seeded-random.js'

/** Options of {@link startFakeWikipediaServer}. */
export interface FakeWikipediaServerOptions extends FakeServerOptions {
  /** Wikis a fake film has an article on (its Wikidata sitelinks). Default `['en', 'fr']`. */
  languages?: readonly string[]
}

/** A fake Wikipedia and Wikidata: Wikidata at the root, each Wikipedia under `/<site>`. */
export interface FakeWikipediaServer extends FakeServer {
  /** Base URL of the `wikipedia` source: `<url>/{site}` (`{site}` is the wiki language). */
  readonly wikipediaBaseURL: string
  /** Base URL of the `wikidata` source: the server's root. */
  readonly wikidataBaseURL: string
}

const sitePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

function sitelinks(movie: FakeMovieIdentity, languages: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(languages.map((lang) => [`${lang}wiki`, { site: `${lang}wiki`, title: fakeArticleTitle(movie, lang), badges: [] }]))
}

function wbgetentities(url: URL, languages: readonly string[], seed: number): FakeAnswer | undefined {
  if (url.searchParams.get('action') !== 'wbgetentities') return undefined
  const ids = (url.searchParams.get('ids') ?? '').split('|').filter((id) => id.length > 0)
  if (ids.length === 0) return { endpoint: 'wbgetentities', body: { error: { code: 'param-missing', info: 'Either provide the item "ids" or pairs of "sites" and "titles".' } } }
  const entities: Record<string, unknown> = {}
  for (const id of ids) {
    const tmdbId = tmdbIdOfFakeWikidataId(id)
    // Ids that are no fake film are unknown to this Wikidata, as a deleted item is to the real one.
    entities[id] = tmdbId === undefined ? { id, missing: '' } : { type: 'item', id, sitelinks: sitelinks(fakeMovie(tmdbId, seed), languages) }
  }
  return { endpoint: 'wbgetentities', body: { entities, success: 1 } }
}

function summary(site: string, rawTitle: string, items: Map<string, string>): FakeAnswer {
  const title = decodeURIComponent(rawTitle).replace(/_/g, ' ')
  const match = /^(.*?)\s*\(([^)]*)\)$/.exec(title)
  const base = match ? match[1]! : title
  const year = /\b(\d{4})\b/.exec(match?.[2] ?? '')?.[1]
  const extract = `${base} is a${year ? ` ${year}` : ''} film invented by the fake Wikipedia server. It follows a small cast through one long year, and was never released anywhere.`
  const item = items.get(`${site}:${title}`)
  const page = `https://${site}.wikipedia.org/wiki/${encodeURIComponent(title.replace(/ /g, '_'))}`
  return {
    endpoint: 'summary',
    body: {
      type: 'standard',
      title,
      displaytitle: title,
      pageid: hashText(`${site}:${title}`) % 10_000_000,
      lang: site,
      dir: 'ltr',
      description: `${year ? `${year} ` : ''}film`,
      extract,
      ...(item ? { wikibase_item: item } : {}),
      content_urls: { desktop: { page }, mobile: { page: page.replace('.wikipedia.org', '.m.wikipedia.org') } },
    },
  }
}

function search(site: string, url: URL): FakeAnswer | undefined {
  if (url.searchParams.get('action') !== 'query' || url.searchParams.get('list') !== 'search') return undefined
  const text = url.searchParams.get('srsearch')?.trim() ?? ''
  const titles = text ? [`${text} (film)`, `${text} (novel)`, text] : []
  const search = titles.map((title) => ({ ns: 0, title, pageid: hashText(`${site}:${title}`) % 10_000_000, snippet: `…${title}…` }))
  return { endpoint: 'search', body: { batchcomplete: '', query: { searchinfo: { totalhits: search.length }, search } } }
}

/**
 * A fake Wikipedia and Wikidata on 127.0.0.1. Wikidata (`/w/api.php?action=wbgetentities`) knows
 * every fake film item (`Q<TMDB id + 5,000,000>`, as the fake TMDB's `external_ids` give) with
 * sitelinks on `languages`; each Wikipedia (`/<site>/api/rest_v1/page/summary/<title>`, and
 * `/<site>/w/api.php?action=query&list=search`) answers any title in the REST summary shape
 * (`title`, `extract`, `lang`, `content_urls.desktop.page`, `wikibase_item` for titles Wikidata
 * named). Counters per endpoint: `wbgetentities`, `summary`, `search`.
 */
export async function startFakeWikipediaServer(options: FakeWikipediaServerOptions = {}): Promise<FakeWikipediaServer> {
  const languages = options.languages ?? ['en', 'fr']
  const seed = options.seed ?? 1
  // Titles Wikidata gave out, so that their summaries name their item back.
  const items = new Map<string, string>()
  const server = await startFakeHttpServer(
    {
      answer(url) {
        if (url.pathname === '/w/api.php') {
          const answer = wbgetentities(url, languages, seed)
          for (const [id, entity] of Object.entries((answer?.body as { entities?: Record<string, { sitelinks?: Record<string, { title: string }> }> } | undefined)?.entities ?? {})) {
            for (const [site, link] of Object.entries(entity.sitelinks ?? {})) items.set(`${site.replace(/wiki$/, '')}:${link.title}`, id)
          }
          return answer
        }
        const [, site, ...rest] = url.pathname.split('/')
        if (!site || !sitePattern.test(site)) return undefined
        const path = `/${rest.join('/')}`
        if (path.startsWith('/api/rest_v1/page/summary/') && rest.length === 5 && rest[4]) return summary(site, rest[4], items)
        return path === '/w/api.php' ? search(site, url) : undefined
      },
      throttleBody: () => ({ type: 'https://mediawiki.org/wiki/HyperSwitch/errors/rate_exceeded', title: 'Too Many Requests', method: 'get', detail: 'You are making too many requests.' }),
      errorBody: (status, url) =>
        status === 404
          ? { type: 'https://mediawiki.org/wiki/HyperSwitch/errors/not_found', title: 'Not found.', method: 'get', detail: 'Page or revision not found.', uri: url.pathname }
          : { type: 'https://mediawiki.org/wiki/HyperSwitch/errors/unknown_error', title: 'Internal error', method: 'get', detail: 'The fake server was told to fail.' },
    },
    options,
  )
  return Object.assign(server, { wikipediaBaseURL: `${server.url}/{site}`, wikidataBaseURL: server.url })
}
