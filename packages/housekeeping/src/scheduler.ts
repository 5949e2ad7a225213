import { CinelayerError, type Clock, type EventBus, type Timer, systemTimer } from '@cinelayer/core'
import { Cron } from 'croner'
import { JobFailedError, JobUnknownError, ScheduleInvalidError } from './errors.js'
import type { JobReport, JobSummary, ScheduledJob } from './scheduled-job.js'

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** The jobs; names must be unique. */
  jobs: readonly ScheduledJob[]
  /**
   * Waits until the next run. Default: the system timer. Inject a `ManualTimer` to run a
   * schedule on fake time: croner computes the next run, the timer waits for it.
   */
  timer?: Timer
  /** Source of "now" for the next run and the reports. Default: the timer's clock. */
  clock?: Clock
  /** Receives `ScheduledJobCompleted`, `ScheduledJobFailed` and `ScheduledJobSkipped` (category `schedule`). Default: none. */
  bus?: EventBus
  /** Time zone the cron expressions are read in (`'Europe/Paris'`, `'UTC'`). Default: the system's. */
  timezone?: string
  /** Called with every report; a throw there is ignored. Default: none. */
  onReport?: (report: JobReport) => void
  /** Reports kept by {@link Scheduler.reports}, newest last. Default `100`. */
  history?: number
}

/** Runs jobs on cron schedules. */
export interface Scheduler {
  /** Job names, in the order given. */
  readonly jobs: readonly string[]
  /** Starts waiting for each job's next run. Calling it twice changes nothing. */
  start(): this
  /** Stops scheduling, aborts the running jobs' signals and waits for them to end. */
  stop(): Promise<void>
  /**
   * Runs a job now, outside its schedule. It still never overlaps itself: while a run is going
   * this resolves with a `skipped` report.
   * @throws JobUnknownError for a name the scheduler does not know.
   */
  run(name: string): Promise<JobReport>
  /** When each job runs next (ISO), `null` when its expression has no future run. */
  nextRuns(): Record<string, string | null>
  /** The latest reports, newest last. */
  reports(): JobReport[]
  /** Resolves once no job is running. */
  idle(): Promise<void>
}

interface Entry {
  job: ScheduledJob
  cron: Cron
  running?: Promise<JobReport>
  lastSuccess: number | null
}

// setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days): longer waits are chained.
const MAX_WAIT_MS = 2 ** 31 - 1

