import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AnyCinelayerEvent, EventBus, createManualClock, createMovieEngine } from '../src/index.js'
import { EVENT_TRACE_FILE_NAME, attachEventTrace, followEventTrace, readEventTrace, rotatedTraceFile } from '../src/subpaths/trace.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cinelayer-trace-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function publishViews(bus: EventBus, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) bus.publish({ type: 'MovieViewed', payload: { movieId: `tmdb:${i + 1}` } })
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe('attachEventTrace', () => {
  it('appends every event as one JSON line, in publication order', async () => {
    const bus = new EventBus({ clock: createManualClock() })
    const file = join(dir, 'nested', 'trace.jsonl')
    const trace = attachEventTrace(bus, { file })
    publishViews(bus, 5)
    await trace.flush()
    publishViews(bus, 3, 5)
    await trace.stop()
    publishViews(bus, 1, 8)
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(8)
    expect(lines.map((line) => (JSON.parse(line) as AnyCinelayerEvent).payload)).toEqual(
      Array.from({ length: 8 }, (_, i) => ({ movieId: `tmdb:${i + 1}` })),
    )
    expect(trace.failures).toBe(0)
  })

  it('rotates past maxBytes and keeps only `keep` old files', async () => {
    const bus = new EventBus({ clock: createManualClock() })
    const file = join(dir, 'trace.jsonl')
    const trace = attachEventTrace(bus, { file, maxBytes: 2000, keep: 2 })
    for (let round = 0; round < 30; round++) {
      publishViews(bus, 4, round * 4)
      await trace.flush()
    }
    await trace.stop()
    const names = (await readdir(dir)).sort()
    expect(names).toEqual(['trace.jsonl', 'trace.jsonl.1', 'trace.jsonl.2'])
    for (const name of names) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2000)
    const events = await readEventTrace(file)
    const ids = events.map((event) => Number((event.payload as { movieId: string }).movieId.slice(5)))
    // The oldest events are gone; what is left is contiguous and ends with the last one.
    expect(ids.at(-1)).toBe(120)
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => 120 - ids.length + 1 + i))
  })

  it('counts a failed write instead of breaking the bus', async () => {
    const bus = new EventBus({ clock: createManualClock() })
    const blocker = join(dir, 'file')
    await writeFile(blocker, 'not a folder')
    const trace = attachEventTrace(bus, { file: join(blocker, 'trace.jsonl') })
    publishViews(bus, 2)
    await trace.stop()
    expect(trace.failures).toBe(1)
    expect(trace.lastError).toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) })
  })

  it('refuses a nonsensical size or count', () => {
    const bus = new EventBus()
    expect(() => attachEventTrace(bus, { file: join(dir, 't'), maxBytes: 0 })).toThrow(RangeError)
    expect(() => attachEventTrace(bus, { file: join(dir, 't'), keep: -1 })).toThrow(RangeError)
  })
})

