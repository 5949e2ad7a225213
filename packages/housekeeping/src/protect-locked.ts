import { type HousekeepingRule, type RuleInput, type RuleVerdict, defineRule } from '@cinelayer/core'

/**
 * A rule that makes the plan say which locked fields a change keeps. Locked fields already
 * survive every downgrade; with this rule each change of a movie with locks carries the reason
 * (`locked fields kept: overview, keywords`), so an operator reviewing the plan sees it. It adds
 * no weight and allows every level.
 */
export function protectLocked(): HousekeepingRule {
  return defineRule({
    name: 'protect-locked',
    evaluate({ movie }: RuleInput): RuleVerdict | null {
      if (movie.locks.length === 0) return null
      return { reason: `locked fields kept: ${movie.locks.join(', ')}` }
    },
  })
}
