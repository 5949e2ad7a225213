import { CinelayerError } from '@cinelayer/core'
import type { z } from 'zod'

/** Codes raised by the `cinelayer` package itself. Kept in step with docs/errors.md by a test. */
export const engineErrorCodes = {
  CINELAYER_ERR_ENGINE_DATA_UNAVAILABLE: 'The data mode asked for cannot be built with the options given.',
  CINELAYER_ERR_WEBHOOK_PAYLOAD_INVALID: 'A Plex or Jellyfin webhook body is not JSON, is too long, or is not shaped like that server\'s webhook.',
  CINELAYER_ERR_ENGINE_EXPORT_FAILED: 'The edits document could not be written to the file given; a file already there is unchanged.',
} as const

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
