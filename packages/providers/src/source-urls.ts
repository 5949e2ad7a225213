import { type DataRequest, normalizedQuery } from './data-provider.js'
import { ProviderInputError } from './errors.js'

/**
 * Where each source lives on the web, by `DataRequest.source`. `{site}` stands for the request's
 * site: each language of Wikipedia is its own host.
 */
export const defaultSourceBaseURLs: Readonly<Record<string, string>> = {
  tmdb: 'https://api.themoviedb.org',
  'tmdb-image': 'https://image.tmdb.org',
  wikidata: 'https://www.wikidata.org',
  wikipedia: 'https://{site}.wikipedia.org',
  omdb: 'https://www.omdbapi.com',
}

/** A site goes into a host name: lowercase letters, digits and inner dashes only (`fr`, `zh-yue`). */
const sitePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** Whether `site` can stand for `{site}` in a host name. */
export function isValidSite(site: string): boolean {
  return sitePattern.test(site) && site.length <= 32
}

/**
 * The base URL of a request: its source's template with `{site}` filled in, without a trailing slash.
 * @param baseURLs base URL templates by source; default {@link defaultSourceBaseURLs}.
 * @throws ProviderInputError when the source has no base URL, or its template needs a site the
 *   request does not give (or gives malformed).
 */
export function baseURLOf(request: Pick<DataRequest, 'source' | 'site'>, baseURLs: Readonly<Record<string, string>> = defaultSourceBaseURLs): string {
  const template = Object.hasOwn(baseURLs, request.source) ? baseURLs[request.source] : undefined
  if (template === undefined) throw new ProviderInputError('source', request.source, 'no base URL is known for it')
  if (request.site !== undefined && !isValidSite(request.site)) throw new ProviderInputError(`${request.source} site`, request.site, 'expected lowercase letters, digits and dashes')
  if (template.includes('{site}')) {
    if (request.site === undefined) throw new ProviderInputError(`${request.source} site`, undefined, `the base URL ${template} needs one`)
    return template.replaceAll('{site}', request.site).replace(/\/+$/, '')
  }
  return template.replace(/\/+$/, '')
}

/**
 * The full URL of a request, without credentials (secret parameters are left out, as in keys):
 * whoever sends it adds its own authentication.
 * @param baseURLs base URL templates by source; default {@link defaultSourceBaseURLs}.
 */
export function requestURL(request: DataRequest, baseURLs: Readonly<Record<string, string>> = defaultSourceBaseURLs): string {
  const url = new URL(`${baseURLOf(request, baseURLs)}${request.path}`)
  for (const [name, value] of normalizedQuery(request.query)) url.searchParams.set(name, value)
  return url.toString()
}
