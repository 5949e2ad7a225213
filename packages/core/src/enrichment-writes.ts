import type { CheckedOutput } from './enrichment-output.js'
import type { PlanStep } from './enrichment-plan.js'
import type { EventBus } from './event-bus.js'
import { parseMovieId } from './ids.js'
import type { Movie, Person, Relation } from './schemas.js'
import type { MovieStore, PersonStore, RelationStore } from './stores.js'

/** A step whose enricher answered, with its checked output. */
export interface StepResult {
  step: PlanStep
  output: CheckedOutput
  at: string
}

/** Where a run's side records go. */
export interface WriteTargets {
  movies: MovieStore
  people: PersonStore
  relations: RelationStore
  bus: EventBus
}

// People written at once: each write may wait on the disk (a durable store), and those waits overlap.
const PEOPLE_IN_PARALLEL = 16

/** Writes the people a run names (once each) and, when it fetched credits, the movie's relations. */
export async function writePeople(options: WriteTargets, results: readonly StepResult[], movieId: string, correlationId: string): Promise<void> {
  const { people, relations, bus } = options
  const named = new Map<string, Person>()
  let credits: Relation[] | undefined
  for (const { output } of results) {
    for (const person of output.people) if (!named.has(person.id)) named.set(person.id, person)
    // Several enrichers may name credits: together they replace the movie's relations once.
    if (output.relations) credits = [...(credits ?? []), ...output.relations]
  }
  const list = [...named.values()]
  for (let start = 0; start < list.length; start += PEOPLE_IN_PARALLEL) {
    const batch = list.slice(start, start + PEOPLE_IN_PARALLEL)
    const created = await Promise.all(
      batch.map(async (person) => {
        if (await people.get(person.id)) return false
        await people.put(person)
        return true
      }),
    )
    batch.forEach((person, index) => {
      if (created[index]) bus.publish({ type: 'PersonCreated', correlationId, payload: { personId: person.id, name: person.name, via: movieId } })
    })
  }
  if (credits) await relations.setForMovie(movieId, credits)
}

/** Records the IMDb and Wikidata ids a run brought as aliases of the movie. */
export async function writeAliases(options: WriteTargets, movie: Movie, correlationId: string): Promise<void> {
  const { movies, bus } = options
  const aliases = [movie.ids.imdb && `imdb:${movie.ids.imdb}`, movie.ids.wikidata && `wikidata:${movie.ids.wikidata}`]
  for (const candidate of aliases) {
    if (!candidate) continue
    const alias = parseMovieId(candidate).id
    if (alias === movie.id || (await movies.resolve(alias)) === movie.id) continue
    await movies.alias(alias, movie.id)
    bus.publish({ type: 'MovieAliased', correlationId, payload: { from: alias, to: movie.id } })
  }
}
