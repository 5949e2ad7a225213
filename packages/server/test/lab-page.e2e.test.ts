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
    } finally {
      await keyed.close()
    }
  }, 60_000)
})
