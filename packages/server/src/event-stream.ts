import type { ServerResponse } from 'node:http'
import type { AnyCinelayerEvent, MovieEngine } from 'cinelayer'
import { EventStreamQuery } from './http-schemas.js'
import type { CinelayerApp } from './server.js'

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000

/**
 * `GET /events`: the engine's bus as server-sent events, one unnamed message per event (so that
 * `EventSource.onmessage` sees every type, plugin types included) with the whole event as JSON
 * data and its id as the message id. Streams end when the server closes, so that `close()` never
 * waits on a browser tab.
 */
export function registerEventStream(app: CinelayerApp, engine: MovieEngine): void {
  const open = new Set<ServerResponse>()
  app.addHook('preClose', async () => {
    for (const response of open) response.end()
  })

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'streamEvents',
        summary: 'Server-sent events of the engine bus (text/event-stream), optionally one category',
        querystring: EventStreamQuery,
      },
    },
    (request, reply) => {
      const { category } = request.query
      reply.hijack()
      const response = reply.raw
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // The stream is the connection's last response: once ended (server closing), the socket
        // goes too, instead of idling until the client's keep-alive timeout holds up close().
        connection: 'close',
        'x-accel-buffering': 'no',
      })
      response.write('retry: 3000\n: connected\n\n')
      const send = (event: AnyCinelayerEvent) => {
        response.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`)
      }
      const off = category === undefined ? engine.bus.onAny(send) : engine.bus.onCategory(category, send)
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS)
      heartbeat.unref()
      open.add(response)
      response.on('close', () => {
        off()
        clearInterval(heartbeat)
        open.delete(response)
      })
    },
  )
}
