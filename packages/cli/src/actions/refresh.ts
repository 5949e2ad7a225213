import type { CliContext } from '../cli-context.js'
import { movieIdOf } from '../id-token.js'
import { movieLabel } from '../movie-view.js'

/** The `refresh` command. */
export default async function refreshCommand(context: CliContext, token: string, options: { facets?: string[] }): Promise<void> {
  const id = movieIdOf(token)
  const movie = await context.withEngine((engine) => engine.movies.refresh(id, options.facets ? { facets: options.facets } : {}))
  context.out.result(movie, (value) => {
    const { out } = context
    const facets = options.facets ?? Object.entries(value.facets).filter(([facet]) => facet !== 'identity').map(([facet]) => facet)
    out.line(`Refreshed ${out.style.bold(movieLabel(value))}  ${out.style.dim(value.id)}  level ${value.level}`)
    out.info(out.style.dim(`facets: ${facets.map((facet) => `${facet} (${value.facets[facet]?.at ?? '?'})`).join(', ')}`))
  })
}
