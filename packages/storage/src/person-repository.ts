import { type Person, PersonSchema, type PersonStore, parsePersonId } from '@cinelayer/core'
import type { Storage } from 'unstorage'
import { JsonRecords, type RecordKind } from './json-records.js'
import { idsUnder, keyPrefixes, personKey } from './storage-keys.js'

/** People (cast and crew) on unstorage, one record per key (`people:tmdb:287`). */
export type PersonRepository = PersonStore

const personKind: RecordKind<Person> = {
  kind: 'person',
  schema: PersonSchema,
  versioned: true,
  check: (person, key) => (key === `${keyPrefixes.people}:${person.id}` ? undefined : `its id "${person.id}" does not match the key`),
}

/**
 * Creates the person repository.
 * @param storage any unstorage instance
 */
export function createPersonRepository(storage: Storage): PersonRepository {
  const records = new JsonRecords(storage)
  return {
    get: async (id) => records.read(personKey(id), personKind),
    async put(person) {
      await records.write(personKey((person as Partial<Person> | null)?.id as string), person, personKind)
    },
    async ids() {
      return idsUnder(await records.keys(keyPrefixes.people), keyPrefixes.people, parsePersonId)
    },
  }
}
