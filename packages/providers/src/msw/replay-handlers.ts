import { type HttpHandler, HttpResponse, http } from 'msw'
import { type DataProvider, type DataRequest, requestKey } from '../data-provider.js'
import { defaultReplayDir } from '../default-replay-dir.js'
import { ProviderHttpError, ReplayMissError } from '../errors.js'
import { JsonReplayProvider } from '../json-replay-provider.js'
import type { ReplayEntry } from '../replay-entry.js'
import { defaultSourceBaseURLs } from '../source-urls.js'

/** Options of the replay handlers ({@link cinelayerHandlers}, {@link tmdbHandlers}...). */
export interface ReplayHandlersOptions {
  /** Folder of replay entries. Default: the dataset shipped with `@cinelayer/providers`. */
  dir?: string
  /** Replay entries in memory, used instead of a folder. Default: none. */
  entries?: readonly ReplayEntry[]
  /**
   * Base URLs by source, when the code under test talks to a proxy or a mirror (`{site}` stands for
   * a wiki language). Default: the real APIs (`defaultSourceBaseURLs`).
   */
  baseURLs?: Readonly<Record<string, string>>
  /**
   * What a request that nothing recorded answers gets: `'not-found'`, an HTTP 404 whose JSON body
   * names the request key; or `'fall-through'`, the next handler (then MSW's `onUnhandledRequest`).
   * Default `'not-found'`.
   */
  onMiss?: 'not-found' | 'fall-through'
  /**
   * Answer HTTP 401 like the real API when a TMDB request carries neither a bearer token nor an
   * `api_key`, or an OMDb request no `apikey`, so a test notices a client sent without credentials.
   * Default `true`.
   */
  requireCredentials?: boolean
}

/** Sources whose answers are bytes, not JSON. */
const binarySources = new Set(['tmdb-image'])

const imageTypes: Readonly<Record<string, string>> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', svg: 'image/svg+xml', webp: 'image/webp' }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** `https://{site}.wikipedia.org` → a pattern of every URL under it, capturing the site and the path. */
function urlPattern(template: string): RegExp {
  const base = escapeRegExp(template.replace(/\/+$/, '')).replace(escapeRegExp('{site}'), '(?<site>[a-z0-9]+(?:-[a-z0-9]+)*)')
  return new RegExp(`^${base}(?<path>/[^?#]*)?(?:[?#].*)?$`)
}

/** The replay request an intercepted URL stands for. */
function dataRequestOf(source: string, pattern: RegExp, url: URL): DataRequest {
  const groups = pattern.exec(url.href)?.groups ?? {}
  const query = Object.fromEntries(url.searchParams)
  return {
    source,
    ...(groups.site ? { site: groups.site } : {}),
    path: groups.path ?? '/',
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(binarySources.has(source) ? { responseType: 'arrayBuffer' as const } : {}),
  }
}

/** The 401 the real API gives a request without credentials, or `undefined` when it has them. */
function missingCredentials(source: string, request: Request, url: URL): Response | undefined {
  if (source === 'tmdb' && !/^Bearer \S/.test(request.headers.get('authorization') ?? '') && !url.searchParams.get('api_key')) {
    return HttpResponse.json({ success: false, status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.' }, { status: 401 })
  }
  if (source === 'omdb' && !url.searchParams.get('apikey')) return HttpResponse.json({ Response: 'False', Error: 'No API key provided.' }, { status: 401 })
  return undefined
}

async function answer(replay: DataProvider, dataRequest: DataRequest, onMiss: 'not-found' | 'fall-through'): Promise<Response | undefined> {
  try {
    const body = await replay.request<unknown>(dataRequest)
    if (!(body instanceof ArrayBuffer)) return HttpResponse.json(body as Record<string, unknown>)
    const extension = /\.(\w+)$/.exec(dataRequest.path)?.[1]?.toLowerCase() ?? ''
    return HttpResponse.arrayBuffer(body, { headers: { 'content-type': imageTypes[extension] ?? 'application/octet-stream', 'content-length': String(body.byteLength) } })
  } catch (error) {
    if (error instanceof ReplayMissError) {
      if (onMiss === 'fall-through') return undefined
      const status_message = `cinelayer replay: no recorded response for "${requestKey(dataRequest)}"`
      return HttpResponse.json({ success: false, status_code: 34, status_message }, { status: 404, headers: { 'x-cinelayer-replay': 'miss' } })
    }
    if (error instanceof ProviderHttpError) return HttpResponse.json({ success: false, status_message: error.message }, { status: error.status })
    throw error
  }
}

/**
 * MSW handlers answering the real URLs of `sources` from one replay provider. Internal: the public
 * functions pick the sources.
 */
export function replayHandlers(sources: readonly string[], options: ReplayHandlersOptions = {}, replay?: DataProvider): HttpHandler[] {
  const provider = replay ?? new JsonReplayProvider(options.entries ? { entries: options.entries, name: 'msw-replay' } : { dir: options.dir ?? defaultReplayDir, name: 'msw-replay' })
  const baseURLs = { ...defaultSourceBaseURLs, ...options.baseURLs }
  const onMiss = options.onMiss ?? 'not-found'
  return sources.map((source) => {
    const template = baseURLs[source]
    if (template === undefined) throw new TypeError(`[@cinelayer/providers/msw] no base URL for source "${source}"; give one in options.baseURLs`)
    const pattern = urlPattern(template)
    return http.get(pattern, async ({ request }) => {
      const url = new URL(request.url)
      if (options.requireCredentials !== false) {
        const refused = missingCredentials(source, request, url)
        if (refused) return refused
      }
      return answer(provider, dataRequestOf(source, pattern, url), onMiss)
    })
  })
}
