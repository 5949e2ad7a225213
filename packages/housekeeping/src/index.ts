/**
 * `@cinelayer/housekeeping`: the housekeeper that scores movies with weighting rules, plans which
 * ones go down to a lighter level or lose image files (and what that frees), and applies the plan;
 * the built-in rules; and a cron scheduler for housekeeping, trending, discover and provider refresh.
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
export type { AppliedDowngrade, HousekeepingReport, PendingAccesses, SkippedChange } from './housekeeping-report.js'
export type { PlanReason } from './movie-assessment.js'
export { type ImageInventory, type ImageStoreLike, hdImageSizes, imageInventory } from './image-inventory.js'
export { type NotReadForOptions, notReadFor } from './not-read-for.js'
export { type BudgetDropOptions, type DiskBudgetOptions, diskBudget, formatBytes } from './disk-budget.js'
export { type LowPopularityOptions, lowPopularity } from './low-popularity.js'
export { protectLocked } from './protect-locked.js'
export { type ProtectLocalFilesOptions, protectLocalFiles } from './protect-local-files.js'
export { type DefaultRulesOptions, defaultRules } from './default-rules.js'
export type { JobContext, JobReport, JobSummary, ScheduledJob } from './scheduled-job.js'
export { type Scheduler, type SchedulerOptions, createScheduler } from './scheduler.js'
export {
  type DiscoverJobOptions,
  type HousekeepingJobOptions,
  type TrendingJobOptions,
  discoverJob,
  housekeepingJob,
  trendingJob,
} from './scheduled-jobs.js'
export { type ChangeWindow, type ProviderRefreshJobOptions, type RefreshWindowStore, providerRefreshJob } from './provider-refresh-job.js'
export {
  type FailureRecord,
  type HousekeepingErrorCode,
  HousekeepingImagesError,
  HousekeepingLevelUnknownError,
  HousekeepingOptionsError,
  HousekeepingReadError,
  HousekeepingWriteError,
  JobFailedError,
  JobUnknownError,
  RuleFailedError,
  RuleVerdictInvalidError,
  ScheduleInvalidError,
  housekeepingErrorCodes,
} from './errors.js'
