import type { Movie } from 'cinelayer'
import type { Command } from 'commander'
import type { CommandRunner } from '../command-runner.js'
import { movieIdOf } from '../id-token.js'
import { movieLabel } from '../movie-view.js'

/** `lock <id> <field…>` and `unlock <id> <field…>`. */
export function registerLocks(program: Command, run: CommandRunner): void {
  for (const action of ['lock', 'unlock'] as const) {
    program
      .command(action)
      .description(
        action === 'lock'
          ? 'lock fields of a movie as they are: enrichment never overwrites them, downgrade never removes them'
          : 'unlock fields of a movie (a field whose facet is gone leaves the record)',
      )
      .argument('<id>', 'movie id')
      .argument('<fields...>', 'field names: title, overview, tagline, poster, cast, genres…')
      .action(
        run(async (context, token: string, fields: string[]) => {
          const id = movieIdOf(token)
          const movie = await context.withEngine(async (engine) => {
            let current: Movie | undefined
            for (const field of fields) current = action === 'lock' ? await engine.movies.lock(id, field) : await engine.movies.unlock(id, field)
            return current!
          })
          context.out.result(movie, (value) => {
            context.out.line(`${action === 'lock' ? 'Locked' : 'Unlocked'} ${fields.join(', ')} on ${movieLabel(value)}  ${context.out.style.dim(value.id)}`)
            context.out.info(`Locked fields now: ${value.locks.length > 0 ? value.locks.join(', ') : 'none'}`)
          })
        }),
      )
  }
}
