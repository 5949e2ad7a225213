/** What a job's `run` receives. */
export interface JobContext {
  /** Aborted when the scheduler stops: a long job should give up early. */
  signal: AbortSignal
  /** When this run was due (ms since epoch): the scheduled time, or now for a run asked by hand. */
  scheduledFor: number
  /** When the last successful run was due (ms), `null` before the first one since the scheduler was created. */
  lastSuccess: number | null
}

/** What a job says it did, shown in its report and its `ScheduledJobCompleted` event. */
export type JobSummary = Record<string, number | string>

/** A job run on a cron schedule. */
export interface ScheduledJob {
  /** Unique name within a scheduler, e.g. `housekeeping`. */
  name: string
  /**
   * When it runs: a cron expression as croner reads it (`'0 4 * * *'` is 04:00 every day; six
   * fields add seconds; `@daily`, `@hourly` and friends work).
   */
  cron: string
  /** The work. A throw or rejection is reported as a failed run; the next run still happens. */
  run(context: JobContext): Promise<JobSummary | void> | JobSummary | void
}

/** One run of a job, or one run that did not happen. Plain data. */
export interface JobReport {
  job: string
  /** `skipped`: the job was due while its previous run was still going. */
  status: 'succeeded' | 'failed' | 'skipped'
  /** ISO time the run was due. */
  scheduledFor: string
  /** ISO time it started (absent when skipped). */
  startedAt?: string
  finishedAt?: string
  durationMs?: number
  /** What a successful run said it did. */
  summary?: JobSummary
  /** Why a run failed. */
  error?: { code: string; message: string }
  /** Why a run was skipped. */
  reason?: string
}
