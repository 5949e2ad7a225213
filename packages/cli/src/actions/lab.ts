import { assertSafeBind } from '@cinelayer/server'
import type { MovieEngine } from 'cinelayer'
import type { CliContext } from '../cli-context.js'
import { httpCredentials, listenHttp } from '../http-listen.js'
import { type LabSimulationProgress, startLabSimulation } from '../lab-simulation.js'
import { aborted } from './watch.js'

interface LabOptions {
  port: number
  host: string
  simulate?: boolean
  movies: number
  days: number
  requestsPerDay: number
  dayMs: number
  seed: number
  outages: boolean
}

/**
 * The `lab` command: the HTTP API and its lab page on the data folder's engine (no scheduled jobs),
 * or with `--simulate` on an engine in memory driven by simulated users against fake upstream
 * servers. Prints the page's URL; stops on Ctrl-C (SIGINT) or SIGTERM.
 */
export default async function labCommand(context: CliContext, options: LabOptions): Promise<void> {
  const credentials = httpCredentials(context)
  // Refused before anything opens: a page other machines reach must have an API key.
  assertSafeBind(options.host, credentials.apiKey)
  const serve = async (engine: MovieEngine, started?: () => void) => {
    const { app, address } = await listenHttp(context, engine, { host: options.host, port: options.port, ...credentials })
    try {
      context.out.line(`Lab: ${address}/`)
      started?.()
      await aborted(context.io.signal)
    } finally {
      await app.close()
    }
  }
  if (!options.simulate) return context.withEngine(serve, { schedule: false })

  const simulation = await startLabSimulation({
    movies: options.movies,
    days: options.days,
    requestsPerDay: options.requestsPerDay,
    dayMs: options.dayMs,
    seed: options.seed,
    outages: options.outages,
    onProgress: (progress) => context.out.status(describeProgress(progress, options.days)),
  })
  try {
    await serve(simulation.engine, () => {
      context.out.status(
        `Simulating ${options.movies} movies, ${options.days} days of ${options.requestsPerDay} requests (a day every ${options.dayMs} ms), housekeeping weekly; upstream: fake servers on loopback`,
      )
      // A failure of the simulation itself (not of a request: those are events) is told, the page stays.
      simulation.run().catch((error: unknown) => context.out.error(error))
    })
  } finally {
    await simulation.stop()
  }
}

function describeProgress(progress: LabSimulationProgress, days: number): string {
  if (progress.done) return `Simulation done: ${progress.requests} requests (${progress.failed} failed); the lab stays open until Ctrl-C`
  return `Simulated day ${progress.day} of ${days}: ${progress.requests} requests (${progress.failed} failed)`
}
