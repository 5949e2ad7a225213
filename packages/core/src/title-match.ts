import { normalizeTitle } from './normalize-title.js'

/** A search result as the matcher sees it. */
export interface MatchCandidate {
  tmdb: number
  title: string
  originalTitle?: string
  year?: number
  popularity?: number
}

/** The matcher's decision. */
export interface MatchDecision {
  /** The chosen candidate, when one is good enough. */
  chosen?: MatchCandidate
  /** 0..1: 1 = same title and same year. */
  score: number
  /** The best candidates, best first (kept on unmatched movies). */
  candidates: MatchCandidate[]
}

function scoreOf(candidate: MatchCandidate, title: string, year: number | undefined): number {
  const wanted = normalizeTitle(title)
  const titles = [candidate.title, candidate.originalTitle].filter((t): t is string => !!t).map(normalizeTitle)
  const titleScore = titles.includes(wanted) ? 1 : titles.some((t) => t.startsWith(wanted) || wanted.startsWith(t)) ? 0.5 : 0
  if (titleScore === 0) return 0
  if (year === undefined) return titleScore * 0.8
  // A file that names its year is weak evidence for a result that has none.
  if (candidate.year === undefined) return titleScore * 0.5
  const gap = Math.abs(candidate.year - year)
  return titleScore * (gap === 0 ? 1 : gap === 1 ? 0.85 : 0.3)
}

/**
 * Picks the search result that is the movie a file names. Never guesses: a candidate is chosen
 * only with a score of at least `threshold` and clearly ahead of the runner-up.
 * @param threshold minimum score to accept. Default `0.8`.
 */
export function chooseMatch(candidates: readonly MatchCandidate[], title: string, year?: number, threshold = 0.8): MatchDecision {
  const scored = candidates
    .map((candidate) => ({ candidate, score: scoreOf(candidate, title, year) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || (b.candidate.popularity ?? 0) - (a.candidate.popularity ?? 0))
  const best = scored[0]
  const runnerUp = scored[1]
  const ambiguous = best !== undefined && runnerUp !== undefined && runnerUp.score === best.score && year === undefined
  const top = scored.slice(0, 5).map((entry) => entry.candidate)
  if (!best || best.score < threshold || ambiguous) return { score: best?.score ?? 0, candidates: top }
  return { chosen: best.candidate, score: best.score, candidates: top }
}
