import type { HousekeepingRule, LevelSet, RuleInput, RuleVerdict } from '@cinelayer/core'
import { HousekeepingLevelUnknownError, RuleFailedError, RuleVerdictInvalidError } from './errors.js'

/** One rule's reason, as the plan shows it. */
export interface PlanReason {
  /** The rule's name. */
  rule: string
  reason: string
}

/** What every rule together says about one movie. */
export interface MovieAssessment {
  /** Sum of the verdicts' weights (higher keeps the movie richer). */
  score: number
  /** The level the movie should go down to, or `null` when it stays. */
  target: string | null
  /** Every rule that had an opinion, in rule order. */
  reasons: PlanReason[]
}

/**
 * Runs every rule on one movie and combines their verdicts: the lowest `maxLevel` wins, then the
 * highest `minLevel` protects against it. Throws a coded error when any rule fails, so that a
 * movie is never downgraded on a partial opinion (the failing rule may have been a protection).
 */
export function assessMovie(input: RuleInput, rules: readonly HousekeepingRule[], levels: LevelSet): MovieAssessment {
  const { movie } = input
  const current = rankOf(levels, movie.level, `Movie ${movie.id}`)
  const frozen = frozenInput(input)
  let score = 0
  let maxRank: number | undefined
  let minRank: number | undefined
  const reasons: PlanReason[] = []
  for (const rule of rules) {
    const verdict = evaluate(rule, frozen)
    if (verdict === null) continue
    const where = `Rule "${rule.name}" on ${movie.id}`
    if (verdict.maxLevel !== undefined) {
      const rank = rankOf(levels, verdict.maxLevel, where, rule.name)
      maxRank = maxRank === undefined ? rank : Math.min(maxRank, rank)
    }
    if (verdict.minLevel !== undefined) {
      const rank = rankOf(levels, verdict.minLevel, where, rule.name)
      minRank = minRank === undefined ? rank : Math.max(minRank, rank)
    }
    score += verdict.weight ?? 0
    reasons.push({ rule: rule.name, reason: verdict.reason })
  }
  let targetRank = maxRank
  if (targetRank !== undefined && minRank !== undefined) targetRank = Math.max(targetRank, minRank)
  const target = targetRank !== undefined && targetRank < current ? levels.names[targetRank]! : null
  return { score, target, reasons }
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
  const { reason, weight, maxLevel, minLevel } = verdict as Partial<Record<keyof RuleVerdict, unknown>>
  if (typeof reason !== 'string' || reason.trim() === '') throw fail('a verdict needs a non-empty reason')
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight))) throw fail(`weight ${String(weight)} is not a finite number`)
  if (maxLevel !== undefined && typeof maxLevel !== 'string') throw fail('maxLevel must be a level name')
  if (minLevel !== undefined && typeof minLevel !== 'string') throw fail('minLevel must be a level name')
  return verdict as RuleVerdict
}

function rankOf(levels: LevelSet, level: string, where: string, rule?: string): number {
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
