/**
 * Takes docs/lab.png: the lab page during a simulation (run: `pnpm lab:screenshot`). The same
 * simulation as `cinelayer lab --simulate` (fake upstream servers on loopback, nothing leaves the
 * machine), a little faster, shown in Debian's headless Chromium (`apt-get install -y chromium`;
 * CINELAYER_CHROMIUM points elsewhere) once movies have climbed levels and housekeeping has
 * brought some down; an enrichment's event is opened, and the timeline of the most used movie.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer } from '@cinelayer/server'
import { chromium } from 'playwright-core'
import { startLabSimulation } from '../packages/cli/src/lab-simulation.js'

const output = fileURLToPath(new URL('../docs/lab.png', import.meta.url))
const executablePath = process.env.CINELAYER_CHROMIUM ?? '/usr/bin/chromium'
const DAYS = 100
const DAY_MS = 150

const simulation = await startLabSimulation({ days: DAYS, dayMs: DAY_MS })
const app = await buildServer({ engine: simulation.engine, clock: simulation.engine.stores.clock })
const profile = await mkdtemp(join(tmpdir(), 'cinelayer-screenshot-'))
try {
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const page = await browser.newPage()
    await page.goto(`${base}/`)
    console.log(`simulating ${DAYS} days at ${DAY_MS} ms a day on ${base}/ …`)
    await simulation.run()
    const top = (await simulation.engine.stats.top(1))[0]?.movieId ?? 'tmdb:1'
    await page.locator('#ask-id').fill(top)
    await page.getByTestId('filter-type').selectOption('EnrichmentCompleted')
    await page.locator('#events li').first().click()
    await page.getByTestId('show-timeline').click()
    await page.getByTestId('dry-run').click()
    await page.locator('#timeline li').first().waitFor({ state: 'attached' })
    // The plots refresh at most every two seconds: the last refresh after the simulation ended.
    await page.waitForTimeout(2_500)
    await page.screenshot({ path: output, fullPage: true })
    console.log(`wrote ${output}`)
  } finally {
    await browser.close()
  }
} finally {
  await app.close()
  await simulation.stop()
  await rm(profile, { recursive: true, force: true })
}
