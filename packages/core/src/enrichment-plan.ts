import type { Enricher } from './enricher.js'
import { PlanUnsatisfiableError } from './errors.js'
import type { LevelSet } from './levels.js'
import type { Movie } from './schemas.js'

/** One step of a plan: an enricher and the facets it is asked for. */
export interface PlanStep {
  enricher: string
  provider: string
  facets: string[]
}

/** What it takes to bring a movie to a level. */
export interface EnrichmentPlan {
  movieId: string
  from: string
  to: string
  /** Facets missing for the target level (or needed by those). */
  missing: string[]
  /**
   * Facets present but older than their max age, fetched again: those the target level needs, and
   * any other stale facet of an enricher the run asks anyway (it rides along in the same call).
   */
  stale: string[]
  /** Stages run in order; the steps of one stage run in parallel (one call per provider). */
  stages: PlanStep[][]
}

/** What a plan is made from. */
export interface PlanInput {
  movie: Movie
  target: string
  levels: LevelSet
  /** The enricher chosen for each providable facet. */
  byFacet: ReadonlyMap<string, Enricher>
  /** Present facets that are stale now. */
  stale?: ReadonlySet<string>
  /** Providers not to ask for stale facets (they are backing off): the stale data is kept. */
  resting?: ReadonlySet<string>
}

/**
 * Plans the jump of a movie to a level: the missing and stale facets, grouped per enricher (so each
 * enricher is asked once), in stages ordered by what each enricher needs.
 * @throws PlanUnsatisfiableError when a facet has no enricher or enrichers need each other.
 */
export function planEnrichment(input: PlanInput): EnrichmentPlan {
  const { movie, target, levels, byFacet } = input
  const present = new Set(Object.keys(movie.facets))
  const refreshable = (facet: string) => input.stale?.has(facet) === true && byFacet.has(facet) && !input.resting?.has(byFacet.get(facet)!.provider)
  const wanted = new Set(levels.facetsFor(target).filter((facet) => !present.has(facet) || refreshable(facet)))
  // Stale facets of an enricher that is called anyway cost nothing more: they join its call.
  const called = new Set([...wanted].map((facet) => byFacet.get(facet)).filter((enricher) => enricher !== undefined))
  for (const facet of input.stale ?? []) if (refreshable(facet) && called.has(byFacet.get(facet)!)) wanted.add(facet)
  closeOverNeeds(wanted, present, input)
  const stages = stagesOf(wanted, present, input)
  const missing = [...wanted].filter((facet) => !present.has(facet))
  const stale = [...wanted].filter((facet) => present.has(facet))
  return { movieId: movie.id, from: movie.level, to: target, missing, stale, stages }
}

// A facet an enricher needs joins the plan when it is not there yet.
function closeOverNeeds(wanted: Set<string>, present: ReadonlySet<string>, { movie, target, byFacet }: PlanInput): void {
  const queue = [...wanted]
  while (queue.length > 0) {
    const facet = queue.pop()!
    const enricher = byFacet.get(facet)
    if (!enricher) throw new PlanUnsatisfiableError(movie.id, target, `No enricher provides facet "${facet}" needed by ${movie.id} for "${target}"`, { facet })
    for (const need of enricher.needs ?? []) {
      if (!present.has(need) && !wanted.has(need)) {
        wanted.add(need)
        queue.push(need)
      }
    }
  }
}

function stagesOf(wanted: ReadonlySet<string>, present: ReadonlySet<string>, { movie, target, byFacet }: PlanInput): PlanStep[][] {
  const steps = new Map<Enricher, string[]>()
  for (const facet of wanted) {
    const enricher = byFacet.get(facet)!
    steps.set(enricher, [...(steps.get(enricher) ?? []), facet])
  }
  const stages: PlanStep[][] = []
  // A facet being fetched again is not "done" for ordering: what needs it waits for the fresh one.
  const done = new Set([...present].filter((facet) => !wanted.has(facet)))
  let remaining = [...steps.entries()]
  while (remaining.length > 0) {
    const ready = remaining.filter(([enricher]) => (enricher.needs ?? []).every((need) => done.has(need)))
    if (ready.length === 0) {
      const names = remaining.map(([enricher]) => enricher.name).join(', ')
      throw new PlanUnsatisfiableError(movie.id, target, `Enrichers ${names} need each other to bring ${movie.id} to "${target}"`)
    }
    stages.push(ready.map(([enricher, facets]) => ({ enricher: enricher.name, provider: enricher.provider, facets })))
    for (const [, facets] of ready) facets.forEach((facet) => done.add(facet))
    remaining = remaining.filter((entry) => !ready.includes(entry))
  }
  return stages
}
