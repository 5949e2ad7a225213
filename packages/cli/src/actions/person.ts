import type { CliContext } from '../cli-context.js'
import { personIdOf } from '../id-token.js'

const BIOGRAPHY_SHOWN = 400

/** The `person` command. */
export default async function personCommand(context: CliContext, token: string, options: { page: number; pageSize: number }): Promise<void> {
  const id = personIdOf(token)
  const result = await context.withEngine(async (engine) => {
    const person = await engine.people.get(id)
    const filmography = await engine.people.movies(id, { page: options.page, pageSize: options.pageSize })
    return { person, filmography }
  })
  context.out.result(result, ({ person, filmography }) => {
    const { out } = context
    out.line(`${out.style.bold(person.name)}  ${out.style.dim(person.id)}${person.knownForDepartment ? `  ${person.knownForDepartment}` : ''}`)
    const life = [person.birthday ? `born ${person.birthday}` : '', person.placeOfBirth ? `in ${person.placeOfBirth}` : '', person.deathday ? `died ${person.deathday}` : '']
    if (life.some(Boolean)) out.line(life.filter(Boolean).join(' '))
    if (person.biography) {
      const text = person.biography.replace(/\s+/g, ' ')
      out.line(text.length > BIOGRAPHY_SHOWN ? `${text.slice(0, BIOGRAPHY_SHOWN - 1)}…` : text)
    }
    if (filmography.totalResults === 0) return out.line('No known credits')
    out.line()
    out.table(
      [{ header: 'YEAR', align: 'right' }, { header: 'MOVIE' }, { header: 'TITLE', maxWidth: 50 }, { header: 'ROLE', maxWidth: 40 }, { header: 'IN CATALOG' }],
      filmography.results.map((credit) => [
        credit.movieYear ? String(credit.movieYear) : '',
        credit.movieId,
        credit.movieTitle ?? '',
        credit.role === 'cast' ? (credit.character ?? 'cast') : (credit.job ?? 'crew'),
        credit.known ? 'yes' : '-',
      ]),
    )
    out.info(out.style.dim(`page ${filmography.page} of ${filmography.totalPages} (${filmography.totalResults} credits)`))
  })
}
