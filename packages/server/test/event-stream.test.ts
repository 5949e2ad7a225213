import type { AnyCinelayerEvent } from 'cinelayer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type TestServer, startTestServer } from './helpers.js'

let server: TestServer
let base: string
beforeEach(async () => {
  server = await startTestServer()
  base = await server.app.listen({ host: '127.0.0.1', port: 0 })
})
afterEach(async () => {
  await server.close()
})

/** A response whose body is read, so that its connection is idle again and closing does not wait for it. */
async function drained(pending: Promise<Response>): Promise<Response> {
  const response = await pending
  await response.arrayBuffer()
  return response
}

/** Reads server-sent events from a stream until `enough` says so; returns them and the reader. */
async function readEvents(response: Response, enough: (events: AnyCinelayerEvent[]) => boolean) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const events: AnyCinelayerEvent[] = []
  const ids: string[] = []
  let buffer = ''
  while (!enough(events)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    const messages = buffer.split('\n\n')
    buffer = messages.pop() ?? ''
    for (const message of messages) {
      const lines = message.split('\n')
      const data = lines.find((line) => line.startsWith('data: '))
      const id = lines.find((line) => line.startsWith('id: '))
      if (data) events.push(JSON.parse(data.slice('data: '.length)))
      if (id) ids.push(id.slice('id: '.length))
    }
  }
  return { events, ids, reader }
}

describe('GET /events', () => {
  it('streams every event of the bus as server-sent events, with the event id as message id', async () => {
    const response = await fetch(`${base}/events`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const enriched = drained(fetch(`${base}/movies/tmdb:550?level=basic`))
    const { events, ids, reader } = await readEvents(response, (seen) => seen.some((event) => event.type === 'EnrichmentCompleted'))
    expect((await enriched).status).toBe(200)
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['MovieCreated', 'MovieRequested', 'EnrichmentRequested', 'EnrichmentCompleted']))
    expect(events.find((event) => event.type === 'EnrichmentCompleted')).toMatchObject({ category: 'engine', payload: { movieId: 'tmdb:550', to: 'basic' } })
    expect(ids).toEqual(events.map((event) => event.id))
    await reader.cancel()
  })

  it('streams one category only when asked, and refuses an unknown category', async () => {
    expect((await drained(fetch(`${base}/events?category=everything`))).status).toBe(400)
    const response = await fetch(`${base}/events?category=ui`)
    await drained(fetch(`${base}/movies/tmdb:550`))
    await drained(fetch(`${base}/movies/tmdb:550/play`, { method: 'POST' }))
    const { events, reader } = await readEvents(response, (seen) => seen.some((event) => event.type === 'PlaybackStarted'))
    expect(events.map((event) => event.type)).toEqual(['MovieRequested', 'PlaybackStarted'])
    await reader.cancel()
  })

  it('ends open streams when the server closes, so closing never hangs on a client', async () => {
    const response = await fetch(`${base}/events`)
    const reader = response.body!.getReader()
    await reader.read()
    await server.app.close()
    let done = false
    while (!done) done = (await reader.read()).done
    expect(done).toBe(true)
  })
})
