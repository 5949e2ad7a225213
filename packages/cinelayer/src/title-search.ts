import { type Movie, OptionsInvalidError, parseMovieId } from '@cinelayer/core'
import type { TmdbProvider } from '@cinelayer/providers'
import { type MatchCandidateSummary, MovieMatchUncertainError } from './errors.js'
import { type MatchCandidate, type MatchDecision, chooseMatch } from './title-match.js'

/** A movie asked for by title, as a person types it: `{ title: 'Fight Club', year: 1999 }`. */
export interface TitleQuery {
  title: string
  /** Release year: a strong hint (a remake, a namesake); without it, equal titles stay ambiguous. */
  year?: number
}

/** What `movies.addByTitle` did. */
export interface MovieAdded {
  /** The movie, at the level asked for. */
  movie: Movie
  /** `false` when the catalog held it already. */
  created: boolean
  /** The match score, 0..1 (1: same title, same year). */
  score: number
  /** The best search results, best first (the chosen one among them). */
  candidates: MatchCandidateSummary[]
}

const MAX_TITLE_LENGTH = 200

/**
 * Searches TMDB for a title and scores the results as the file watcher does (`chooseMatch`): with
 * the year first, then, when nothing of that year is good enough, on the title alone, which tells
 * what the user may pick from.
 */
export async function matchTitle(tmdb: TmdbProvider, title: string, year?: number): Promise<MatchDecision> {
  let decision = chooseMatch(await searchCandidates(tmdb, title, year), title, year)
  if (!decision.chosen && year !== undefined) decision = chooseMatch(await searchCandidates(tmdb, title), title, year)
  return decision
}

/** TMDB's search results for a title (and year), as the matcher reads them. */
export async function searchCandidates(tmdb: TmdbProvider, title: string, year?: number): Promise<MatchCandidate[]> {
  const found = await tmdb.searchMovies(title, year === undefined ? {} : { year })
  return found.results.map((result) => ({
    tmdb: result.id,
    title: result.title,
    ...(result.original_title ? { originalTitle: result.original_title } : {}),
    ...yearField(yearOf(result.release_date)),
    ...(typeof result.popularity === 'number' ? { popularity: result.popularity } : {}),
  }))
}

/** What adding by title works with: the catalog's lookups. */
export interface AddByTitleDeps {
  tmdb: TmdbProvider
  /** Canonical id of a stored movie, or `null`. */
  find(id: string): Promise<string | null>
  /** The movie at `level`, created by its first enrichment when it is not stored. */
  get(id: string, level: string | undefined): Promise<Movie>
}

/**
 * Adds the movie a title (and year) names: TMDB's search, scored as the watcher scores a file name;
 * the best result is added (created by its first enrichment, to `level`) only when it is good enough
 * and clearly ahead. Nothing is stored otherwise.
 * @throws OptionsInvalidError for a blank or overlong title or a year that is not a year (before any
 *   call); MovieMatchUncertainError (with the candidates and their ids) when no result can be chosen.
 */
export async function addByTitle(deps: AddByTitleDeps, query: TitleQuery, level?: string): Promise<MovieAdded> {
  const { title, year } = checkQuery(query)
  const decision = await matchTitle(deps.tmdb, title, year)
  const candidates = decision.candidates.map(summaryOf)
  if (!decision.chosen) throw new MovieMatchUncertainError(title, year, candidates, decision.score)
  const id = parseMovieId(`tmdb:${decision.chosen.tmdb}`).id
  const known = await deps.find(id)
  const movie = await deps.get(known ?? id, level)
  return { movie, created: known === null, score: decision.score, candidates }
}

function checkQuery(query: TitleQuery): { title: string; year?: number } {
  const title = typeof query?.title === 'string' ? query.title.trim() : ''
  if (title === '' || title.length > MAX_TITLE_LENGTH) throw new OptionsInvalidError('title', `expected a title of 1 to ${MAX_TITLE_LENGTH} characters, got ${JSON.stringify(query?.title)}`)
  const { year } = query
  if (year !== undefined && !(Number.isInteger(year) && year >= 1870 && year <= 2100)) throw new OptionsInvalidError('year', `expected a year between 1870 and 2100, got ${String(year)}`)
  return { title, ...yearField(year) }
}

function summaryOf(candidate: MatchCandidate): MatchCandidateSummary {
  return { id: `tmdb:${candidate.tmdb}`, title: candidate.title, ...yearField(candidate.year) }
}

function yearOf(date: string | null | undefined): number | undefined {
  const year = date ? Number.parseInt(date.slice(0, 4), 10) : Number.NaN
  return Number.isFinite(year) ? year : undefined
}

function yearField(year: number | undefined): { year?: number } {
  return year === undefined ? {} : { year }
}
