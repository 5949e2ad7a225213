/**
 * `@cinelayer/housekeeping`: the housekeeper that scores movies with weighting rules, plans which
 * ones go down to a lighter level (and what that frees), and applies the plan.
 * @packageDocumentation
 */
export {
  type Housekeeper,
  type HousekeeperOptions,
  type HousekeepingRun,
  type HousekeepingRunOptions,
  createHousekeeper,
} from './housekeeper.js'
export type { HousekeepingPlan, PlannedChange } from './housekeeping-plan.js'
export type { AppliedDowngrade, HousekeepingReport, SkippedChange } from './housekeeping-report.js'
export type { PlanReason } from './movie-assessment.js'
export { type NotReadForOptions, notReadFor } from './not-read-for.js'
export {
  type FailureRecord,
  type HousekeepingErrorCode,
  HousekeepingLevelUnknownError,
  HousekeepingOptionsError,
  HousekeepingReadError,
  HousekeepingWriteError,
  RuleFailedError,
  RuleVerdictInvalidError,
  housekeepingErrorCodes,
} from './errors.js'
