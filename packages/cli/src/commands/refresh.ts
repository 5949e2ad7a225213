import { type Command, InvalidArgumentError } from 'commander'
import type { CommandRunner } from '../command-runner.js'

/** `refresh <id> [--facets a,b]`: fetches again what providers gave a movie. */
export function registerRefresh(program: Command, run: CommandRunner): void {
  program
    .command('refresh')
    .description('fetch again what providers gave a stored movie (or only some facets), keeping its level and everything else')
    .argument('<id>', 'movie id (tmdb:550, 550, tt0137523…)')
    .option('--facets <list>', 'facets to fetch again, comma-separated (credits,images); default: every facet a provider filled', facetList)
    .action(run(() => import('../actions/refresh.js')))
}

function facetList(value: string): string[] {
  const facets = value.split(',').map((facet) => facet.trim()).filter((facet) => facet !== '')
  if (facets.length === 0) throw new InvalidArgumentError(`expected facet names separated by commas, got "${value}"`)
  return [...new Set(facets)]
}
