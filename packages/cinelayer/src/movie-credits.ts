import { type PaginatedResponse, type Relation, paginate } from '@cinelayer/core'
import type { CinelayerStores } from '@cinelayer/storage'

/** One credit of a movie: the relation, who the person is, and whether the person is stored. */
export interface CreditEntry extends Relation {
  /** The person's name (from the person record, else from the movie's credits). */
  name: string
  /** Whether the person is stored (at any level). */
  known: boolean
  /** The person's level when stored: `initial` from credits, `basic` once enriched. */
  personLevel?: 'initial' | 'basic'
}

const departmentOrder = (relation: Relation) => `${relation.department ?? ''}\u0000${relation.job ?? ''}`

/**
 * A page of a movie's credits, cast first in billing order, then crew by department and job.
 * Reads the movie's relations (one key) and the people of the page only.
 */
export async function creditsPage(
  stores: CinelayerStores,
  movieId: string,
  options: { page?: number; pageSize?: number } = {},
): Promise<PaginatedResponse<CreditEntry>> {
  const relations = await stores.relations.forMovie(movieId)
  const sorted = [...relations].sort((a, b) => {
    if (a.role !== b.role) return a.role === 'cast' ? -1 : 1
    if (a.role === 'cast') return (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.personId.localeCompare(b.personId)
    return departmentOrder(a).localeCompare(departmentOrder(b)) || a.personId.localeCompare(b.personId)
  })
  const page = paginate(sorted, options.page, options.pageSize)
  const movie = await stores.movies.get(movieId)
  const creditNames = new Map([...(movie?.cast ?? []), ...(movie?.crew ?? [])].map((credit) => [credit.personId, credit.name]))
  const results = await Promise.all(
    page.results.map(async (relation): Promise<CreditEntry> => {
      const person = await stores.people.get(relation.personId)
      const name = person?.name ?? creditNames.get(relation.personId) ?? relation.personId
      return { ...relation, name, known: person !== null, ...(person ? { personLevel: person.level } : {}) }
    }),
  )
  return { ...page, results }
}
