import { afterEach, describe, expect, it } from 'vitest'
import type { LabMetrics } from '../src/lab-metrics.js'
import { type TestServer, startTestServer } from './helpers.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const HOUR = 60 * 60 * 1000

async function get<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const reply = await server!.app.inject({ method: 'GET', url })
  return { status: reply.statusCode, body: reply.json() as T }
}

type EventsBody = { events: Array<{ type: string; category: string; id: string; correlationId?: string; payload: Record<string, unknown> }>; kept: number }
type TimelineBody = { movieId: string; title?: string; level: string | null; entries: Array<{ kind: string; type: string; summary: string; level?: string }> }

describe('lab routes', () => {
  it('lists the recent events, filtered by category, type, correlation and movie, oldest first', async () => {
    server = await startTestServer()
    await server.engine.movies.get('tmdb:550', { level: 'medium' })
    await server.engine.movies.get('tmdb:550', { level: 'basic' })

    const all = await get<EventsBody>('/lab/events?limit=2000')
    expect(all.status).toBe(200)
    expect(all.body.events.map((event) => event.id)).toEqual(server.events.map((event) => event.id))
    expect(all.body.kept).toBe(server.events.length)

    const completed = await get<EventsBody>('/lab/events?type=EnrichmentCompleted')
    expect(completed.body.events.map((event) => event.payload)).toMatchObject([{ movieId: 'tmdb:550', from: 'initial', to: 'medium' }])
    const correlation = completed.body.events[0]!.correlationId!
    const run = await get<EventsBody>(`/lab/events?limit=2000&correlationId=${encodeURIComponent(correlation)}`)
    expect(run.body.events.map((event) => event.type)).toEqual(expect.arrayContaining(['EnrichmentRequested', 'MovieCreated', 'EnrichmentCompleted']))
    expect(new Set(run.body.events.map((event) => event.correlationId))).toEqual(new Set([correlation]))

    const ui = await get<EventsBody>('/lab/events?category=ui&limit=1')
    expect(ui.body.events).toMatchObject([{ type: 'MovieRequested', payload: { movieId: 'tmdb:550', level: 'basic' } }])
    expect((await get<EventsBody>('/lab/events?movieId=tmdb:603')).body.events).toEqual([])
  })

  it('refuses hostile queries with a coded 400: huge or negative limits, unknown categories, odd types and correlations, traversal ids', async () => {
    server = await startTestServer()
    for (const url of [
      '/lab/events?limit=100000',
      '/lab/events?limit=0',
      '/lab/events?limit=-5',
      '/lab/events?limit=1e309',
      '/lab/events?limit=ten',
      '/lab/events?category=kernel',
      '/lab/events?type=%3Cscript%3E',
      `/lab/events?type=${'A'.repeat(80)}`,
      '/lab/events?correlationId=..%2F..%2Fetc',
      `/lab/events?correlationId=${'x'.repeat(300)}`,
      '/lab/events?movieId=..%2F..%2Fetc%2Fpasswd',
      '/lab/events?movieId=tmdb:abc',
      '/lab/metrics?since=yesterday',
      '/lab/movies/tmdb:..%2F..%2Fetc/timeline',
      '/lab/movies/netflix:1/timeline',
      '/lab/movies/tmdb:550/timeline?limit=1000000',
    ]) {
      const reply = await get<{ code: string; statusCode: number }>(url)
      expect(reply.status, url).toBe(400)
      expect(reply.body, url).toMatchObject({ statusCode: 400, code: 'FST_ERR_VALIDATION' })
    }
    const unknown = await get<{ code: string }>('/lab/movies/tmdb:999999/timeline')
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CINELAYER_ERR_MOVIE_NOT_FOUND' } })
    expect((await server.engine.summary()).movies).toBe(0)
  })

  it('computes the plots from the events: levels over time, provider calls, latency per jump, requests served from the store, bytes stored', async () => {
    server = await startTestServer()
    const { engine, clock } = server
    await engine.movies.get('tmdb:550', { level: 'medium' })
    clock.advance(2 * HOUR)
    await engine.movies.get('tmdb:550', { level: 'basic' })
    clock.advance(2 * HOUR)
    await engine.downgrade({ ids: ['tmdb:550'], to: 'basic' })

    const { status, body } = await get<LabMetrics>('/lab/metrics')
    expect(status).toBe(200)
    expect(body.bucketMs).toBeGreaterThanOrEqual(60_000)
    expect(body.buckets.length).toBe(body.levels.medium!.length)
    // Medium after the enrichment, basic after the downgrade: rebuilt backwards from the counts now.
    expect(body.levels.medium![0]).toBe(1)
    expect(body.levels.medium!.at(-1)).toBe(0)
    expect(body.levels.basic!.at(-1)).toBe(1)
    expect(body.levels.basic![0]).toBe(0)
    expect(body.providers.tmdb!.calls.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0)
    expect(body.latency.map((jump) => jump.jump)).toEqual(['initial→medium'])
    // The first request waited on TMDB, the second was answered from the store.
    expect(body.requests).toMatchObject({ total: 2, served: 1 })
    expect(body.requests.servedShare.filter((share) => share !== null)).toEqual([0, 1])
    expect(body.bytes.records.at(-1)).toBeGreaterThan(0)

    // A background run right after a request answered from the store: that request did not wait.
    await engine.movies.get('tmdb:550', { level: 'basic' })
    await engine.movies.get('tmdb:550', { level: 'deep', wait: false })
    await engine.movies.settled()
    const after = await get<LabMetrics>('/lab/metrics')
    expect(after.body.requests).toMatchObject({ total: 4, served: 3 })

    clock.advance(2 * HOUR)
    const later = await get<LabMetrics>(`/lab/metrics?since=${new Date(clock.now() - HOUR).toISOString()}`)
    expect(later.body.requests.total).toBe(0)
  })

  it("tells a movie's life in order: creation, requests, enrichments, uses, edits, downgrades", async () => {
    server = await startTestServer()
    const { engine, app, clock } = server
    await engine.movies.get('tmdb:550', { level: 'medium' })
    clock.advance(HOUR)
    expect((await app.inject({ method: 'POST', url: '/movies/tmdb:550/play' })).statusCode).toBe(200)
    clock.advance(HOUR)
    const edit = await app.inject({ method: 'PATCH', url: '/movies/tmdb:550', payload: { set: { title: 'Fight Club (edited)' } } })
    expect(edit.statusCode).toBe(200)
    clock.advance(HOUR)
    await engine.downgrade({ ids: ['tmdb:550'], to: 'basic' })

    const { status, body } = await get<TimelineBody>('/lab/movies/tmdb:550/timeline')
    expect(status).toBe(200)
    expect(body).toMatchObject({ movieId: 'tmdb:550', title: 'Fight Club (edited)', level: 'basic' })
    const kinds = body.entries.map((entry) => entry.kind)
    expect(kinds.filter((kind) => kind !== 'other')).toEqual(['requested', 'enrichment', 'created', 'enriched', 'used', 'edited', 'downgraded'])
    expect(body.entries.find((entry) => entry.kind === 'downgraded')).toMatchObject({ level: 'basic', summary: expect.stringMatching(/^downgraded medium → basic/) })
    expect(body.entries.find((entry) => entry.kind === 'edited')).toMatchObject({ summary: 'title edited by hand (locked)' })
    expect((await get<TimelineBody>('/lab/movies/tmdb:550/timeline?limit=2')).body.entries.map((entry) => entry.kind)).toEqual(['edited', 'downgraded'])
    const changes = await get<TimelineBody>('/lab/movies/tmdb:550/timeline?changes=true')
    expect(changes.body.entries.map((entry) => entry.kind)).toEqual(['created', 'enriched', 'edited', 'downgraded'])
    expect((await get('/lab/movies/tmdb:550/timeline?changes=perhaps')).status).toBe(400)
  })

  it('draws on the trace file written before the server started: history survives a restart', async () => {
    const first = await startTestServer({ store: 'fs', keepDataDir: true })
    await first.engine.movies.get('tmdb:550', { level: 'basic' })
    const before = first.events.map((event) => event.id)
    await first.close()
    server = await startTestServer({ store: 'fs', dataDir: first.dataDir })
    try {
      const { body } = await get<EventsBody>('/lab/events?movieId=tmdb:550')
      expect(body.events.map((event) => event.id)).toEqual(before.filter((id) => first.events.find((event) => event.id === id && JSON.stringify(event.payload).includes('tmdb:550'))))
      expect((await get<TimelineBody>('/lab/movies/tmdb:550/timeline')).body.entries.map((entry) => entry.kind)).toContain('enriched')
    } finally {
      await server.close()
      server = undefined
      const { rm } = await import('node:fs/promises')
      await rm(first.dataDir, { recursive: true, force: true })
    }
  })
})
