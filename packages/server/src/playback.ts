import type { Movie, MovieEngine } from 'cinelayer'
import { type MediaServerWebhook } from 'cinelayer/webhooks'

/**
 * The stored movie behind any of `ids` (TMDB first), or `null`. An unknown movie is created at the
 * lowest level, titled as the sender named it: a playback is worth remembering even for a movie the
 * catalog never saw. With only an IMDb id the engine asks TMDB which movie it is; when that fails
 * the play is not recorded rather than the webhook failing.
 */
export async function resolvePlayedMovie(engine: MovieEngine, ids: readonly string[], via: string, seed: { title?: string; year?: number } = {}): Promise<Movie | null> {
  for (const id of ids) {
    const stored = await engine.movies.peek(id)
    if (stored) return stored
  }
  const tmdb = ids.find((id) => id.startsWith('tmdb:'))
  if (tmdb) return engine.movies.create({ tmdb: Number(tmdb.slice('tmdb:'.length)), ...seed }, via)
  const imdb = ids.find((id) => id.startsWith('imdb:'))
  if (!imdb) return null
  const found = await engine.movies.findOrCreate(imdb).catch(() => null)
  return found ? engine.movies.peek(found) : null
}

/** What a webhook led to: a published `PlaybackStarted`, or why not. */
export interface PlaybackOutcome {
  published: boolean
  movieId?: string
  reason?: string
}

/**
 * Publishes `PlaybackStarted` (category `webhook`) for a parsed media-server webhook that is a
 * movie playback whose ids resolve; answers why not otherwise.
 */
export async function publishWebhookPlayback(engine: MovieEngine, webhook: MediaServerWebhook): Promise<PlaybackOutcome> {
  if (webhook.playback === null) {
    const what = webhook.mediaType === 'movie' ? `event ${webhook.event}` : `a ${webhook.mediaType ?? 'non-media'} item`
    return { published: false, reason: `not a movie playback (${what})` }
  }
  const seed = { ...(webhook.title ? { title: webhook.title } : {}), ...(webhook.year ? { year: webhook.year } : {}) }
  const movie = await resolvePlayedMovie(engine, webhook.movieIds, `webhook:${webhook.source}`, seed)
  if (!movie) return { published: false, reason: webhook.movieIds.length === 0 ? 'no TMDB or IMDb id in the item' : 'movie unknown to the catalog' }
  engine.bus.publish({
    type: 'PlaybackStarted',
    category: 'webhook',
    payload: { movieId: movie.id, source: `${webhook.source}:${webhook.event}` },
  })
  return { published: true, movieId: movie.id }
}
