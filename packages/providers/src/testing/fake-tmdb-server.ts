import { readFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { defaultReplayDir } from '../default-replay-dir.js'
import { tmdbIdOfFakeImdbId, tmdbIdOfFakeImdbName } from './fake-catalog.js'
import { type FakeAnswer, type FakeServer, type FakeServerOptions, startFakeHttpServer } from './fake-http-server.js'
import { type TmdbTemplates, fakeTmdbChanges, fakeTmdbFind, fakeTmdbListItem, fakeTmdbMovie, fakeTmdbPage, fakeTmdbPerson } from './fake-tmdb-data.js'
import { hashText } from './seeded-random.js'

/** Options of {@link startFakeTmdbServer}. */
export interface FakeTmdbServerOptions extends FakeServerOptions {
  /**
   * Credentials the server insists on, as TMDB does: a v4 token (`Authorization: Bearer …`) or a v3
   * key (`api_key`). Anything else is answered `401`. Default: no check.
   */
  auth?: { token?: string; apiKey?: string }
}

// A 1×1 transparent PNG: what the image endpoint serves for every path and size.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const movieSections = new Set(['credits', 'external_ids', 'images', 'keywords', 'release_dates', 'videos', 'translations'])

async function readTemplate(file: string): Promise<Record<string, unknown>> {
  const entry = JSON.parse(await readFile(join(defaultReplayDir, file), 'utf8')) as { response: { body: Record<string, unknown> } }
  return entry.response.body
}

function positiveId(text: string | undefined): number | undefined {
  const id = Number(text)
  return Number.isInteger(id) && id > 0 ? id : undefined
}

function appendOf(url: URL): string[] {
  return (url.searchParams.get('append_to_response') ?? '')
    .split(',')
    .map((section) => section.trim())
    .filter((section) => section.length > 0)
}

function pageOf(url: URL): number {
  return positiveId(url.searchParams.get('page') ?? '1') ?? 1
}

function search(url: URL, seed: number): FakeAnswer {
  const query = url.searchParams.get('query')?.trim() ?? ''
  const page = pageOf(url)
  const year = url.searchParams.get('primary_release_year') ?? url.searchParams.get('year')
  if (!query) return { endpoint: 'search', body: { page, results: [], total_pages: 1, total_results: 0 } }
  const body = fakeTmdbPage(`search:${query.toLowerCase()}:${year ?? ''}`, page, seed, 3)
  const results = (body.results as Array<Record<string, unknown>>).slice(0, 3)
  // The query's own title comes first (with the year asked for), so matching flows find their movie.
  if (page === 1 && results[0]) {
    const id = 1 + (hashText(query.toLowerCase()) % 999_999)
    results[0] = { ...fakeTmdbListItem(id, seed), title: query, original_title: query, ...(year ? { release_date: `${year}-06-15` } : {}) }
  }
  return { endpoint: 'search', body: { ...body, results: page === 1 ? results : [] } }
}

/** `/3/movie/{id}` (`parts`: `[id]`) or `/3/movie/{id}/{section}` (`[id, section]`). */
function movie(url: URL, parts: readonly string[], templates: TmdbTemplates, seed: number): FakeAnswer | undefined {
  const [id, section] = parts
  const tmdbId = positiveId(id)
  if (tmdbId === undefined || parts.length > 2) return undefined
  const language = url.searchParams.get('language') ?? 'en-US'
  if (section === undefined) return { endpoint: 'movie', body: fakeTmdbMovie(templates, tmdbId, { language, append: appendOf(url), seed }) }
  // One section at a time, as a client that does not use append_to_response asks for it.
  if (!movieSections.has(section)) return undefined
  const whole = fakeTmdbMovie(templates, tmdbId, { language, append: [section], seed })
  return { endpoint: `movie/${section}`, body: { id: tmdbId, ...(whole[section] as Record<string, unknown>) } }
}

function route(url: URL, templates: TmdbTemplates, seed: number): FakeAnswer | undefined {
  const path = url.pathname
  if (path.startsWith('/t/p/')) return { endpoint: 'image', body: null, bytes: { data: PIXEL, contentType: 'image/png' } }
  const parts = path.replace(/^\/3\//, '').split('/')
  if (!path.startsWith('/3/')) return undefined
  const page = pageOf(url)
  switch (parts[0]) {
    case 'configuration':
      return parts.length === 1 ? { endpoint: 'configuration', body: templates.configuration } : undefined
    case 'search':
      return parts[1] === 'movie' ? search(url, seed) : undefined
    case 'discover':
      return parts[1] === 'movie' ? { endpoint: 'discover', body: fakeTmdbPage(`discover:${url.search}`, page, seed) } : undefined
    case 'trending':
      return parts[1] === 'movie' && (parts[2] === 'day' || parts[2] === 'week') ? { endpoint: 'trending', body: fakeTmdbPage(`trending:${parts[2]}`, page, seed) } : undefined
    case 'find': {
      if (url.searchParams.get('external_source') !== 'imdb_id' || !parts[1]) return undefined
      return { endpoint: 'find', body: fakeTmdbFind({ movie: tmdbIdOfFakeImdbId(parts[1]), person: tmdbIdOfFakeImdbName(parts[1]) }, seed) }
    }
    case 'person': {
      const id = positiveId(parts[1])
      return id && parts.length === 2 ? { endpoint: 'person', body: fakeTmdbPerson(id, { append: appendOf(url), seed }) } : undefined
    }
    case 'movie':
      if (parts[1] === 'changes') {
        const window = `${url.searchParams.get('start_date') ?? ''}..${url.searchParams.get('end_date') ?? ''}`
        return { endpoint: 'changes', body: fakeTmdbChanges(window, page, seed) }
      }
      return movie(url, parts.slice(1), templates, seed)
    default:
      return undefined
  }
}

function authorize(auth: FakeTmdbServerOptions['auth'], request: IncomingMessage, url: URL): FakeAnswer | undefined {
  if (!auth || url.pathname.startsWith('/t/p/')) return undefined
  const bearer = request.headers.authorization
  if (auth.token && bearer === `Bearer ${auth.token}`) return undefined
  if (auth.apiKey && url.searchParams.get('api_key') === auth.apiKey) return undefined
  return { endpoint: 'unauthorized', status: 401, body: { success: false, status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.' } }
}

/**
 * A fake TMDB (v3) on 127.0.0.1: movie (with `append_to_response`, or one section per path as a
 * naive client asks), person, search, find by IMDb id, discover, trending, changes, configuration and
 * images, for any id (a person's IMDb id is `nm<TMDB id on 7 digits>`, which find answers), with deterministic answers in the recorded shape (the shipped Fight Club
 * answer is the template; names, numbers and ids come from a seeded generator). A fake movie's
 * `external_ids` give `imdb_id` `tt<id on 7 digits>` and `wikidata_id` `Q<id + 5,000,000>`, which
 * the fake Wikipedia and OMDb servers answer for. Counters per endpoint: `movie`,
 * `movie/<section>`, `person`, `search`, `find`, `discover`, `trending`, `changes`,
 * `configuration`, `image`.
 */
export async function startFakeTmdbServer(options: FakeTmdbServerOptions = {}): Promise<FakeServer> {
  const templates: TmdbTemplates = { movie: await readTemplate('tmdb/movie/550.json'), configuration: await readTemplate('tmdb/configuration.json') }
  const seed = options.seed ?? 1
  return startFakeHttpServer(
    {
      answer: (url) => route(url, templates, seed),
      authorize: (request, url) => authorize(options.auth, request, url),
      throttleBody: (count, limit) => ({ success: false, status_code: 25, status_message: `Your request count (${count}) is over the allowed limit of ${limit}.` }),
      errorBody: (status) =>
        status === 404
          ? { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' }
          : { success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDb.' },
    },
    options,
  )
}
