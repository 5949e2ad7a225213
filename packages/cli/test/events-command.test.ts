import type { AnyCinelayerEvent } from 'cinelayer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Workspace, createWorkspace } from './cli-harness.js'

let work: Workspace

beforeAll(async () => {
  work = await createWorkspace()
  expect((await work.run(['get', '550'])).code).toBe(0)
})

afterAll(async () => {
  await work.cleanup()
})

describe('cinelayer events', () => {
  it('prints the trace the engine left in the data folder, as text and as JSON', async () => {
    const text = await work.run(['events'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/engine\s+MovieCreated\s+\{"movieId":"tmdb:550"/)
    expect(text.stdout).toMatch(/engine\s+EnrichmentCompleted/)
    const { code, body } = await work.json<AnyCinelayerEvent[]>(['events'])
    expect(code).toBe(0)
    const types = body.map((event) => event.type)
    expect(types.indexOf('MovieCreated')).toBeLessThan(types.indexOf('EnrichmentCompleted'))
    expect(body.find((event) => event.type === 'EnrichmentCompleted')?.payload).toMatchObject({ movieId: 'tmdb:550', to: 'basic' })
  })

  it('filters by category and type, and keeps the last --limit events', async () => {
    const engine = await work.json<AnyCinelayerEvent[]>(['events', '--category', 'engine'])
    expect(engine.body.length).toBeGreaterThan(1)
    expect(new Set(engine.body.map((event) => event.category))).toEqual(new Set(['engine']))
    const created = await work.json<AnyCinelayerEvent[]>(['events', '--type', 'MovieCreated', '--type', 'MovieRequested'])
    expect(created.body.map((event) => event.type).sort()).toEqual(['MovieCreated', 'MovieRequested'])
    const last = await work.json<AnyCinelayerEvent[]>(['events', '--limit', '1'])
    expect(last.body).toHaveLength(1)
    const bad = await work.run(['events', '--category', 'gossip'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^CINELAYER_ERR_CLI_USAGE: events: unknown category "gossip"/)
  })

  it('--follow shows, live, the events of an engine running in another process', async () => {
    const follower = work.spawn(['events', '--follow', '--json', '--limit', '0', '--interval', '20', '--type', 'MovieCreated', '--type', 'PersonCreated'])
    try {
      await follower.waitFor(/Following /, { stream: 'stderr' })
      expect(follower.stdout).toBe('')
      const added = await work.run(['add', 'person:287'])
      expect(added.code, added.stderr).toBe(0)
      await follower.waitFor(/"PersonCreated"/)
      const lines = follower.stdout.trim().split('\n').map((line) => JSON.parse(line) as AnyCinelayerEvent)
      expect(lines.map((event) => event.type)).toEqual(['PersonCreated'])
      expect(lines[0]?.payload).toMatchObject({ personId: 'tmdb:287', name: 'Brad Pitt' })
    } finally {
      expect(await follower.stop()).toBe(0)
    }
  })
})
