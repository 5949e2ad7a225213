import { z } from 'zod'

/** How a replay entry came to be. */
export type ReplayOrigin = 'recorded' | 'composed' | 'written'

const QueryValueSchema = z.union([z.string(), z.number(), z.boolean(), z.undefined()])

/** The shape of one replay entry file. */
export const ReplayEntrySchema = z.object({
  request: z.object({
    source: z.string().min(1),
    // A site becomes part of a host name: letters, digits and inner dashes only.
    site: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).optional(),
    path: z.string().startsWith('/'),
    query: z.record(z.string(), QueryValueSchema).optional(),
    responseType: z.enum(['json', 'arrayBuffer']).optional(),
  }),
  response: z.object({
    status: z.number().int().min(100).max(599),
    body: z.unknown(),
    /** The body's bytes in base64, for answers read as `arrayBuffer` (images). */
    bodyBase64: z.base64().optional(),
  }),
  // Optional for in-memory entries (tests); the shipped dataset always carries it.
  meta: z
    .object({
      origin: z.enum(['recorded', 'composed', 'written']),
      sources: z.array(z.string().min(1)),
      license: z.string().min(1),
      note: z.string().optional(),
    })
    .optional(),
})

/**
 * One recorded answer, stored as one JSON file:
 * `{ request, response: { status, body }, meta: { origin, sources, license, note? } }`. A binary
 * answer (a request with `responseType: 'arrayBuffer'`) keeps its bytes in `response.bodyBase64`.
 * - `recorded`: a verbatim response from a public test suite;
 * - `composed`: one response assembled from several recorded responses of the same entity
 *   (e.g. details, credits and images recorded separately, served as the `append_to_response` answer);
 * - `written`: written by hand in the real shape (`note` says so).
 */
export type ReplayEntry = z.infer<typeof ReplayEntrySchema>
