import type { HousekeepingRule, LevelSet, RuleInput, RuleVerdict } from '@cinelayer/core'
import { HousekeepingLevelUnknownError, RuleFailedError, RuleVerdictInvalidError } from './errors.js'

/** One rule's reason, as the plan shows it. */
export interface PlanReason {
  /** The rule's name. */
  rule: string
  reason: string
}

/** What one or more verdicts propose to take away. */
export interface Proposal {
  /** Rank of the highest level allowed, when a verdict set one. */
  maxRank?: number
  dropFacets: string[]
  dropImageSizes: string[]
}

/** A proposal needed only while the catalog is over a disk budget. */
export interface BudgetProposal extends Proposal {
  /** Position of the rule that made it: budget proposals are taken rule by rule. */
  tier: number
  untilUnderBytes: number
  reason: PlanReason
}

/** What every rule together says about one movie. */
export interface MovieAssessment {
  /** Sum of the verdicts' weights (higher keeps the movie richer). */
  score: number
  /** Rank of the highest protected level, when a verdict protects one. */
  minRank?: number
  /** Proposals that stand whatever the disk usage. */
  proposal: Proposal
  /** Proposals that stand only while over a budget, in rule order. */
  budget: BudgetProposal[]
  /** Every rule that had an opinion, budget proposals aside, in rule order. */
  reasons: PlanReason[]
}

/**
 * Runs every rule on one movie and gathers their verdicts. Throws a coded error when any rule
 * fails, so that a movie is never changed on a partial opinion (the failing rule may have been
 * a protection).
 */
export function assessMovie(input: RuleInput, rules: readonly HousekeepingRule[], levels: LevelSet): MovieAssessment {
  const { movie } = input
  rankOf(levels, movie.level, `Movie ${movie.id}`)
  const frozen = frozenInput(input)
  const assessment: MovieAssessment = { score: 0, proposal: { dropFacets: [], dropImageSizes: [] }, budget: [], reasons: [] }
  rules.forEach((rule, tier) => {
    const verdict = evaluate(rule, frozen)
    if (verdict === null) return
    const where = `Rule "${rule.name}" on ${movie.id}`
    const maxRank = verdict.maxLevel === undefined ? undefined : rankOf(levels, verdict.maxLevel, where, rule.name)
    if (verdict.minLevel !== undefined) {
      const rank = rankOf(levels, verdict.minLevel, where, rule.name)
      assessment.minRank = Math.max(assessment.minRank ?? rank, rank)
    }
    assessment.score += verdict.weight ?? 0
    const reason = { rule: rule.name, reason: verdict.reason }
    const parts: Proposal = { ...(maxRank === undefined ? {} : { maxRank }), dropFacets: verdict.dropFacets ?? [], dropImageSizes: verdict.dropImageSizes ?? [] }
    if (verdict.untilUnderBytes !== undefined) {
      if (proposes(parts)) assessment.budget.push({ ...parts, tier, untilUnderBytes: verdict.untilUnderBytes, reason })
      // A budget verdict that also weighs or protects still explains the score.
      if (verdict.weight || verdict.minLevel !== undefined) assessment.reasons.push(reason)
      return
    }
    assessment.proposal = combine(assessment.proposal, parts)
    assessment.reasons.push(reason)
  })
  return assessment
}

/** Whether a proposal takes anything away. */
export function proposes(proposal: Proposal): boolean {
  return proposal.maxRank !== undefined || proposal.dropFacets.length > 0 || proposal.dropImageSizes.length > 0
}

/** Two proposals together: the lowest level allowed, every facet and image size named. */
export function combine(a: Proposal, b: Proposal): Proposal {
  const maxRank = a.maxRank === undefined ? b.maxRank : b.maxRank === undefined ? a.maxRank : Math.min(a.maxRank, b.maxRank)
  return {
    ...(maxRank === undefined ? {} : { maxRank }),
    dropFacets: union(a.dropFacets, b.dropFacets),
    dropImageSizes: union(a.dropImageSizes, b.dropImageSizes),
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return b.length === 0 ? [...a] : [...new Set([...a, ...b])]
}

function evaluate(rule: HousekeepingRule, input: RuleInput): RuleVerdict | null {
  let verdict: unknown
  try {
    verdict = rule.evaluate(input)
  } catch (error) {
    throw new RuleFailedError(rule.name, input.movie.id, error)
  }
  if (verdict === null || verdict === undefined) return null
  return checkVerdict(rule.name, input.movie.id, verdict)
}

function checkVerdict(rule: string, movieId: string, verdict: unknown): RuleVerdict {
  const fail = (problem: string) => new RuleVerdictInvalidError(rule, movieId, problem)
  if (typeof verdict !== 'object' || verdict === null || typeof (verdict as PromiseLike<unknown>).then === 'function') {
    throw fail('expected a verdict object or null (rules are synchronous)')
  }
  const { reason, weight, maxLevel, minLevel, dropFacets, dropImageSizes, untilUnderBytes } = verdict as Partial<Record<keyof RuleVerdict, unknown>>
  if (typeof reason !== 'string' || reason.trim() === '') throw fail('a verdict needs a non-empty reason')
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight))) throw fail(`weight ${String(weight)} is not a finite number`)
  if (maxLevel !== undefined && typeof maxLevel !== 'string') throw fail('maxLevel must be a level name')
  if (minLevel !== undefined && typeof minLevel !== 'string') throw fail('minLevel must be a level name')
  for (const [name, list] of [['dropFacets', dropFacets], ['dropImageSizes', dropImageSizes]] as const) {
    if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item !== ''))) {
      throw fail(`${name} must be a list of names`)
    }
  }
  if (untilUnderBytes !== undefined && (typeof untilUnderBytes !== 'number' || !Number.isFinite(untilUnderBytes) || untilUnderBytes < 0)) {
    throw fail(`untilUnderBytes ${String(untilUnderBytes)} is not a finite number of bytes >= 0`)
  }
  return verdict as RuleVerdict
}

/** Rank of a level, or a coded error naming who named it. */
export function rankOf(levels: LevelSet, level: string, where: string, rule?: string): number {
  const rank = levels.names.indexOf(level)
  if (rank < 0) throw new HousekeepingLevelUnknownError(where, level, levels.names, rule)
  return rank
}

/**
 * Rules get a deep-frozen copy: a rule that tries to mutate the movie fails loudly instead of
 * corrupting the record the plan computes bytes and downgrades from.
 */
function frozenInput(input: RuleInput): RuleInput {
  return {
    movie: deepFreeze(structuredClone(input.movie)),
    stats: input.stats === null ? null : deepFreeze(structuredClone(input.stats)),
    bytes: input.bytes,
    images: Object.freeze({ ...(input.images ?? {}) }),
    context: input.context,
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
