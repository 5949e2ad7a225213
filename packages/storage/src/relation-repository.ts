import { type Relation, RelationSchema, type RelationStore, parseMovieId, parsePersonId } from '@cinelayer/core'
import type { Storage } from './unstorage-types.js'
import { JsonRecords, type RecordKind, type RecordSchema } from './json-records.js'
import { type StoreMutex, createLocalMutex } from './store-mutex.js'
import { keyPrefixes, movieRelationsKey, personRelationsKey } from './storage-keys.js'

/**
 * Person↔movie relations on unstorage, stored both ways: `relations:movie:<movieId>` holds a
 * movie's credits, `relations:person:<personId>` a person's filmography.
 */
export type RelationRepository = RelationStore

const relationList: RecordSchema<Relation[]> = {
  safeParse(input) {
    if (!Array.isArray(input)) return { success: false, error: new Error('expected an array of relations') }
    const data: Relation[] = []
    for (const [index, item] of input.entries()) {
      const result = RelationSchema.safeParse(item)
      if (!result.success) return { success: false, error: new Error(`relation ${index}: ${result.error.message}`, { cause: result.error }) }
      data.push(result.data)
    }
    return { success: true, data }
  },
}

function listKind(side: 'movie' | 'person'): RecordKind<Relation[]> {
  const prefix = side === 'movie' ? keyPrefixes.relationsOfMovie : keyPrefixes.relationsOfPerson
  return {
    kind: `${side} relations`,
    schema: relationList,
    versioned: false,
    check(relations, key) {
      const owner = key.slice(prefix.length + 1)
      const stray = relations.find((relation) => (side === 'movie' ? relation.movieId : relation.personId) !== owner)
      return stray && `a relation of ${stray.personId} to ${stray.movieId} does not belong to ${owner}`
    },
  }
}

const PARALLEL_WRITES = 16

const movieSide = listKind('movie')
const personSide = listKind('person')

/** The two relation lists: a movie's credits, a person's filmography. */
export const relationListKinds = { movie: movieSide, person: personSide } as const

/** Two credits are the same when they link the same person and movie in the same capacity. */
export function relationIdentity(relation: Relation): string {
  return [relation.personId, relation.movieId, relation.role, relation.job ?? '', relation.character ?? ''].join('\u0000')
}

/** `additions` merged into `base`: a relation already there is replaced in place, others appended. */
function merge(base: readonly Relation[], additions: readonly Relation[]): Relation[] {
  const merged = new Map(base.map((relation) => [relationIdentity(relation), relation]))
  for (const relation of additions) merged.set(relationIdentity(relation), relation)
  return [...merged.values()]
}

/**
 * Creates the relation repository. Updates are serialized (through the store's mutex, so across
 * processes too on Redis), so two movies sharing a person never overwrite each other's side of
 * that person's list.
 * @param storage any unstorage instance
 * @param context the records and mutex to share with the other stores (as `createStores` does)
 */
export function createRelationRepository(storage: Storage, context?: { records: JsonRecords; mutex: StoreMutex }): RelationRepository {
  const records = context?.records ?? new JsonRecords(storage)
  const mutex = context?.mutex ?? createLocalMutex()
  const serialized = <T>(task: () => Promise<T>): Promise<T> => mutex.run('relations', task)

  /**
   * Validates incoming relations against their owner, before anything is read or written. Their
   * ids become keys (`relations:person:<personId>`), so they are checked as ids first.
   */
  function incoming(key: string, relations: readonly Relation[], kind: RecordKind<Relation[]>): Relation[] {
    for (const relation of Array.isArray(relations) ? relations : []) {
      parseMovieId((relation as Partial<Relation> | null)?.movieId)
      parsePersonId((relation as Partial<Relation> | null)?.personId)
    }
    return merge([], records.validate(relations, key, kind))
  }

  async function read(key: string, kind: RecordKind<Relation[]>): Promise<Relation[]> {
    return (await records.read(key, kind)) ?? []
  }

  return {
    async setForMovie(movieId, relations) {
      const movie = parseMovieId(movieId).id
      const movieKey = movieRelationsKey(movie)
      const credits = incoming(movieKey, relations, movieSide)
      await serialized(async () => {
        const previous = await read(movieKey, movieSide)
        const people = new Set([...previous, ...credits].map((relation) => relation.personId))
        // Everything is read and serialized first, so a corrupt list stops the update before any write.
        const writes: Array<{ key: string; text: string | null }> = []
        for (const personId of people) {
          const key = personRelationsKey(personId)
          const before = await read(key, personSide)
          const after = merge(
            before.filter((relation) => relation.movieId !== movie),
            credits.filter((relation) => relation.personId === personId),
          )
          if (JSON.stringify(after) === JSON.stringify(before)) continue
          writes.push({ key, text: after.length === 0 ? null : records.serialize(key, after, personSide) })
        }
        const apply = async ({ key, text }: { key: string; text: string | null }) => {
          if (text === null) await records.remove(key)
          else await records.writeSerialized(key, text)
        }
        // The people's sides in parallel (a durable write waits on the disk: they overlap), a few at a time.
        for (let start = 0; start < writes.length; start += PARALLEL_WRITES) await Promise.all(writes.slice(start, start + PARALLEL_WRITES).map(apply))
        // The movie's list is written last: a retry after a failure sees the old credits and repairs every person.
        if (JSON.stringify(credits) !== JSON.stringify(previous)) await apply({ key: movieKey, text: records.serialize(movieKey, credits, movieSide) })
      })
    },

    async addForPerson(personId, relations) {
      const key = personRelationsKey(personId)
      const filmography = incoming(key, relations, personSide)
      await serialized(async () => {
        const before = await read(key, personSide)
        const after = merge(before, filmography)
        if (JSON.stringify(after) !== JSON.stringify(before)) await records.write(key, after, personSide)
      })
    },

    forMovie: async (movieId) => read(movieRelationsKey(movieId), movieSide),
    forPerson: async (personId) => read(personRelationsKey(personId), personSide),
  }
}
