import { type AnyCinelayerEvent, CinelayerError, DAY, createEventBus, createManualClock, createManualTimer } from '@cinelayer/core'
import { describe, expect, it } from 'vitest'
import { type JobContext, type JobReport, type ScheduledJob, ScheduleInvalidError, createScheduler } from '../src/index.js'

const START = Date.UTC(2026, 0, 1)
const HOUR = 60 * 60 * 1000
const MINUTE = 60 * 1000

function setup(jobs: ScheduledJob[]) {
  const timer = createManualTimer(createManualClock(START))
  const bus = createEventBus({ clock: timer.clock })
  const events: AnyCinelayerEvent[] = []
  bus.onCategory('schedule', (event) => {
    events.push(event)
  })
  const seen: JobReport[] = []
  const scheduler = createScheduler({ jobs, timer, bus, timezone: 'UTC', onReport: (report) => seen.push(report) })
  return { timer, bus, events, scheduler, seen }
}

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

const at = (ms: number) => new Date(ms).toISOString()

describe('createScheduler', () => {
  it('runs a job at the times its cron expression gives, and reports each run', async () => {
    const runs: JobContext[] = []
    const { timer, scheduler, events } = setup([{ name: 'nightly', cron: '0 4 * * *', run: (context) => (runs.push(context), { done: runs.length }) }])
    expect(scheduler.nextRuns()).toEqual({ nightly: at(START + 4 * HOUR) })
    scheduler.start()
    await timer.advance(4 * HOUR - 1)
    expect(runs).toHaveLength(0)
    await timer.advance(1)
    await timer.advance(DAY)
    await scheduler.idle()
    expect(runs.map((run) => [at(run.scheduledFor), run.lastSuccess && at(run.lastSuccess)])).toEqual([
      [at(START + 4 * HOUR), null],
      [at(START + DAY + 4 * HOUR), at(START + 4 * HOUR)],
    ])
    expect(scheduler.reports()).toEqual([
      { job: 'nightly', status: 'succeeded', scheduledFor: at(START + 4 * HOUR), startedAt: at(START + 4 * HOUR), finishedAt: at(START + 4 * HOUR), durationMs: 0, summary: { done: 1 } },
      expect.objectContaining({ status: 'succeeded', summary: { done: 2 } }),
    ])
    expect(events.map((event) => [event.type, event.category, event.payload])).toEqual([
      ['ScheduledJobCompleted', 'schedule', { job: 'nightly', scheduledFor: at(START + 4 * HOUR), startedAt: at(START + 4 * HOUR), durationMs: 0, summary: { done: 1 } }],
      ['ScheduledJobCompleted', 'schedule', expect.objectContaining({ summary: { done: 2 } })],
    ])
    await scheduler.stop()
  })

  it('never overlaps a job with itself: a run due while the previous one goes is skipped and reported', async () => {
    const gate = deferred()
    let started = 0
    const { timer, scheduler, events } = setup([
      {
        name: 'slow',
        cron: '*/10 * * * *',
        async run() {
          started++
          if (started === 1) await gate.promise
        },
      },
    ])
    scheduler.start()
    await timer.advance(10 * MINUTE)
    await timer.advance(10 * MINUTE)
    expect(started).toBe(1)
    await expect(scheduler.run('slow')).resolves.toMatchObject({ status: 'skipped', reason: 'its previous run is still going' })
    gate.resolve()
    await scheduler.idle()
    await timer.advance(10 * MINUTE)
    await scheduler.idle()
    expect(started).toBe(2)
    expect(events.map((event) => event.type)).toEqual(['ScheduledJobSkipped', 'ScheduledJobSkipped', 'ScheduledJobCompleted', 'ScheduledJobCompleted'])
    expect(events[0]!.payload).toEqual({ job: 'slow', scheduledFor: at(START + 20 * MINUTE), reason: 'its previous run is still going' })
    await scheduler.stop()
  })

  it('survives a failing run: it is reported with a code, and the next run happens as scheduled', async () => {
    let calls = 0
    const { timer, scheduler, seen } = setup([
      {
        name: 'flaky',
        cron: '0 * * * *',
        run() {
          calls++
          if (calls === 1) throw new Error('TMDB answered 503')
          if (calls === 2) throw new CinelayerError('CINELAYER_ERR_PROVIDER_HTTP', 'TMDB answered 429')
          return { ok: 1 }
        },
      },
    ])
    scheduler.start()
    await timer.advance(3 * HOUR)
    await scheduler.idle()
    expect(seen.map((report) => [report.status, report.error?.code])).toEqual([
      ['failed', 'CINELAYER_ERR_HOUSEKEEPING_JOB_FAILED'],
      ['failed', 'CINELAYER_ERR_PROVIDER_HTTP'],
      ['succeeded', undefined],
    ])
    expect(seen[0]!.error!.message).toBe('Scheduled job "flaky" failed: TMDB answered 503')
    await scheduler.stop()
  })

  it('waits longer than a timeout can, by chaining waits', async () => {
    let runs = 0
    const { timer, scheduler } = setup([{ name: 'yearly', cron: '0 0 1 7 *', run: () => void runs++ }])
    scheduler.start()
    await timer.advance(180 * DAY)
    expect(runs).toBe(0)
    await timer.advance(2 * DAY)
    await scheduler.idle()
    expect(runs).toBe(1)
    expect(scheduler.reports()[0]!.scheduledFor).toBe('2026-07-01T00:00:00.000Z')
    await scheduler.stop()
  })

  it('stops: aborts the running job, waits for it, and schedules nothing more until started again', async () => {
    const signals: AbortSignal[] = []
    let runs = 0
    const { timer, scheduler } = setup([
      {
        name: 'long',
        cron: '0 * * * *',
        async run({ signal }) {
          runs++
          signals.push(signal)
          if (runs === 1) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
        },
      },
    ])
    scheduler.start()
    await timer.advance(HOUR)
    expect(runs).toBe(1)
    await scheduler.stop()
    expect(signals[0]!.aborted).toBe(true)
    expect(timer.pending).toBe(0)
    await timer.advance(5 * HOUR)
    expect(runs).toBe(1)
    scheduler.start().start()
    await timer.advance(HOUR)
    await scheduler.idle()
    expect(runs).toBe(2)
    await scheduler.stop()
  })

  it('runs a job by hand, and refuses a name it does not know', async () => {
    const { scheduler, timer } = setup([{ name: 'now', cron: '@daily', run: () => ({ by: 'hand' }) }])
    await expect(scheduler.run('now')).resolves.toMatchObject({ status: 'succeeded', scheduledFor: at(timer.clock.now()), summary: { by: 'hand' } })
    await expect(scheduler.run('later')).rejects.toMatchObject({ code: 'CINELAYER_ERR_HOUSEKEEPING_JOB_UNKNOWN', message: 'No scheduled job is named "later" (known: now)' })
  })

  it('refuses an invalid cron expression or time zone, a duplicate name and a job without run()', () => {
    const run = () => undefined
    expect(() => createScheduler({ jobs: [{ name: 'bad', cron: '61 * * * *', run }] })).toThrow(ScheduleInvalidError)
    expect(() => createScheduler({ jobs: [{ name: 'bad', cron: '61 * * * *', run }] })).toThrow(/Scheduled job "bad" has an invalid cron expression "61 \* \* \* \*"/)
    expect(() => createScheduler({ jobs: [{ name: 'tz', cron: '0 4 * * *', run }], timezone: 'Mars/Olympus' })).toThrow(/time zone "Mars\/Olympus"/)
    expect(() => createScheduler({ jobs: [{ name: 'twice', cron: '@daily', run }, { name: 'twice', cron: '@hourly', run }] })).toThrow(/is defined twice/)
    expect(() => createScheduler({ jobs: [{ name: 'lazy', cron: '@daily' } as never] })).toThrow(/has no run\(\) function/)
    expect(() => createScheduler({ jobs: [{ name: '', cron: '@daily', run }] })).toThrow(expect.objectContaining({ code: 'CINELAYER_ERR_HOUSEKEEPING_SCHEDULE_INVALID' }))
  })

  it('keeps a bounded history and ignores a throwing report callback', async () => {
    const timer = createManualTimer(createManualClock(START))
    const scheduler = createScheduler({
      jobs: [{ name: 'tick', cron: '* * * * *', run: () => undefined }],
      timer,
      timezone: 'UTC',
      history: 3,
      onReport: () => {
        throw new Error('dashboard down')
      },
    }).start()
    await timer.advance(10 * MINUTE)
    await scheduler.idle()
    expect(scheduler.reports().map((report) => report.scheduledFor)).toEqual([at(START + 8 * MINUTE), at(START + 9 * MINUTE), at(START + 10 * MINUTE)])
    await scheduler.stop()
  })
})
