import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from './helpers.js'

// Debian's Chromium, never a downloaded one: `.ci/run` installs it with `apt-get install -y chromium`.
// CINELAYER_CHROMIUM points elsewhere (or nowhere, to see the skip).
const executablePath = process.env.CINELAYER_CHROMIUM ?? '/usr/bin/chromium'
const hasBrowser = existsSync(executablePath)
const title = hasBrowser
  ? 'the lab page in headless Chromium'
  : `the lab page in headless Chromium — SKIPPED: no browser at ${executablePath} (install it with: apt-get install -y chromium)`
if (!hasBrowser) console.warn(`[server] ${title}`)

// The fs store writes every record for real: a medium enrichment takes a while on a slow disk.
const slow = { timeout: 20_000, interval: 100 }

describe.skipIf(!hasBrowser)(title, () => {
  let server: TestServer
  let base: string
  let profile: string
  let browser: BrowserContext

  beforeAll(async () => {
    server = await startTestServer({ store: 'fs' })
    base = await server.app.listen({ host: '127.0.0.1', port: 0 })
    profile = await mkdtemp(join(tmpdir(), 'cinelayer-chromium-'))
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (profile) await rm(profile, { recursive: true, force: true })
  })

  it('shows the engine live: levels, bytes, provider calls, events over SSE, and a housekeeping dry run', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${base}/`)
    await expect.poll(() => page.getByTestId('stream-state').textContent(), slow).toBe('live')
    await expect.poll(() => page.getByTestId('movies').textContent(), slow).toBe('0')
    expect(await page.locator('#levels tr').allTextContents()).toEqual(['initial0', 'basic0', 'medium0', 'deep0'])

    await page.locator('#ask-id').fill('tmdb:550')
    await page.locator('#ask-level').selectOption('medium')
    await page.getByTestId('ask').click()
    await expect.poll(() => page.getByTestId('ask-result').textContent(), slow).toBe('Fight Club (1999) is at medium')
    await expect.poll(() => page.locator('#events li[data-type="EnrichmentCompleted"]').count(), slow).toBe(1)
    await expect.poll(() => page.getByTestId('calls').textContent(), slow).toBe('tmdb: 1')
    await expect.poll(() => page.locator('#levels tr').allTextContents(), slow).toEqual(['initial0', 'basic0', 'medium1', 'deep0'])
    expect(await page.getByTestId('bytes').textContent()).toMatch(/^\d+(\.\d)? (B|KiB)$/)

    // An event that does not come from the page reaches it too.
    expect((await fetch(`${base}/movies/tmdb:550/play`, { method: 'POST' })).status).toBe(200)
    await expect.poll(() => page.locator('#events li[data-type="PlaybackStarted"]').count(), slow).toBe(1)

    await page.getByTestId('dry-run').click()
    await expect.poll(() => page.getByTestId('plan').textContent(), slow).toMatch(/^Dry run: 1 movies examined, \d+ downgrades planned/)
    await expect.poll(() => page.locator('#events li[data-type="HousekeepingCompleted"]').count(), slow).toBe(1)

    await page.locator('#ask-id').fill('tmdb:abc')
    await page.getByTestId('ask').click()
    await expect.poll(() => page.getByTestId('ask-result').textContent(), slow).toMatch(/^400: /)
    expect(problems).toEqual([])
  }, 60_000)

  it('draws the history on open, then live: plots with data, filters, an event with its correlation, a timeline, the plan table, apply', async () => {
    const history = await startTestServer()
    try {
      const { engine, clock } = history
      await engine.movies.get('tmdb:550', { level: 'medium' })
      clock.advance(60 * 60 * 1000)
      await engine.movies.get('tmdb:550', { level: 'basic' })
      const historyBase = await history.app.listen({ host: '127.0.0.1', port: 0 })
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      page.on('dialog', (dialog) => void dialog.accept())
      await page.goto(`${historyBase}/`)
      await expect.poll(() => page.getByTestId('stream-state').textContent(), slow).toBe('live')
      // Published before the page opened: drawn from the history.
      await expect.poll(() => page.locator('#events li[data-type="EnrichmentCompleted"]').count(), slow).toBe(1)
      await expect.poll(() => page.getByTestId('served').textContent(), slow).toBe('50% of 2 requests')
      for (const plot of ['plot-levels', 'plot-providers', 'plot-latency', 'plot-served', 'plot-bytes']) {
        await expect.poll(() => page.getByTestId(plot).locator('canvas').count(), slow).toBe(1)
        expect(Number(await page.getByTestId(plot).getAttribute('data-points')), plot).toBeGreaterThan(0)
      }
      // The canvas has the medium line on it (its colour, #d97706), not only axes and a grid.
      // (A string: the test's own types have no DOM.)
      const inked = await page.evaluate(`(() => {
        const canvas = document.querySelector('#plot-levels canvas')
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
        let count = 0
        for (let index = 0; index < pixels.length; index += 4) if (Math.abs(pixels[index] - 217) + Math.abs(pixels[index + 1] - 119) + Math.abs(pixels[index + 2] - 6) < 60 && pixels[index + 3] > 200) count += 1
        return count
      })()`)
      expect(inked).toBeGreaterThan(20)
      expect(await page.getByTestId('latency').textContent()).toMatch(/^initial→medium1\d+ ms\d+ ms$/)

      await page.getByTestId('filter-category').selectOption('ui')
      expect(new Set(await page.locator('#events li .category').allTextContents())).toEqual(new Set(['ui']))
      await page.getByTestId('filter-category').selectOption('')
      await page.getByTestId('filter-type').selectOption('EnrichmentCompleted')
      await expect.poll(() => page.locator('#events li').count(), slow).toBe(1)
      await page.locator('#events li').first().click()
      await expect.poll(() => page.getByTestId('event-detail').locator('pre').textContent(), slow).toMatch(/"from": "initial",\s+"to": "medium"/)
      await expect.poll(async () => (await page.getByTestId('correlated').locator('li').allTextContents()).join('\n'), slow).toMatch(/EnrichmentRequested[\s\S]*MovieCreated[\s\S]*EnrichmentCompleted/)
      await page.getByTestId('filter-type').selectOption('')

      // A live event after the page opened.
      expect((await fetch(`${historyBase}/movies/tmdb:550/play`, { method: 'POST' })).status).toBe(200)
      await expect.poll(() => page.locator('#events li[data-type="PlaybackStarted"]').count(), slow).toBe(1)

      await page.getByTestId('event-detail').getByRole('button', { name: 'Timeline of tmdb:550' }).click()
      await expect.poll(() => page.locator('#timeline li[data-kind="enriched"]').count(), slow).toBe(1)
      // What changed the movie by default; its requests and uses on demand.
      expect(await page.locator('#timeline li[data-kind="used"]').count()).toBe(0)
      await page.getByTestId('timeline-changes').uncheck()
      await expect.poll(() => page.locator('#timeline li[data-kind="used"]').count(), slow).toBe(1)
      expect(await page.locator('#timeline li[data-kind="enriched"]').count()).toBe(1)

      // Half a year later nobody has read it: the plan brings it down, with the rule that decided.
      clock.advance(200 * 24 * 60 * 60 * 1000)
      await page.getByTestId('dry-run').click()
      await expect.poll(() => page.locator('#plan-changes tr').count(), slow).toBe(1)
      const cells = await page.locator('#plan-changes tr td').allTextContents()
      expect(cells.slice(0, 2)).toEqual(['tmdb:550', 'medium → basic'])
      expect(cells[2]).toMatch(/^\d+(\.\d)? (B|KiB)$/)
      expect(cells[4]).toMatch(/not-read|popularity/)
      await page.getByTestId('apply').click()
      await expect.poll(() => page.getByTestId('plan').textContent(), slow).toMatch(/^Applied: 1 downgraded/)
      await expect.poll(() => page.locator('#events li[data-type="MovieDowngraded"]').count(), slow).toBe(1)
      await expect.poll(() => page.locator('#levels tr').allTextContents(), slow).toEqual(['initial0', 'basic1', 'medium0', 'deep0'])
      expect(problems).toEqual([])
    } finally {
      await history.close()
    }
  }, 60_000)

  it('asks for the API key once when the server wants it, and sends it from then on', async () => {
    const apiKey = 'lab-page-api-key-3f8e21'
    const keyed = await startTestServer({ server: { apiKey } })
    try {
      const keyedBase = await keyed.app.listen({ host: '127.0.0.1', port: 0 })
      const page = await browser.newPage()
      const prompts: string[] = []
      page.on('dialog', (dialog) => {
        prompts.push(dialog.message())
        void dialog.accept(apiKey)
      })
      await page.goto(`${keyedBase}/`)
      await page.getByTestId('dry-run').click()
      await expect.poll(() => page.getByTestId('plan').textContent(), slow).toMatch(/^Dry run: 0 movies examined/)
      await page.getByTestId('dry-run').click()
      await expect.poll(() => page.locator('#events li[data-type="HousekeepingCompleted"]').count(), slow).toBe(2)
      expect(prompts).toEqual(['This server asks for its API key (CINELAYER_API_KEY):'])
      // A key typed in the field is sent from then on, by apply too; a wrong one is answered 401.
      const second = await browser.newPage()
      second.on('dialog', (dialog) => void (dialog.type() === 'confirm' ? dialog.accept() : dialog.dismiss()))
      await second.goto(`${keyedBase}/`)
      await second.getByTestId('api-key').fill('not-the-key')
      await second.getByTestId('api-key').dispatchEvent('change')
      await second.getByTestId('apply').click()
      await expect.poll(() => second.getByTestId('plan').textContent(), slow).toMatch(/^401: /)
      await second.getByTestId('api-key').fill(apiKey)
      await second.getByTestId('api-key').dispatchEvent('change')
      await second.getByTestId('apply').click()
      await expect.poll(() => second.getByTestId('plan').textContent(), slow).toMatch(/^Applied: 0 downgraded/)
      expect(await second.content()).not.toContain(apiKey)
    } finally {
      await keyed.close()
    }
  }, 60_000)
})
