import { basename } from 'node:path'
import { parseVideoFilename } from '@cinelayer/watcher'
import { type MatchCandidateSummary, type Movie, type MovieEngine, MovieMatchUncertainError, type Person } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { parseAddTarget } from '../id-token.js'
import { movieLabel } from '../movie-view.js'

/** What `add` did, as `--json` prints it. */
export type AddResult =
  | { kind: 'movie'; created: boolean; movie: Movie }
  | { kind: 'person'; created: boolean; person: Person }
  | { kind: 'file'; created: boolean; matched: boolean; movie: Movie }
  | { kind: 'title'; created: boolean; score: number; candidates: MatchCandidateSummary[]; movie: Movie }

/** The `add` command. */
export default async function addCommand(context: CliContext, token: string, options: { level?: string; year?: number }): Promise<void> {
  const target = parseAddTarget(token, context.io.cwd, options.year)
  const result = await context.withEngine(async (engine) => {
    if (target.kind === 'person') return addPerson(engine, target.id)
    if (target.kind === 'file') return addFile(engine, target.path, options.level)
    if (target.kind === 'title') return addTitle(context, engine, target, options.level)
    return addMovie(engine, target.id, options.level)
  })
  context.out.result(result, (value) => printAdded(context, value))
}

async function addTitle(context: CliContext, engine: MovieEngine, target: { title: string; year?: number }, level: string | undefined): Promise<AddResult> {
  try {
    const added = await engine.movies.addByTitle(target, level ? { level } : {})
    return { kind: 'title', ...added }
  } catch (error) {
    // No single movie: the candidates, with the ids to add one by, before the error line.
    if (error instanceof MovieMatchUncertainError && error.candidates.length > 0) printCandidates(context, error.candidates)
    throw error
  }
}

function printCandidates(context: CliContext, candidates: readonly MatchCandidateSummary[]): void {
  const { out } = context
  out.line('Candidates (add one by its id):')
  out.table(
    [{ header: 'ID' }, { header: 'YEAR', align: 'right' }, { header: 'TITLE', maxWidth: 60 }],
    candidates.map((candidate) => [candidate.id, candidate.year ? String(candidate.year) : '', candidate.title]),
  )
}

async function addMovie(engine: MovieEngine, id: string, level: string | undefined): Promise<AddResult> {
  const known = await engine.movies.find(id)
  // An unknown tmdb: id is created, an unknown imdb: id is looked up on TMDB first.
  const movie = await engine.movies.get(id, level ? { level } : {})
  return { kind: 'movie', created: known === null, movie }
}

async function addPerson(engine: MovieEngine, id: string): Promise<AddResult> {
  const known = await engine.people.peek(id)
  const person = await engine.people.get(id)
  return { kind: 'person', created: known === null, person }
}

async function addFile(engine: MovieEngine, path: string, level: string | undefined): Promise<AddResult> {
  const parsed = parseVideoFilename(path)
  // The engine says whether the file made a new movie or landed on a known one.
  const created: string[] = []
  const off = engine.bus.on('MovieCreated', (event) => {
    created.push(event.payload.movieId)
  })
  let added: Movie
  try {
    added = await engine.movies.addFile(path, {
      title: parsed.title,
      ...(parsed.year === undefined ? {} : { year: parsed.year }),
      ...(parsed.tmdbId === undefined ? {} : { tmdbId: parsed.tmdbId }),
      ...(parsed.imdbId === undefined ? {} : { imdbId: parsed.imdbId }),
    })
  } finally {
    off()
  }
  const matched = added.match?.status !== 'unmatched'
  const movie = matched ? await engine.movies.get(added.id, level ? { level } : {}) : added
  return { kind: 'file', created: created.includes(added.id), matched, movie }
}

function printAdded(context: CliContext, result: AddResult): void {
  const { out } = context
  const verb = result.created ? 'Added' : 'Already known:'
  if (result.kind === 'person') {
    const { person } = result
    out.line(`${verb} ${out.style.bold(person.name)}  ${out.style.dim(person.id)}${person.knownForDepartment ? `  (${person.knownForDepartment})` : ''}`)
    return
  }
  if (result.kind === 'file') {
    const { movie } = result
    if (!result.matched) {
      out.line(`${verb} ${basename(movie.filePath ?? '')} as ${movie.id}: ${out.style.yellow('not matched')} (parsed "${movieLabel(movie)}")`)
      const candidates = movie.match?.candidates ?? []
      if (candidates.length > 0) out.info(`Candidates: ${candidates.map((c) => `tmdb:${c.tmdb} ${c.title}${c.year ? ` (${c.year})` : ''}`).join('; ')}`)
      return
    }
    out.line(`${verb} ${basename(movie.filePath ?? '')} → ${out.style.bold(movieLabel(movie))}  ${out.style.dim(movie.id)}  level ${movie.level}`)
    return
  }
  if (context.out.mode.quiet) return out.line(result.movie.id)
  out.line(`${verb} ${out.style.bold(movieLabel(result.movie))}  ${out.style.dim(result.movie.id)}  level ${result.movie.level}`)
  if (result.kind === 'title') out.info(out.style.dim(`matched by title, score ${result.score.toFixed(2)}`))
}
