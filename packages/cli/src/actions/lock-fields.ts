import type { Movie } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { movieIdOf } from '../id-token.js'
import { movieLabel } from '../movie-view.js'

/** Locks or unlocks fields one by one, then prints the movie's locks. */
export async function changeLocks(context: CliContext, action: 'lock' | 'unlock', token: string, fields: string[]): Promise<void> {
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
}
