import type { z } from 'zod'
import { type DataProvider, type DataRequest, requestKey } from './data-provider.js'
import { identityProblem } from './answer-checks.js'
import { ProviderResponseError } from './errors.js'
import { describeIssues } from './zod-issues.js'

/**
 * Sends a request and checks its answer against `schema` before anyone reads it: a malformed or
 * truncated body, or one about another movie, is a {@link ProviderResponseError} naming the request
 * key, never a partial value.
 */
export async function validatedRequest<S extends z.ZodType>(data: DataProvider, schema: S, request: DataRequest, signal?: AbortSignal): Promise<z.infer<S>> {
  const body = await data.request(request, signal ? { signal } : {})
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new ProviderResponseError(requestKey(request), describeIssues(parsed.error), parsed.error)
  // A well-formed answer about another title (a proxy's cache mixing keys) is as wrong as a malformed one.
  const mismatch = identityProblem(request, parsed.data)
  if (mismatch) throw new ProviderResponseError(requestKey(request), mismatch)
  return parsed.data
}
