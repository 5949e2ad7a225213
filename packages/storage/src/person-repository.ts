import { KeyedMutex, type PaginatedResponse, type Person, type PersonStore, type PersonWrite, paginate, parsePersonId } from '@cinelayer/core'
import type { CommitWrite } from './commit.js'
import { type ConflictPause, MAX_ATTEMPTS, pauseAfterConflict } from './conflict-retry.js'
import { StorageConflictError } from './errors.js'
import type { JsonRecords } from './json-records.js'
import { filmographyKind, mergeRelations, personAliasKind, personKind } from './record-kinds.js'
import { filmographyKey, idsUnder, keyPrefixes, personAliasKey, personKey } from './storage-keys.js'
import { type UnreadableRecord, unreadable } from './unreadable.js'

/** A page of people, with the records of the page that could not be read (skipped). */
export interface PersonPage extends PaginatedResponse<Person> {
  unreadable: UnreadableRecord[]
}

/** People (cast and crew), one record per key (`people:tmdb:287`). */
export interface PersonRepository extends PersonStore {
  /** Number of people. */
  count(): Promise<number>
  /** A page of people sorted by id; unreadable records are skipped and listed. */
  list(options?: { page?: number; pageSize?: number }): Promise<PersonPage>
  /** Stores `person` as it is (an update whose change returns it): for imports and tests. */
  put(person: Person): Promise<Person | null>
  /**
   * The canonical id of a stored person by any of their ids (`imdb:nm0000093` once the person's
   * record names it), or `null`.
   */
  resolve(id: string): Promise<string | null>
}

/** The other ids a person record names (`imdb:nm…`, `wikidata:Q…`): its aliases, written by its commit. */
export function personAliasesOf(person: Person): string[] {
  return [person.ids.imdb && `imdb:${person.ids.imdb}`, person.ids.wikidata && `wikidata:${person.ids.wikidata}`].filter(
    (alias): alias is string => Boolean(alias) && alias !== person.id,
  )
}

/**
 * Creates the person repository on the store's records. A change to a person (its details, its
 * filmography) is one commit, serialized per person and checked against the stored text like a
 * movie's; the people a movie's credits name are written by the movie's own commit.
 */
export function createPersonRepository(records: JsonRecords, pause: ConflictPause = pauseAfterConflict): PersonRepository {
  const { kv } = records
  const mutex = new KeyedMutex()

  async function commitChange(id: string, change: Parameters<PersonStore['update']>[1]): Promise<Person | null> {
    const key = personKey(id)
    for (let round = 1; ; round++) {
      const stored = await records.readStored(key, personKind)
      const write: PersonWrite | null = await change(stored?.record ?? null)
      if (write === null) return stored?.record ?? null
      const writes: CommitWrite[] = []
      for (const [movieId, credits] of byMovie(write.filmography ?? [], id)) {
        const entryKey = filmographyKey(id, movieId)
        const before = (await records.read(entryKey, filmographyKind).catch(() => null)) ?? []
        const after = mergeRelations(before, credits)
        if (JSON.stringify(after) !== JSON.stringify(before)) writes.push({ key: entryKey, value: records.serialize(entryKey, after, filmographyKind) })
      }
      writes.push({ key, value: records.serialize(key, write.person, personKind) })
      // The person's other ids point at it, in the same commit (derived: validate rebuilds them).
      for (const alias of personAliasesOf(write.person)) {
        const aliasKey = personAliasKey(alias)
        const value = JSON.stringify({ id })
        if ((await kv.read(aliasKey)) !== value) writes.push({ key: aliasKey, value })
      }
      try {
        await kv.commit({ checks: [{ key, value: stored?.text ?? null }], writes })
        return write.person
      } catch (error) {
        if (!(error instanceof StorageConflictError)) throw error
        if (round >= MAX_ATTEMPTS) throw new StorageConflictError(key, round)
        await pause(round)
      }
    }
  }

  const repository: PersonRepository = {
    get: async (id) => records.read(personKey(id), personKind),
    update: async (id, change) => {
      const canonical = parsePersonId(id).id
      return mutex.run(canonical, () => commitChange(canonical, change))
    },
    async resolve(id) {
      const parsed = parsePersonId(id).id
      if ((await kv.read(personKey(parsed))) !== null) return parsed
      const alias = await records.read(personAliasKey(parsed), personAliasKind).catch(() => null)
      return alias && (await kv.read(personKey(alias.id))) !== null ? alias.id : null
    },
    put: async (person) => repository.update(parsePersonId((person as Partial<Person> | null)?.id).id, () => ({ person })),
    ids: async () => idsUnder(await kv.keys(`${keyPrefixes.people}:`), `${keyPrefixes.people}:`, parsePersonId),
    count: () => kv.count(`${keyPrefixes.people}:`),
    async list({ page, pageSize } = {}) {
      const window = paginate(await repository.ids(), page, pageSize)
      const problems: UnreadableRecord[] = []
      const read = await Promise.all(
        window.results.map((id) =>
          repository.get(id).catch((error: unknown) => {
            problems.push(unreadable(personKey(id), error))
            return null
          }),
        ),
      )
      return { ...window, results: read.filter((person): person is Person => person !== null), unreadable: problems }
    },
  }
  return repository
}

function byMovie(relations: PersonWrite['filmography'] & object, personId: string): Map<string, typeof relations[number][]> {
  const groups = new Map<string, typeof relations[number][]>()
  for (const relation of relations) {
    if (parsePersonId(relation.personId).id !== personId) continue
    groups.set(relation.movieId, [...(groups.get(relation.movieId) ?? []), relation])
  }
  return groups
}
