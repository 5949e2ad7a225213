import type { Movie, MovieStore, MovieUpdate, Person, Relation } from '@cinelayer/core'

/**
 * The smallest movie store that satisfies core's port (its one write path, `update`), so the
 * enricher can run inside the real enrichment engine here without depending on `@cinelayer/storage`.
 */
export function memoryStores() {
  const movies = new Map<string, Movie>()
  const aliases = new Map<string, string>()
  const people = new Map<string, Person>()
  const byMovie = new Map<string, Relation[]>()
  const movieStore: MovieStore & { put(movie: Movie): Promise<MovieUpdate> } = {
    get: async (id) => structuredClone(movies.get(id) ?? null),
    async update(id, change) {
      const before = structuredClone(movies.get(id) ?? null)
      const write = await change(before, { movie: async (other) => structuredClone(movies.get(other) ?? null), stats: async () => null })
      if (!write) return { before, after: before, changed: false, peopleCreated: [], aliasesAdded: [] }
      if (write.movie) movies.set(id, structuredClone(write.movie))
      else movies.delete(id)
      if (write.credits) byMovie.set(id, [...write.credits])
      const peopleCreated = (write.people ?? []).filter((person) => !people.has(person.id)).map((person) => (people.set(person.id, person), person.id))
      const aliasesAdded = (write.aliases ?? []).filter((alias) => aliases.get(alias) !== id).map((alias) => (aliases.set(alias, id), alias))
      return { before, after: write.movie, changed: true, peopleCreated, aliasesAdded }
    },
    put(movie) {
      return movieStore.update(movie.id, () => ({ movie }))
    },
    resolve: async (id) => (movies.has(id) ? id : (aliases.get(id) ?? null)),
    ids: async () => [...movies.keys()],
    sizeOf: async (id) => JSON.stringify(movies.get(id) ?? '').length,
  }
  const relations = {
    forMovie: async (movieId: string) => byMovie.get(movieId) ?? [],
    forPerson: async (personId: string) => [...byMovie.values()].flat().filter((relation) => relation.personId === personId),
  }
  return { movies: movieStore, people, relations, aliases }
}
