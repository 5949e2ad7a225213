import type { Movie, MovieStore, Person, PersonStore, Relation, RelationStore } from '@cinelayer/core'

/**
 * The smallest stores that satisfy core's ports, so the enricher can run inside the real
 * enrichment engine here without depending on `@cinelayer/storage`.
 */
export function memoryStores() {
  const movies = new Map<string, Movie>()
  const aliases = new Map<string, string>()
  const people = new Map<string, Person>()
  const byMovie = new Map<string, Relation[]>()
  const movieStore: MovieStore = {
    get: async (id) => structuredClone(movies.get(id) ?? null),
    put: async (movie) => void movies.set(movie.id, structuredClone(movie)),
    remove: async (id) => void movies.delete(id),
    resolve: async (id) => (movies.has(id) ? id : (aliases.get(id) ?? null)),
    alias: async (alias, canonical) => void aliases.set(alias, canonical),
    ids: async () => [...movies.keys()],
    sizeOf: async (id) => JSON.stringify(movies.get(id) ?? '').length,
  }
  const personStore: PersonStore = {
    get: async (id) => structuredClone(people.get(id) ?? null),
    put: async (person) => void people.set(person.id, structuredClone(person)),
    ids: async () => [...people.keys()],
  }
  const relationStore: RelationStore = {
    setForMovie: async (movieId, relations) => void byMovie.set(movieId, [...relations]),
    addForPerson: async () => undefined,
    forMovie: async (movieId) => byMovie.get(movieId) ?? [],
    forPerson: async (personId) => [...byMovie.values()].flat().filter((relation) => relation.personId === personId),
  }
  return { movies: movieStore, people: personStore, relations: relationStore, aliases }
}
