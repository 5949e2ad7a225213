import { CinelayerError } from '@cinelayer/core'
import type { z } from 'zod'

/** Codes raised by the `cinelayer` package itself. Kept in step with docs/errors.md by a test. */
export const engineErrorCodes = {
  CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE: 'The data mode asked for cannot be built with the options given.',
  CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID: 'A Plex or Jellyfin webhook body is not JSON, is too long, or is not shaped like that server\'s webhook.',
  CINELAYER_ERR_ENGINE_EXPORT_FAILED: 'The edits document could not be written to the file given; a file already there is unchanged.',
  CINELAYER_ERR_REFRESH_INVALID: 'A facet named for a refresh is unknown, is the permanent identity, or is not on the movie; nothing was refreshed.',
  CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN: 'A title (and year) matches no movie well enough, or several equally, to choose one; the error lists the candidates with their ids.',
  CINELAYER_ERR_REQUEST_UNHANDLED: 'A request event published with `engine.request` reached no handler of the engine (a middleware filtered it out, or the engine is closing).',
  CINELAYER_ERR_WORKLOAD_INVALID: 'A simulated workload was asked for with an option out of range (a count below zero, a share outside 0–1, a level mix that does not add up to 1).',
} as const

/** A facet named for `movies.refresh` cannot be refreshed on that movie. */
export class RefreshInvalidError extends CinelayerError {
  constructor(movieId: string, facet: string, reason: string) {
    super('CINELAYER_ERR_REFRESH_INVALID', `Cannot refresh facet "${facet}" of ${movieId}: ${reason}; nothing was refreshed`, { details: { movieId, facet } })
  }
}

/** The edits document could not be written to `file` (a folder that does not exist, no permission). */
export class EditsExportError extends CinelayerError {
  constructor(file: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code
    super('CINELAYER_ERR_ENGINE_EXPORT_FAILED', `Writing the edits document to ${file} failed${typeof code === 'string' ? ` (${code})` : ''}; a file already there is unchanged`, {
      cause,
      details: { file },
    })
  }
}

/** A request published with `engine.request` that no handler of the engine took. */
export class RequestUnhandledError extends CinelayerError {
  constructor(type: string) {
    super('CINELAYER_ERR_REQUEST_UNHANDLED', `Request ${type} reached no handler of the engine (a middleware filtered it out, or the engine is closing); nothing was done`, { details: { type } })
  }
}

/** A simulated workload (`cinelayer/simulation`) was asked for with an option out of range. */
export class WorkloadInvalidError extends CinelayerError {
  constructor(option: string, value: unknown, expected: string) {
    super('CINELAYER_ERR_WORKLOAD_INVALID', `Workload option ${option} is ${JSON.stringify(value)}; expected ${expected}`, { details: { option, value } })
  }
}

/** A candidate of an uncertain title match: what TMDB's search gave, with the id to add it by. */
export interface MatchCandidateSummary {
  /** `tmdb:<id>`: give it to `movies.get` (or `cinelayer add`) to add this one. */
  id: string
  title: string
  year?: number
}

/**
 * A title (and year) that matches no TMDB search result well enough, or several equally: nothing
 * was added. `candidates` lists the best results, best first, with their ids.
 */
export class MovieMatchUncertainError extends CinelayerError {
  readonly candidates: MatchCandidateSummary[]

  constructor(title: string, year: number | undefined, candidates: readonly MatchCandidateSummary[], score: number) {
    const asked = `"${title}"${year === undefined ? '' : ` (${year})`}`
    const why =
      candidates.length === 0
        ? 'TMDB has no movie of that title'
        : `no search result is good enough and clearly ahead (best score ${score.toFixed(2)}); candidates: ${candidates.map(describeCandidate).join('; ')}`
    super('CINELAYER_ERR_MOVIE_MATCH_UNCERTAIN', `${asked} matches no single movie: ${why}. Add one by its id`, {
      details: { title, ...(year === undefined ? {} : { year }), candidates: [...candidates], score },
    })
    this.candidates = [...candidates]
  }
}

function describeCandidate(candidate: MatchCandidateSummary): string {
  return `${candidate.id} ${candidate.title}${candidate.year === undefined ? '' : ` (${candidate.year})`}`
}

/** One problem found in a webhook body: where, and what is wrong (the zod issue, trimmed). */
export interface WebhookPayloadIssue {
  /** Path inside the body, e.g. `['Metadata', 'Guid', 0, 'id']`. */
  path: Array<string | number>
  message: string
}

/**
 * A media server's webhook body that cannot be read. `issues` lists what is wrong (for a 400
 * answer); the zod error or the JSON syntax error is the `cause`.
 */
export class WebhookPayloadError extends CinelayerError {
  /** The server the webhook claims to come from. */
  readonly source: 'plex' | 'jellyfin'
  /** What is wrong, one entry per problem (empty when the body is not JSON at all). */
  readonly issues: WebhookPayloadIssue[]

  constructor(source: 'plex' | 'jellyfin', reason: string | z.ZodError, cause?: unknown) {
    const issues = typeof reason === 'string' ? [] : reason.issues.slice(0, 20).map(toIssue)
    const why = typeof reason === 'string' ? reason : issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
    const name = source === 'plex' ? 'Plex' : 'Jellyfin'
    super('CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID', `${name} webhook payload is invalid: ${why}`, {
      cause: cause ?? (typeof reason === 'string' ? undefined : reason),
      details: { source, issues },
    })
    this.source = source
    this.issues = issues
  }
}

function toIssue(issue: z.core.$ZodIssue): WebhookPayloadIssue {
  return { path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)), message: issue.message }
}
