/**
 * `@cinelayer/providers/msw`: MSW request handlers that answer TMDB, Wikipedia, Wikidata and OMDb
 * URLs from replay entries (the dataset shipped with this package, or your own), so a project that
 * uses cinelayer tests its code with no network and no key. Needs `msw` 2 (an optional peer dependency).
 *
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { cinelayerHandlers } from '@cinelayer/providers/msw'
 * const server = setupServer(...cinelayerHandlers())
 * ```
 * @packageDocumentation
 */
import type { HttpHandler } from 'msw'
import { JsonReplayProvider } from '../json-replay-provider.js'
import type { ReplayEntry } from '../replay-entry.js'
import { type ReplayHandlersOptions, replayHandlers } from './replay-handlers.js'

export type { ReplayHandlersOptions } from './replay-handlers.js'

/** Every source the handlers answer: TMDB (API and images), Wikipedia, Wikidata, OMDb. */
const allSources = ['tmdb', 'tmdb-image', 'wikipedia', 'wikidata', 'omdb'] as const

/**
 * Handlers for every source cinelayer reads, sharing one replay provider.
 * @param options default: the shipped dataset, the real base URLs, misses answered 404, credentials required.
 */
export function cinelayerHandlers(options: ReplayHandlersOptions = {}): HttpHandler[] {
  return replayHandlers(allSources, options)
}

/** Handlers for `https://api.themoviedb.org` and `https://image.tmdb.org`. Same options as {@link cinelayerHandlers}. */
export function tmdbHandlers(options: ReplayHandlersOptions = {}): HttpHandler[] {
  return replayHandlers(['tmdb', 'tmdb-image'], options)
}

/** Handlers for `https://{lang}.wikipedia.org` and `https://www.wikidata.org`. Same options as {@link cinelayerHandlers}. */
export function wikipediaHandlers(options: ReplayHandlersOptions = {}): HttpHandler[] {
  return replayHandlers(['wikipedia', 'wikidata'], options)
}

/** Handlers for `https://www.omdbapi.com`. Same options as {@link cinelayerHandlers}. */
export function omdbHandlers(options: ReplayHandlersOptions = {}): HttpHandler[] {
  return replayHandlers(['omdb'], options)
}

/**
 * Handlers answering from a folder of your own replay entries (one JSON file per answer, the format
 * of `ReplayEntry`, e.g. recorded by a hybrid session), for every source. Put them before
 * {@link cinelayerHandlers} to answer first; misses fall through to the next handler by default.
 * @param options default: misses fall through, credentials required.
 */
export function handlersFromReplay(dir: string, options: Omit<ReplayHandlersOptions, 'dir' | 'entries'> = {}): HttpHandler[] {
  return replayHandlers(allSources, { onMiss: 'fall-through', ...options, dir })
}

/**
 * One handler answering one replay entry: its request (`append_to_response` narrower than the
 * entry's included) gets its recorded response; anything else falls through to the next handler.
 * Use it with `server.use(...)` to add or override one answer in a test.
 */
export function defineReplayHandler(entry: ReplayEntry, options: Pick<ReplayHandlersOptions, 'baseURLs' | 'requireCredentials'> = {}): HttpHandler {
  const replay = new JsonReplayProvider({ entries: [entry], name: 'msw-replay-entry' })
  const [handler] = replayHandlers([entry.request.source], { ...options, onMiss: 'fall-through' }, replay)
  return handler!
}
