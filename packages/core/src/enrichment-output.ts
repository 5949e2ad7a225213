import type { EnrichmentOutput } from './enricher.js'
import { RecordInvalidError } from './errors.js'
import type { LevelSet } from './levels.js'
import { createPersonRecord } from './movie-record.js'
import { type Person, PersonSchema, type Relation, RelationSchema } from './schemas.js'

/** An enricher's output once checked: nothing in it can make a store write fail or stray. */
export interface CheckedOutput {
  patch: Record<string, unknown>
  people: Person[]
  relations: Relation[] | undefined
  calls: number
}

/**
 * Checks what an enricher returned before anything is written. Enrichers carry data from outside,
 * so a bad person id or a relation to another movie must fail the step, not reach storage.
 * @throws RecordInvalidError or InvalidIdError
 */
export function checkOutput(output: unknown, facets: readonly string[], movieId: string, levels: LevelSet, now: number): CheckedOutput {
  if (!isObject(output) || !isObject(output.patch)) {
    throw new RecordInvalidError('enrichment output', movieId, new TypeError('expected an object with a "patch" object'))
  }
  const { patch, people, relations, calls } = output as unknown as EnrichmentOutput
  return {
    patch: ownedFields(patch as Record<string, unknown>, facets, levels),
    people: (people ?? []).map((seed) => checkPerson(seed, now)),
    relations: relations?.map((relation) => checkRelation(relation, movieId)),
    calls: typeof calls === 'number' && Number.isFinite(calls) && calls >= 0 ? calls : 1,
  }
}

// A field is present only while its facet is (downgrades rely on it): an enricher may only write
// fields of the facets it was asked for, and identity fields, which are never dropped.
function ownedFields(patch: Record<string, unknown>, facets: readonly string[], levels: LevelSet): Record<string, unknown> {
  const allowed = new Set<string>()
  for (const facet of levels.facets.values()) {
    if (facet.permanent || facets.includes(facet.name)) facet.fields.forEach((field) => allowed.add(field))
  }
  return Object.fromEntries(Object.entries(patch).filter(([field]) => allowed.has(field)))
}

function checkPerson(seed: unknown, now: number): Person {
  if (!isObject(seed)) throw new RecordInvalidError('person', '?', new TypeError('expected a person seed object'))
  const person = createPersonRecord(seed as Person, now)
  const parsed = PersonSchema.safeParse(person)
  if (!parsed.success) throw new RecordInvalidError('person', person.id, parsed.error)
  return parsed.data
}

function checkRelation(relation: unknown, movieId: string): Relation {
  const parsed = RelationSchema.safeParse(relation)
  if (!parsed.success) throw new RecordInvalidError('relation', movieId, parsed.error)
  if (parsed.data.movieId !== movieId) {
    throw new RecordInvalidError('relation', movieId, new Error(`relation of ${parsed.data.personId} names movie ${parsed.data.movieId}`))
  }
  return parsed.data
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