/**
 * Creates a scheduler. Nothing runs until `start()`.
 * @throws ScheduleInvalidError for a duplicate or empty name, a job without `run`, an invalid
 *   cron expression or time zone.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const timer = options.timer ?? systemTimer
  const clock = options.clock ?? timer.clock
  const history = options.history ?? 100
  const entries = new Map<string, Entry>()
  for (const job of options.jobs) entries.set(job?.name, { job, cron: checkJob(job, entries, options.timezone), lastSuccess: null })
  const reports: JobReport[] = []
  let controller: AbortController | undefined
  let loops: Array<Promise<void>> = []

  function report(done: JobReport): JobReport {
    reports.push(done)
    if (reports.length > history) reports.splice(0, reports.length - history)
    try {
      options.onReport?.(done)
    } catch {
      // a reporting callback must not break the schedule
    }
    publish(options.bus, done)
    return done
  }

  async function execute(entry: Entry, scheduledFor: number, signal: AbortSignal): Promise<JobReport> {
    const started = clock.now()
    const base = { job: entry.job.name, scheduledFor: iso(scheduledFor), startedAt: iso(started) }
    try {
      const summary = (await entry.job.run({ signal, scheduledFor, lastSuccess: entry.lastSuccess })) ?? {}
      entry.lastSuccess = scheduledFor
      const finished = clock.now()
      return report({ ...base, status: 'succeeded', finishedAt: iso(finished), durationMs: finished - started, summary: { ...(summary as JobSummary) } })
    } catch (cause) {
      const error = cause instanceof CinelayerError ? cause : new JobFailedError(entry.job.name, cause)
      const finished = clock.now()
      return report({ ...base, status: 'failed', finishedAt: iso(finished), durationMs: finished - started, error: { code: error.code, message: error.message } })
    }
  }

  function fire(entry: Entry, scheduledFor: number, signal: AbortSignal): Promise<JobReport> {
    if (entry.running) {
      return Promise.resolve(report({ job: entry.job.name, status: 'skipped', scheduledFor: iso(scheduledFor), reason: 'its previous run is still going' }))
    }
    const running = execute(entry, scheduledFor, signal).finally(() => {
      if (entry.running === running) entry.running = undefined
    })
    entry.running = running
    return running
  }

  async function sleepUntil(due: number, signal: AbortSignal): Promise<void> {
    for (let left = due - clock.now(); left > 0; left = due - clock.now()) await timer.sleep(Math.min(left, MAX_WAIT_MS), signal)
  }

  async function loop(entry: Entry, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const next = entry.cron.nextRun(new Date(clock.now()))
      if (!next) return
      try {
        await sleepUntil(next.getTime(), signal)
      } catch {
        return
      }
      if (signal.aborted) return
      void fire(entry, next.getTime(), signal)
    }
  }

  return {
    jobs: [...entries.keys()],
    start() {
      if (controller && !controller.signal.aborted) return this
      const started = new AbortController()
      controller = started
      loops = [...entries.values()].map((entry) => loop(entry, started.signal))
      return this
    },
    async stop() {
      controller?.abort(new Error('The scheduler stopped'))
      await Promise.all(loops)
      await this.idle()
    },
    run(name) {
      const entry = entries.get(name)
      if (!entry) return Promise.reject(new JobUnknownError(name, [...entries.keys()]))
      return fire(entry, clock.now(), controller && !controller.signal.aborted ? controller.signal : new AbortController().signal)
    },
    nextRuns() {
      const now = new Date(clock.now())
      return Object.fromEntries([...entries].map(([name, entry]) => [name, entry.cron.nextRun(now)?.toISOString() ?? null]))
    },
    reports: () => reports.map((entry) => ({ ...entry })),
    async idle() {
      for (let running = runningOf(entries); running.length > 0; running = runningOf(entries)) await Promise.allSettled(running)
    },
  }
}

function runningOf(entries: Map<string, Entry>): Array<Promise<JobReport>> {
  return [...entries.values()].flatMap((entry) => (entry.running ? [entry.running] : []))
}

function checkJob(job: ScheduledJob, seen: Map<string, Entry>, timezone: string | undefined): Cron {
  const name = typeof job?.name === 'string' ? job.name : ''
  if (name === '') throw new ScheduleInvalidError(String(job?.name ?? '?'), 'needs a name')
  if (seen.has(name)) throw new ScheduleInvalidError(name, 'is defined twice')
  if (typeof job.run !== 'function') throw new ScheduleInvalidError(name, 'has no run() function')
  if (typeof job.cron !== 'string' || job.cron.trim() === '') throw new ScheduleInvalidError(name, 'needs a cron expression')
  try {
    // croner reads a time zone only when it computes a run: an unknown one is caught here instead.
    if (timezone !== undefined) new Intl.DateTimeFormat('en', { timeZone: timezone })
    // No callback: croner only computes run times here; the scheduler does the waiting.
    return new Cron(job.cron, { ...(timezone === undefined ? {} : { timezone }), paused: true })
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw new ScheduleInvalidError(name, `has an invalid cron expression "${job.cron}"${timezone ? ` or time zone "${timezone}"` : ''}: ${why}`, error)
  }
}

function publish(bus: EventBus | undefined, report: JobReport): void {
  if (!bus) return
  const { job, scheduledFor } = report
  if (report.status === 'skipped') {
    bus.publish({ type: 'ScheduledJobSkipped', payload: { job, scheduledFor, reason: report.reason! } })
  } else if (report.status === 'failed') {
    const { startedAt, durationMs, error } = report
    bus.publish({ type: 'ScheduledJobFailed', payload: { job, scheduledFor, startedAt: startedAt!, durationMs: durationMs!, code: error!.code, message: error!.message } })
  } else {
    bus.publish({ type: 'ScheduledJobCompleted', payload: { job, scheduledFor, startedAt: report.startedAt!, durationMs: report.durationMs!, summary: report.summary! } })
  }
}

function iso(time: number): string {
  return new Date(time).toISOString()
}
