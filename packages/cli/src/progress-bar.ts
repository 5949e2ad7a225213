import cliProgress from 'cli-progress'
import type { CliContext } from './cli-context.js'

/** A progress display for a bulk command: a bar with count, rate and ETA, or nothing at all. */
export interface Progress {
  /** Sets the number of items (it may only be known once the work starts). */
  start(total: number): void
  /** One more item done; `label` names it. */
  tick(label?: string): void
  /** Draws the final state and releases the line. Safe to call twice. */
  stop(): void
}

const silent: Progress = { start() {}, tick() {}, stop() {} }

/**
 * A progress bar on stderr when the context allows one (a terminal, or `--progress`; never with
 * `--json` or `--quiet`), else a progress that prints nothing.
 */
export function createProgress(context: CliContext, label: string): Progress {
  if (!context.showProgress) return silent
  const stream = context.out.stderrStream()
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | {item}`,
      barsize: 24,
      hideCursor: stream.isTTY === true,
      noTTYOutput: true,
      notTTYSchedule: 1000,
      etaBuffer: 20,
      stream: stream as unknown as NodeJS.WritableStream,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = 0
  let done = 0
  let active = false
  return {
    start(total) {
      started = Date.now()
      done = 0
      active = true
      bar.start(total, 0, { rate: '0.0', item: '' })
    },
    tick(item = '') {
      if (!active) return
      done++
      const seconds = Math.max((Date.now() - started) / 1000, 0.001)
      bar.update(done, { rate: (done / seconds).toFixed(1), item })
    },
    stop() {
      if (!active) return
      active = false
      bar.stop()
    },
  }
}
