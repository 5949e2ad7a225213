import { z } from 'zod'

// As for TMDB: loose objects keep what we do not read, strict types on what we do.

const SitelinkSchema = z.looseObject({ site: z.string().optional(), title: z.string().min(1) })

/** One entity of a `wbgetentities` answer: an item with its sitelinks, or `missing`. */
const WikidataEntitySchema = z.looseObject({
  id: z.string().optional(),
  missing: z.string().optional(),
  sitelinks: z.record(z.string(), SitelinkSchema).optional(),
})

/**
 * `https://www.wikidata.org/w/api.php?action=wbgetentities&ids=Q…&props=sitelinks&format=json`: the
 * entities, or (with HTTP 200) an error object for an id the API does not know at all.
 */
export const WikidataEntitiesSchema = z
  .looseObject({
    entities: z.record(z.string(), WikidataEntitySchema).optional(),
    error: z.looseObject({ code: z.string(), info: z.string().optional() }).optional(),
  })
  .refine((answer) => answer.entities !== undefined || answer.error !== undefined, { message: 'expected "entities" or "error"', path: ['entities'] })

/** A `wbgetentities` answer. */
export type WikidataEntities = z.infer<typeof WikidataEntitiesSchema>

/** `https://{lang}.wikipedia.org/w/api.php?action=query&list=search&…&format=json`. */
export const WikipediaSearchSchema = z.looseObject({
  query: z.looseObject({
    search: z.array(z.looseObject({ title: z.string().min(1), pageid: z.number().optional(), snippet: z.string().optional() })),
  }),
})

/** A Wikipedia search answer. */
export type WikipediaSearch = z.infer<typeof WikipediaSearchSchema>

/** `https://{lang}.wikipedia.org/api/rest_v1/page/summary/{title}`. */
export const WikipediaSummarySchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().min(1),
  extract: z.string(),
  description: z.string().optional(),
  lang: z.string().optional(),
  wikibase_item: z.string().optional(),
  content_urls: z.looseObject({ desktop: z.looseObject({ page: z.string() }).optional() }).optional(),
})

/** A Wikipedia REST page summary. */
export type WikipediaSummary = z.infer<typeof WikipediaSummarySchema>
