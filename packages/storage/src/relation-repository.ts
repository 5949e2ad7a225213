import type { Relation, RelationStore } from '@cinelayer/core'
import type { JsonRecords } from './json-records.js'
import { creditsKind, filmographyKind } from './record-kinds.js'
import { creditsKey, filmographyBase } from './storage-keys.js'

/** Person↔movie relations, read both ways: a movie's credits, a person's filmography. */
export type RelationRepository = RelationStore

/**
 * Creates the relation repository (reads only: credits are written by movie changes, filmography
 * entries by movie and person changes). A person's filmography is one key per movie
 * (`filmography:<personId>:<movieId>`), so that two movies sharing a person never write one record.
 */
export function createRelationRepository(records: JsonRecords): RelationRepository {
  return {
    forMovie: async (movieId) => (await records.read(creditsKey(movieId), creditsKind)) ?? [],
    async forPerson(personId) {
      const base = filmographyBase(personId)
      const relations: Relation[] = []
      for (const { key, value } of await records.kv.entries(base)) relations.push(...records.parse(key, value, filmographyKind).record)
      return relations
    },
  }
}
