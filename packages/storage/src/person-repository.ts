import { type Person, PersonSchema, type PersonStore } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { JsonRecords, type RecordKind } from './json-records.js'
import type { ShardedIdIndex } from './sharded-id-index.js'
import { StoreIndexes } from './store-indexes.js'
import { createLocalMutex } from './store-mutex.js'
import { keyPrefixes, personKey } from './storage-keys.js'

/** People (cast and crew) on unstorage, one record per key (`people:tmdb:287`), listed from an index. */
export interface PersonRepository extends PersonStore {
  /** Number of people, from the index directory alone. */
  count(): Promise<number>
}

/** The person record: its schema, and an id that must match its key. */
export const personKind: RecordKind<Person> = {
  kind: 'person',
  schema: PersonSchema,
  versioned: true,
  check: (person, key) => (key === `${keyPrefixes.people}:${person.id}` ? undefined : `its id "${person.id}" does not match the key`),
}

/**
 * Creates the person repository. A new person enters the index before its record is written, so
 * the index never misses a stored person.
 * @param storage any unstorage instance
 * @param context the records and index to share with the other stores (as `createStores` does)
 */
export function createPersonRepository(storage: Storage, context?: { records: JsonRecords; index: ShardedIdIndex }): PersonRepository {
  const records = context?.records ?? new JsonRecords(storage)
  const index = context?.index ?? new StoreIndexes(records, createLocalMutex()).people
  return {
    get: async (id) => records.read(personKey(id), personKind),
    async put(person) {
      const key = personKey((person as Partial<Person> | null)?.id as string)
      const text = records.serialize(key, person, personKind)
      if (!(await records.has(key))) await index.add([key.slice(keyPrefixes.people.length + 1)])
      await records.writeSerialized(key, text)
    },
    ids: () => index.all(),
    count: () => index.count(),
  }
}
