import type { CheckedOutput } from './enrichment-output.js'
import type { PlanStep } from './enrichment-plan.js'
import { parseMovieId } from './ids.js'
import type { LevelSet } from './levels.js'
import { applyPatch } from './movie-record.js'
import type { Movie, Person, Relation } from './schemas.js'
import type { MovieWrite } from './stores.js'

/** A step whose enricher answered, with its checked output. */
export interface StepResult {
  step: PlanStep
  output: CheckedOutput
  at: string
}

/**
 * What a run commits, computed on the record as stored now: the patches applied (locked and edited
 * fields keep the user's value), the facets stamped, the level recomputed; the people the run
 * names (once each), the credits when it fetched them, the ids it learnt as aliases.
 */
export function commitWrite(latest: Movie, results: readonly StepResult[], levels: LevelSet, now: number): MovieWrite {
  let movie = latest
  const facets = { ...latest.facets }
  const people = new Map<string, Person>()
  let credits: Relation[] | undefined
  for (const { step, output, at } of results) {
    movie = applyPatch(movie, output.patch)
    for (const facet of step.facets) facets[facet] = { at, provider: step.provider }
    for (const person of output.people) if (!people.has(person.id)) people.set(person.id, person)
    // Several enrichers may name credits: together they replace the movie's relations once.
    if (output.relations) credits = [...(credits ?? []), ...output.relations]
  }
  movie = { ...movie, facets, level: levels.levelOf(Object.keys(facets)), updatedAt: new Date(now).toISOString() }
  const aliases = [movie.ids.imdb && `imdb:${movie.ids.imdb}`, movie.ids.wikidata && `wikidata:${movie.ids.wikidata}`]
    .filter((alias): alias is string => Boolean(alias))
    .map((alias) => parseMovieId(alias).id)
  return { movie, people: [...people.values()], ...(credits ? { credits } : {}), aliases }
}