describe('readEventTrace and followEventTrace', () => {
  it('reads a missing trace as empty and skips torn lines', async () => {
    const file = join(dir, 'trace.jsonl')
    expect(await readEventTrace(file)).toEqual([])
    const event = { type: 'MovieViewed', category: 'ui', id: 'evt-1', at: '2026-01-01T00:00:00.000Z', payload: { movieId: 'tmdb:1' } }
    await writeFile(file, `${JSON.stringify(event)}\n{"type":"Movie\nnot json\n`)
    expect(await readEventTrace(file)).toEqual([event])
  })

  it('follows new events across a rotation, not the ones already there', async () => {
    const bus = new EventBus({ clock: createManualClock() })
    const file = join(dir, 'trace.jsonl')
    const trace = attachEventTrace(bus, { file, maxBytes: 1500, keep: 1 })
    publishViews(bus, 3)
    await trace.flush()
    const seen: string[] = []
    const controller = new AbortController()
    const following = followEventTrace(file, {
      signal: controller.signal,
      intervalMs: 5,
      onEvent: (event) => seen.push((event.payload as { movieId: string }).movieId),
    })
    // Far enough past maxBytes that the file rotates while being followed.
    for (let i = 3; i < 30; i++) {
      publishViews(bus, 1, i)
      await trace.flush()
      await until(() => seen.length === i - 2, `event ${i + 1}`)
    }
    controller.abort()
    await following
    await trace.stop()
    expect(seen).toEqual(Array.from({ length: 27 }, (_, i) => `tmdb:${i + 4}`))
    expect((await readdir(dir)).sort()).toEqual(['trace.jsonl', 'trace.jsonl.1'])
  })

  it('delivers the last backlog events that pass the filter first, then misses nothing once ready', async () => {
    const bus = new EventBus({ clock: createManualClock() })
    const file = join(dir, 'trace.jsonl')
    const trace = attachEventTrace(bus, { file })
    publishViews(bus, 6)
    await trace.flush()
    // A line still being written when following starts is not part of the backlog.
    await writeFile(file, '{"type":"MovieViewed","category":"ui","id":"evt-x","at":"2026-01-01T00:00:00.000Z","pay', { flag: 'a' })
    const seen: string[] = []
    const controller = new AbortController()
    let ready = false
    const following = followEventTrace(file, {
      signal: controller.signal,
      intervalMs: 5,
      backlog: 2,
      filter: (event) => Number((event.payload as { movieId: string }).movieId.slice(5)) % 2 === 0,
      onEvent: (event) => seen.push((event.payload as { movieId: string }).movieId),
      onReady: () => {
        ready = true
      },
    })
    await until(() => ready, 'the follower')
    expect(seen).toEqual(['tmdb:4', 'tmdb:6'])
    await writeFile(file, 'load":{"movieId":"tmdb:8"}}\n', { flag: 'a' })
    publishViews(bus, 3, 6)
    await trace.flush()
    await until(() => seen.length === 4, 'the new events')
    controller.abort()
    await following
    await trace.stop()
    expect(seen).toEqual(['tmdb:4', 'tmdb:6', 'tmdb:8', 'tmdb:8'])
  })
})

describe('the engine trace option', () => {
  it('traces into the fs data folder by default, and not with a storage of the caller', async () => {
    const dataDir = join(dir, 'data')
    const engine = createMovieEngine({ dataDir, data: 'replay', clock: createManualClock() })
    expect(engine.trace?.file).toBe(join(dataDir, EVENT_TRACE_FILE_NAME))
    await engine.movies.get('tmdb:550', { level: 'basic' })
    await engine.close()
    const types = (await readEventTrace(join(dataDir, EVENT_TRACE_FILE_NAME))).map((event) => event.type)
    expect(types).toEqual(expect.arrayContaining(['MovieCreated', 'MovieRequested', 'EnrichmentRequested', 'EnrichmentCompleted']))

    const memory = createMovieEngine({ storage: createStorage({ driver: memoryDriver() }), data: 'replay' })
    expect(memory.trace).toBeNull()
    await memory.close()
    const off = createMovieEngine({ dataDir: join(dir, 'off'), data: 'replay', trace: false })
    expect(off.trace).toBeNull()
    await off.close()
    // A reader beside the folder's writer leaves the trace to the writer.
    const reader = createMovieEngine({ dataDir, data: 'replay', readOnly: true })
    expect(reader.trace).toBeNull()
    await reader.close()
    expect(rotatedTraceFile('a', 2)).toBe('a.2')
  })
})

describe('event trace redaction', () => {
  it('writes no secret, even from an event published past the engine’s own redaction (a plugin’s middleware)', async () => {
    const { createRedactor } = await import('@cinelayer/core')
    const secret = 'trace-secret-value-8f2e'
    const bus = new EventBus({ clock: createManualClock(new Date('2026-11-21T10:00:00Z')) })
    // The plugin's middleware runs after whatever cleaned the event before it.
    bus.use((event, next) => next({ ...event, payload: { ...(event.payload as object), note: `api_key=${encodeURIComponent(secret)}` } } as unknown as AnyCinelayerEvent))
    const file = join(dir, EVENT_TRACE_FILE_NAME)
    const trace = attachEventTrace(bus, { file, redact: createRedactor([secret]) })
    bus.publish({ type: 'SearchRequested', payload: { query: secret } })
    await trace.stop()
    const text = await readFile(file, 'utf8')
    expect(text).toContain('[redacted]')
    expect(text).not.toContain(secret)
    expect((await readEventTrace(file))[0]).toMatchObject({ type: 'SearchRequested', payload: { query: '[redacted]' } })
  })
})
