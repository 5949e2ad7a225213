import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LiveCli, type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace
beforeEach(async () => {
  work = await createWorkspace()
})
afterEach(async () => {
  await work.cleanup()
})

type EventsBody = { events: Array<{ type: string; at: string; payload: { movieId?: string; from?: string; to?: string; source?: string } }> }

async function eventsOf(base: string, type: string): Promise<EventsBody['events']> {
  const reply = await fetch(`${base}/lab/events?type=${type}&limit=2000`)
  return ((await reply.json()) as EventsBody).events
}

/** Sends SIGINT (Ctrl-C) and waits for the exit code. */
async function interrupt(lab: LiveCli): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => lab.process.once('exit', (code) => resolve(code)))
  lab.process.kill('SIGINT')
  return exited
}

describe('cinelayer lab', () => {
  it('--simulate: prints the URL, simulated users make movies climb levels, housekeeping brings them down, SIGINT exits 0', async () => {
    const lab = work.spawn(['lab', '--simulate', '--port', '0', '--movies', '200', '--days', '90', '--requests-per-day', '30', '--day-ms', '100'])
    try {
      await lab.waitFor(/^Lab: http:\/\/127\.0\.0\.1:\d+\/$/m, { timeoutMs: 30_000 })
      const base = /^Lab: (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(lab.stdout)![1]!
      expect(lab.stderr).toMatch(/^Simulating 200 movies, 90 days of 30 requests \(a day every 100 ms\), housekeeping weekly; upstream: fake servers on loopback$/m)
      // The page and its library come from this server, never from a CDN.
      expect(await (await fetch(`${base}/`)).text()).toContain('<script src="/vendor/uplot.js"></script>')
      expect((await fetch(`${base}/vendor/uplot.js`)).status).toBe(200)
      await lab.waitFor(/^Simulation done: 2700 requests \(\d+ failed\)/m, { stream: 'stderr', timeoutMs: 60_000 })

      const enriched = await eventsOf(base, 'EnrichmentCompleted')
      expect(new Set(enriched.map((event) => event.payload.to))).toEqual(new Set(['basic', 'medium', 'deep']))
      // The users come in once the page listens: the history starts with the workload's first day.
      expect(enriched[0]!.at).toMatch(/^2026-01-01T/)
      // On the compressed clock: weeks of simulated time in seconds.
      const span = Date.parse(enriched.at(-1)!.at) - Date.parse(enriched[0]!.at)
      expect(span).toBeGreaterThan(80 * 24 * 60 * 60 * 1000)
      // The simulated playbacks say where they come from (a placeholder credential would have hidden a word).
      expect((await eventsOf(base, 'PlaybackStarted'))[0]!.payload).toMatchObject({ source: 'simulation' })
      const downgraded = await eventsOf(base, 'MovieDowngraded')
      expect(downgraded.length).toBeGreaterThan(0)
      // Downgraded, asked for again, enriched again.
      const again = downgraded.some((down) => enriched.some((up) => up.payload.movieId === down.payload.movieId && up.at > down.at))
      expect(again).toBe(true)

      type Series = { calls: number[]; throttled: number[]; failed: number[] }
      const metrics = (await (await fetch(`${base}/lab/metrics`)).json()) as { levels: Record<string, number[]>; providers: Record<string, Series> }
      expect(Object.keys(metrics.providers).sort()).toEqual(['imdb', 'tmdb', 'wikipedia'])
      // The outages every three weeks: TMDB's 429s and Wikipedia's 503s, as failed enrichments.
      const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0)
      expect(total(metrics.providers.tmdb!.throttled)).toBeGreaterThan(0)
      expect(total(metrics.providers.wikipedia!.failed)).toBeGreaterThan(0)
      expect(metrics.levels.deep!.some((count) => count > 0)).toBe(true)
    } finally {
      expect(await interrupt(lab)).toBe(0)
    }
    expect(lab.stderr).not.toMatch(/CINELAYER_ERR_|Error:/)
    // Everything was in memory: the data folder was never touched.
    expect(existsSync(work.dataDir)).toBe(false)
  }, 90_000)

  it('serves the lab on the data folder without --simulate, and refuses a reachable host without an API key', async () => {
    const refused = await work.run(['lab', '--host', '0.0.0.0', '--port', '0'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^CINELAYER_ERR_SERVER_BIND_REFUSED: /)
    const lab = work.spawn(['lab', '--port', '0'])
    try {
      await lab.waitFor(/^Lab: http:\/\/127\.0\.0\.1:\d+\/$/m, { timeoutMs: 30_000 })
      const base = /^Lab: (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(lab.stdout)![1]!
      expect((await fetch(`${base}/movies/tmdb:550?level=basic`)).status).toBe(200)
      expect((await eventsOf(base, 'EnrichmentCompleted')).map((event) => event.payload.movieId)).toEqual(['tmdb:550'])
    } finally {
      expect(await interrupt(lab)).toBe(0)
    }
    const listed = await work.json<{ results: Array<{ id: string }> }>(['ls'])
    expect(listed.body.results.map((movie) => movie.id)).toEqual(['tmdb:550'])
  }, 60_000)
})
