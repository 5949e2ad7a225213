import type { z } from 'zod'
import type { DataRequest } from './data-provider.js'
import { OmdbAnswerSchema, omdbNotFound } from './omdb-schemas.js'
import { TmdbChangesPageSchema, TmdbConfigurationSchema, TmdbFindResultSchema, TmdbMoviePageSchema, TmdbMovieSchema, TmdbPersonSchema } from './tmdb-schemas.js'
import { WikidataEntitiesSchema, WikipediaSearchSchema, WikipediaSummarySchema } from './wikipedia-schemas.js'
import { describeIssues } from './zod-issues.js'

/** How the answer to one kind of request is checked: its schema, and that it is about what was asked. */
interface AnswerCheck {
  source: string
  path: RegExp
  schema: z.ZodType
  /** Why the answer is not about what the request asked for (another movie), or `undefined`. */
  identity?: (request: DataRequest, match: RegExpExecArray, body: Record<string, unknown>) => string | undefined
  /** Why a well-formed answer must still not be kept (a refusal), or `undefined`. */
  refusal?: (body: Record<string, unknown>) => string | undefined
}

const sameNumber = (what: string) => (_request: DataRequest, match: RegExpExecArray, body: Record<string, unknown>) =>
  body.id === Number(match[1]) ? undefined : `it is about ${what} ${JSON.stringify(body.id)}, not ${match[1]}`

// The kinds of requests the logical providers make, with the schemas they read the answers with.
// Order matters where paths overlap: `/3/movie/changes` before `/3/movie/{id}`.
const checks: readonly AnswerCheck[] = [
  { source: 'tmdb', path: /^\/3\/movie\/changes$/, schema: TmdbChangesPageSchema },
  { source: 'tmdb', path: /^\/3\/movie\/(\d+)$/, schema: TmdbMovieSchema, identity: sameNumber('movie') },
  { source: 'tmdb', path: /^\/3\/person\/(\d+)$/, schema: TmdbPersonSchema, identity: sameNumber('person') },
  { source: 'tmdb', path: /^\/3\/(search|discover)\/movie$|^\/3\/trending\/movie\/(day|week)$/, schema: TmdbMoviePageSchema },
  { source: 'tmdb', path: /^\/3\/find\/[a-z]{2}\d+$/, schema: TmdbFindResultSchema },
  { source: 'tmdb', path: /^\/3\/configuration$/, schema: TmdbConfigurationSchema },
  { source: 'wikidata', path: /^\/w\/api\.php$/, schema: WikidataEntitiesSchema },
  { source: 'wikipedia', path: /^\/w\/api\.php$/, schema: WikipediaSearchSchema },
  { source: 'wikipedia', path: /^\/api\/rest_v1\/page\/summary\//, schema: WikipediaSummarySchema },
  {
    source: 'omdb',
    path: /^\/$/,
    schema: OmdbAnswerSchema,
    identity(request, _match, body) {
      const asked = request.query?.i
      if (body.Response !== 'True' || typeof body.imdbID !== 'string' || asked === undefined) return undefined
      return body.imdbID === String(asked) ? undefined : `it is about ${JSON.stringify(body.imdbID)}, not ${String(asked)}`
    },
    // "Invalid API key", "Request limit reached": an answer of the moment, not of the title.
    refusal: (body) => (body.Response === 'False' && !omdbNotFound.test(String(body.Error)) ? `OMDb refused: ${String(body.Error).slice(0, 200)}` : undefined),
  },
]

function checkOf(request: DataRequest): { check: AnswerCheck; match: RegExpExecArray } | undefined {
  for (const check of checks) {
    if (check.source !== request.source) continue
    const match = check.path.exec(request.path)
    if (match) return { check, match }
  }
  return undefined
}

/**
 * Why an answer is not about what the request asked for (TMDB answering another movie, OMDb another
 * title), or `undefined`. The body has passed its schema already.
 */
export function identityProblem(request: DataRequest, body: unknown): string | undefined {
  const found = checkOf(request)
  if (!found?.check.identity || body === null || typeof body !== 'object') return undefined
  return found.check.identity(request, found.match, body as Record<string, unknown>)
}

/**
 * Why an answer must not be recorded (and replayed later), or `undefined` when it may: a body of
 * the wrong shape for its request, one about another movie, or a refusal of the moment (an invalid
 * key). Requests of no known kind are only checked for being JSON-serialisable by the caller.
 */
export function answerProblem(request: DataRequest, body: unknown): string | undefined {
  if (request.responseType === 'arrayBuffer') return body instanceof ArrayBuffer || ArrayBuffer.isView(body) ? undefined : 'expected bytes'
  const found = checkOf(request)
  if (!found) return undefined
  const parsed = found.check.schema.safeParse(body)
  if (!parsed.success) return `the body is malformed: ${describeIssues(parsed.error)}`
  const fields = parsed.data as Record<string, unknown>
  return found.check.identity?.(request, found.match, fields) ?? found.check.refusal?.(fields)
}
